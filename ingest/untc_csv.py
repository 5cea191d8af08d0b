"""The UN Treaty Collection's status tables as CSV (``untc-status-2026/*_status*.csv``).

One row per participant: signature date, the date and code of its instrument, the date of
provisional application, footnote numbers, and whether the UN prints the dates in brackets
(the state has withdrawn). The footnote file next to it holds the footnote texts; the
withdrawal notifications in them (date of receipt, C.N. number, published date of effect) become
withdrawal events. Other footnotes are *not* copied (the depositary's wording stays the
depositary's); the event only points to the footnote by number.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from events.models import EventKind, EventOrigin
from events.services.treaties import treaty_update
from rules.dates import is_supported_day
from states.services import StateMatcher
from treaties.models import Treaty

from .base import EventRow, ImportFailed, ImportReport, apply_rows

ACTION_CODES = {
    "": EventKind.RATIFICATION,
    "a": EventKind.ACCESSION,
    "A": EventKind.ACCEPTANCE,
    "AA": EventKind.APPROVAL,
    "d": EventKind.SUCCESSION,
    "s": EventKind.DEFINITIVE_SIGNATURE,
    "c": EventKind.RATIFICATION,
    "p": EventKind.RATIFICATION,
}
#: Codes whose kind does not say how the state consented: the event's note does.
CODE_NOTES = {
    "c": "The UN table records: formal confirmation (c).",
    "p": "The UN table records: simplified procedure (p).",
}
_TREATY_REF = re.compile(r"\((?P<ref>[IVXL]+-\d+(?:-[a-z])?)\)")
_SAVED_URL = re.compile(r"(https://treaties\.un\.org/\S+?)\)?$")
_DAY = r"(\d{1,2} (?:January|February|March|April|May|June|July|August|September|October|November|December) \d{4})"  # noqa: E501
_WITHDRAWAL = re.compile(
    rf"On {_DAY}, the Government of (?:the )?(?P<who>[^,]+?) deposited with the "
    r"Secretary-General a notification of withdrawal"
)
_CN = re.compile(r"C\.N\.(\d+)\.(\d{4}) ?\.TREATIES-([IVXL]+[-.][\w.-]*\w)")
_EFFECT = re.compile(rf"(?:took|will take) effect for [^.]*? on {_DAY}")


def un_status_url(un_reference: str) -> str:
    """The UN status page of a treaty, e.g. XXVI-6 -> ...mtdsg_no=XXVI-6&chapter=26..."""
    chapter = _roman_to_int(un_reference.split("-")[0])
    return (
        "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY"
        f"&mtdsg_no={un_reference}&chapter={chapter}&clang=_en"
    )


def _roman_to_int(roman: str) -> int:
    values = {"I": 1, "V": 5, "X": 10, "L": 50}
    total = 0
    for i, ch in enumerate(roman):
        v = values[ch]
        total += -v if i + 1 < len(roman) and values[roman[i + 1]] > v else v
    return total


def _long_date(text: str) -> date:
    return datetime.strptime(text, "%d %B %Y").date()


def cn_reference(text: str) -> str:
    """The first depositary notification number in ``text``, normalised (no stray spaces)."""
    m = _CN.search(text)
    return f"C.N.{m[1]}.{m[2]}.TREATIES-{m[3]}" if m else ""


@dataclass
class Withdrawal:
    received: date
    notification_ref: str
    published_effect: date | None


def footnote_withdrawal(text: str) -> Withdrawal | None:
    """The withdrawal a footnote reports (receipt date, C.N. number, published effect)."""
    m = _WITHDRAWAL.search(text)
    if m is None:
        return None
    effect = _EFFECT.search(text, m.end())
    return Withdrawal(
        received=_long_date(m[1]),
        notification_ref=cn_reference(text[m.start() :]),
        published_effect=_long_date(effect[1]) if effect else None,
    )


@dataclass
class StatusRecord:
    """One participant row of a status table, as facts."""

    participant: str
    un_reference: str
    status_as_at: date | None
    source_url: str
    events: list[dict[str, Any]] = field(default_factory=list)  # kind, date, + optional facts
    footnotes: list[str] = field(default_factory=list)
    bracketed: bool = False
    #: "file row N: 'code'" for an action code the importer does not know.
    unknown_codes: list[str] = field(default_factory=list)


def _csv_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """(row number, row) of a CSV file with a header; a row the csv module cannot read (a
    stray quote, a cell over ``csv.field_size_limit()``) is a ValueError naming its row."""
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        number = 1
        while True:
            number += 1
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise ValueError(f"{path.name} row {number}: not readable as CSV ({exc})") from None
            yield number, row


def read_footnotes(path: Path) -> dict[str, str]:
    """Footnote number -> text."""
    if not path.exists():
        return {}
    return {r["note_number"]: r["text"] for _, r in _csv_rows(path)}


def _status_date(text: str) -> date | None:
    text = text.strip()
    for fmt in ("%d-%m-%Y %H:%M:%S EDT", "%Y-%m-%d (repo snapshot)", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def footnotes_path(status_path: Path) -> Path:
    stem = status_path.name.split("_status")[0]
    return status_path.with_name(f"{stem}_footnotes.csv")


def _iso_date(row: dict[str, str], column: str, where: str) -> date:
    """The ISO date in ``column``; a ValueError that names the row, column and value."""
    value = row[column].strip()
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise ValueError(
            f"{where}: {column} {value!r} is not a real date in the form YYYY-MM-DD"
        ) from None
    if not is_supported_day(day):
        raise ValueError(f"{where}: {column} {value!r} is outside the dates the engine covers")
    return day


def read_status_csv(path: Path) -> list[StatusRecord]:
    """Parse one status table (and its footnote file) into records; raises ValueError."""
    footnotes = read_footnotes(footnotes_path(path))
    records: list[StatusRecord] = []
    for number, r in _csv_rows(path):
        where = f"{path.name} row {number} ({r.get('participant', '').strip()})"
        ref = _TREATY_REF.search(r["treaty"])
        if ref is None:
            raise ValueError(f"{path.name} row {number}: no UN reference in {r['treaty']!r}")
        url = un_status_url(ref["ref"])
        rec = StatusRecord(
            participant=r["participant"].strip(),
            un_reference=ref["ref"],
            status_as_at=_status_date(r.get("status_as_at", "")),
            source_url=url,
            footnotes=[n.strip() for n in (r.get("footnote_refs") or "").split(",") if n],
            bracketed=(r.get("bracketed_withdrawn") or "").strip() == "yes",
        )
        if r.get("signature_date"):
            rec.events.append(
                {"kind": EventKind.SIGNATURE, "date": _iso_date(r, "signature_date", where)}
            )
        if r.get("provisional_application_date"):
            rec.events.append(
                {
                    "kind": EventKind.PROVISIONAL_APPLICATION,
                    "date": _iso_date(r, "provisional_application_date", where),
                }
            )
        if r.get("action_date"):
            code = (r.get("action_code") or "").strip()
            kind = ACTION_CODES.get(code, EventKind.CONSENT_OF_UNKNOWN_KIND)
            action: dict[str, Any] = {
                "kind": kind,
                "date": _iso_date(r, "action_date", where),
                "bracketed": rec.bracketed,
            }
            if code in CODE_NOTES:
                action["note"] = CODE_NOTES[code]
            if code not in ACTION_CODES:
                # Kept as a consent of unknown kind (never dropped, never a mere signature);
                # the import report lists it.
                action["note"] = f"The UN table records: code {code!r}, not one the importer knows."
                rec.unknown_codes.append(f"{path.name} row {number}: {code!r}")
            rec.events.append(action)
        for note in rec.footnotes:
            withdrawal = footnote_withdrawal(footnotes.get(note, ""))
            if withdrawal is not None:
                rec.events.append(
                    {
                        "kind": EventKind.WITHDRAWAL,
                        "date": withdrawal.received,
                        "notification_ref": withdrawal.notification_ref,
                        "published_effective_date": withdrawal.published_effect,
                        "note": _withdrawal_note(withdrawal),
                    }
                )
        records.append(rec)
    return records


def _withdrawal_note(w: Withdrawal) -> str:
    effect = (
        f"; the depositary gives {w.published_effect.isoformat()} as the date it takes effect"
        if w.published_effect
        else ""
    )
    received = w.received.isoformat()
    return f"Notification of withdrawal received by the depositary on {received}{effect}."


def records_to_rows(
    records: list[StatusRecord], matcher: StateMatcher, report: ImportReport, label: str
) -> list[EventRow]:
    """Event rows for the records whose participant is known; unknown names are reported."""
    rows: list[EventRow] = []
    for index, rec in enumerate(records, start=2):
        report.unknown_codes.extend(rec.unknown_codes)
        state = matcher.find(rec.participant)
        if state is None:
            report.unmatched[rec.participant] = [
                f"{n} ({c})" for n, c in matcher.closest(rec.participant)
            ]
            continue
        for ev in rec.events:
            rows.append(
                EventRow(
                    line=f"{label} row {index}",
                    state=state,
                    kind=ev["kind"],
                    date=ev["date"],
                    source_url=rec.source_url,
                    notification_ref=ev.get("notification_ref", ""),
                    note=ev.get("note", ""),
                    bracketed=ev.get("bracketed", False),
                    published_effective_date=ev.get("published_effective_date"),
                )
            )
    return rows


def untc_csv_import(paths: list[Path], *, today: date | None = None) -> ImportReport:
    """Import UN status CSVs into existing treaties (found by UN reference); all or nothing.

    The treaty must exist (the status CSV carries no title or rules; ``load_demo`` or
    ``import_untc`` on the XML creates it). Depositary data is recorded as published: a rule
    violation it contains is listed in ``report.inconsistencies``, not refused.
    """
    report = ImportReport()
    matcher = StateMatcher.from_db()
    with transaction.atomic():
        for path in paths:
            report.files += 1
            try:
                records = read_status_csv(path)
            except OSError as exc:
                report.error(path.name, f"cannot read: {exc.strerror or exc}")
                continue
            except UnicodeDecodeError as exc:
                report.error(
                    path.name,
                    f"not UTF-8 text (byte {exc.object[exc.start]:#04x} at position {exc.start})",
                )
                continue
            except KeyError as exc:
                report.error(path.name, f"not a UN status table: no column {exc}")
                continue
            except ValueError as exc:
                # Raised with the file, row and value it is about (read_status_csv).
                message = str(exc).removeprefix(f"{path.name} ")
                report.error(path.name, message)
                continue
            if not records:
                report.error(path.name, "no participant rows (an empty table): nothing to import")
                continue
            treaty = Treaty.objects.filter(un_reference=records[0].un_reference).first()
            if treaty is None:
                report.error(path.name, f"no treaty with UN reference {records[0].un_reference}")
                continue
            rows = records_to_rows(records, matcher, report, path.name)
            apply_rows(
                treaty=treaty,
                rows=rows,
                report=report,
                today=today,
                strict=False,
                origin=EventOrigin.DEPOSITARY,
            )
            as_at = records[0].status_as_at
            if as_at and treaty.status_as_at != as_at:
                # The table states its date: the record's date, through the treaty's service.
                record = {"status_as_at": as_at, "record_basis": "depositary"}
                treaty_update(treaty=treaty, values={**record, "record_read_at": timezone.now()})
                report.changes.append(f"{treaty.slug}: status as at {as_at.isoformat()}")
        if not report.ok:
            transaction.set_rollback(True)
    if not report.ok:
        raise ImportFailed(report)
    return report
