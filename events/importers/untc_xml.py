"""The UN's MTDSG XML status files ("Multilateral Treaties Deposited with the Secretary-General").

Input repairs, done deliberately and counted in the report: the files declare ISO-8859-1 but
contain control characters XML 1.0 forbids (0x1C/0x1D stood for curly quotes and become ``"``;
the others are dropped) and bare ``&`` (lost characters; escaped to ``&amp;``).

The action codes are read from each treaty's own column headers ("Approval(AA), Acceptance(A),
Accession(a), Ratification": a bare date is the unlettered term). Endnote tables of withdrawals
(participant, date of notification, date of effect) become withdrawal events; a bracketed date
without such a table stays a consent with ``bracketed=True`` — no withdrawal is guessed.
Footnotes are attached, by number and text, to the events of the participant that cites them.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException
from django.db import transaction

from events.models import CONSENT_KINDS, EventKind
from rules import CATALOGUE
from states.services import StateMatcher
from treaties.models import Treaty

from .base import EventRow, ImportFailed, ImportReport, apply_rows
from .untc_csv import un_status_url

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_BARE_AMP = re.compile(r"&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)")
_SUP = re.compile(r"<superscript>\s*([\d,\s]+)\s*</superscript>")
_TAGS = re.compile(r"<[^>]+>")
_CELL = re.compile(
    r"(?P<open>\[)?\s*(?P<d>\d{1,2})\s+(?P<m>[A-Z][a-z]{2})[a-z]*\.?\s+(?P<y>\d{4})\s*"
    r"(?P<code>[A-Za-z]{1,2})?\s*\]?"
)
_TERM = re.compile(r"^(?P<name>[^()]+?)\s*(?:\((?P<code>[A-Za-z]{1,2})\))?$")
_CONCLUSION_DATE = re.compile(r"(\d{1,2} [A-Z][a-z]+ \d{4})\s*$")

# Words of a column term -> event kind, most specific first.
_TERM_KINDS: list[tuple[str, str]] = [
    ("provisional application", EventKind.PROVISIONAL_APPLICATION),
    ("definitive signature", EventKind.DEFINITIVE_SIGNATURE),
    ("succession to signature", EventKind.SIGNATURE),
    ("signature", EventKind.SIGNATURE),
    ("succession", EventKind.SUCCESSION),
    ("notification", EventKind.SUCCESSION),
    ("ratification", EventKind.RATIFICATION),
    ("formal confirmation", EventKind.RATIFICATION),
    ("consent to be bound", EventKind.RATIFICATION),
    ("participation", EventKind.ACCESSION),
    ("acceptance", EventKind.ACCEPTANCE),
    ("approval", EventKind.APPROVAL),
    ("accession", EventKind.ACCESSION),
]


def repair(text: str) -> tuple[str, list[str]]:
    """Make the published text well-formed XML; say what was repaired."""
    fixes = []
    controls = len(_CONTROL.findall(text))
    if controls:
        text = text.replace("\x1c", '"').replace("\x1d", '"')
        text = _CONTROL.sub("", text)
        fixes.append(f"{controls} control character(s)")
    amps = len(_BARE_AMP.findall(text))
    if amps:
        text = _BARE_AMP.sub("&amp;", text)
        fixes.append(f"{amps} bare '&'")
    return text, fixes


def _short_date(d: str, m: str, y: str) -> date:
    return datetime.strptime(f"{d} {m} {y}", "%d %b %Y").date()


def column_codes(header: str) -> dict[str, str] | None:
    """Code -> kind for one column header; '' is the unlettered term. None if unknown."""
    codes: dict[str, str] = {}
    for term in (t.strip() for t in header.split(",")):
        m = _TERM.match(term)
        if not m:
            continue
        name = m["name"].lower()
        kind = next((k for words, k in _TERM_KINDS if words in name), None)
        if kind is None:
            continue
        codes.setdefault(m["code"] or "", kind)
    if not codes:
        return None
    if "" not in codes and len(codes) == 1:
        codes[""] = next(iter(codes.values()))
    return codes


@dataclass
class ParsedTreaty:
    un_reference: str
    title: str
    adopted_at: str
    adopted_on: date | None
    entry_into_force_text: str
    participants: list[tuple[str, list[str], list[dict]]] = field(default_factory=list)
    footnotes: dict[str, str] = field(default_factory=dict)
    withdrawals: list[tuple[str, date, date | None, str]] = field(default_factory=list)
    skipped_columns: list[str] = field(default_factory=list)
    repairs: list[str] = field(default_factory=list)


def _text(el: ET.Element | None) -> str:
    if el is None:
        return ""
    return " ".join(_TAGS.sub("", "".join(el.itertext())).split())


def parse_file(path: Path) -> ParsedTreaty:
    """Parse one MTDSG XML file (repairing it first); raises ValueError on garbage."""
    raw, fixes = repair(path.read_bytes().decode("latin-1"))
    raw = raw.replace('encoding="iso-8859-1"', 'encoding="utf-8"', 1)
    try:
        # The UN's files declare no DTD: one that does (an entity bomb, an external entity)
        # is refused before anything is expanded.
        root = SafeET.fromstring(raw.encode("utf-8"), forbid_dtd=True)
    except DefusedXmlException as exc:
        raise ValueError(
            f"refused: the file declares a DTD or entities ({type(exc).__name__}), which "
            "MTDSG status files never do"
        ) from exc
    except ET.ParseError as exc:
        raise ValueError(f"not XML even after repair: {exc}") from exc
    ref = path.name.split(".")[0]
    ext = root.find("Treaty/Header/ExternalData")
    if ext is None or not (_text(ext.find("Titlesect")) or _text(ext.find("Subtitlesect"))):
        # Nothing recognisable must not become a public treaty titled by its file name.
        raise ValueError(
            "not an MTDSG status file: no Treaty/Header/ExternalData with a Titlesect or "
            "Subtitlesect; nothing was imported from it"
        )
    conclusion = _text(ext.find("Conclusion")) if ext is not None else ""
    m = _CONCLUSION_DATE.search(conclusion)
    adopted_on = None
    if m:
        try:
            adopted_on = datetime.strptime(m[1], "%d %B %Y").date()
        except ValueError:
            adopted_on = None
    parsed = ParsedTreaty(
        un_reference=ref,
        title=_text(ext.find("Titlesect")) if ext is not None else ref,
        adopted_at=conclusion[: m.start()].strip(" ,") if m else conclusion,
        adopted_on=adopted_on,
        entry_into_force_text=_text(ext.find("EIF/Labeltext")) if ext is not None else "",
        repairs=fixes,
    )
    for note in root.iter("Note"):
        index = (note.findtext("index") or "").strip()
        parsed.footnotes[index] = " ".join(" ".join(t.itertext()) for t in note.findall("text"))
        parsed.footnotes[index] = " ".join(parsed.footnotes[index].split())
        for table in note.iter("table"):
            rows = [[" ".join("".join(c.itertext()).split()) for c in r.findall("col")]
                    for r in table.findall("row")]  # fmt: skip
            header = " ".join(rows[0]).lower() if rows else ""
            if "notification" not in header or "effect" not in header:
                continue
            for row in rows[1:]:
                if len(row) < 2:
                    continue
                notified = _CELL.search(row[1])
                effect = _CELL.search(row[2]) if len(row) > 2 else None
                if notified:
                    parsed.withdrawals.append(
                        (
                            row[0],
                            _short_date(notified["d"], notified["m"], notified["y"]),
                            _short_date(effect["d"], effect["m"], effect["y"]) if effect else None,
                            index,
                        )
                    )
    tgroup = root.find("Treaty/Participants/Table/TGroup")
    if tgroup is None:
        return parsed
    heads = [_text(e) for e in tgroup.findall("Thead/Row/Entry")]
    columns = [column_codes(h) for h in heads]
    parsed.skipped_columns = [h for h, c in zip(heads[1:], columns[1:], strict=True) if c is None]
    header_rows = tgroup.findall("Thead/Row")
    for entry_row in tgroup.iter("Row"):
        if entry_row in header_rows:
            continue
        cells = ["".join(e.itertext()) for e in entry_row.findall("Entry")]
        if not cells:
            continue
        name_cell = cells[0]
        notes = [n.strip() for m in _SUP.finditer(name_cell) for n in m[1].split(",") if n.strip()]
        name = " ".join(_TAGS.sub("", _SUP.sub("", name_cell)).split())
        if not name:
            continue
        events = []
        for cell, codes in zip(cells[1:], columns[1:], strict=False):
            if codes is None:
                continue
            for m in _CELL.finditer(cell.replace("\t", " ")):
                kind = codes.get(m["code"] or "")
                if kind is None:
                    continue
                events.append(
                    {
                        "kind": kind,
                        "date": _short_date(m["d"], m["m"], m["y"]),
                        "bracketed": bool(m["open"]),
                    }
                )
        parsed.participants.append((name, notes, events))
    return parsed


def _catalogue_by_reference() -> dict[str, dict]:
    return {e["un_reference"]: e for e in CATALOGUE.values() if e.get("un_reference")}


def _treaty_for(parsed: ParsedTreaty, as_of: date | None, report: ImportReport) -> Treaty:
    values = {
        "title": parsed.title[:500] or parsed.un_reference,
        "adopted_at": parsed.adopted_at[:200],
        "adopted_on": parsed.adopted_on,
        "entry_into_force_text": parsed.entry_into_force_text,
        "source_url": un_status_url(parsed.un_reference),
    }
    if as_of:
        values["status_as_at"] = as_of
    treaty = Treaty.objects.filter(un_reference=parsed.un_reference).first()
    if treaty is None:
        known = _catalogue_by_reference().get(parsed.un_reference)
        slug = known["slug"] if known else f"untc-{parsed.un_reference.lower()}"
        treaty = Treaty(
            slug=slug,
            un_reference=parsed.un_reference,
            short_name=(known or {}).get("short_name") or parsed.un_reference,
            rules=known["rules"] if known else {},
            **values,
        )
        treaty.full_clean()
        treaty.save()
        report.treaties_created.append(treaty.slug)
        return treaty
    changed = {k for k, v in values.items() if getattr(treaty, k) != v}
    if changed:
        for k in changed:
            setattr(treaty, k, values[k])
        treaty.save()
        report.treaties_updated.append(treaty.slug)
        report.changes.append(f"{treaty.slug}: {', '.join(sorted(changed))} changed")
    return treaty


def _rows(parsed: ParsedTreaty, matcher: StateMatcher, report: ImportReport) -> list[EventRow]:
    url = un_status_url(parsed.un_reference)
    rows: list[EventRow] = []
    label = f"{parsed.un_reference}.en.xml"
    withdrawn: dict[int, list[tuple[date, date | None, str]]] = {}
    for name, notified, effect, note in parsed.withdrawals:
        state = matcher.find(name)
        if state is None:
            report.unmatched[name] = [f"{n} ({c})" for n, c in matcher.closest(name)]
            continue
        withdrawn.setdefault(state.pk, []).append((notified, effect, note))
    for name, notes, events in parsed.participants:
        state = matcher.find(name)
        if state is None:
            report.unmatched[name] = [f"{n} ({c})" for n, c in matcher.closest(name)]
            continue
        note_text = " ".join(
            f"UN footnote {n}: {parsed.footnotes[n]}" for n in notes if n in parsed.footnotes
        )
        attached = False
        for ev in events:
            note = ""
            if not attached and note_text and (ev["kind"] in CONSENT_KINDS or ev is events[-1]):
                note, attached = note_text, True
            rows.append(
                EventRow(
                    line=f"{label} {name}",
                    state=state,
                    kind=ev["kind"],
                    date=ev["date"],
                    source_url=url,
                    note=note,
                    bracketed=ev["bracketed"] and ev["kind"] in CONSENT_KINDS,
                )
            )
        for notified, effect, n in withdrawn.pop(state.pk, []):
            rows.append(
                EventRow(
                    line=f"{label} {name} (endnote {n})",
                    state=state,
                    kind=EventKind.WITHDRAWAL,
                    date=notified,
                    source_url=url,
                    note=f"Withdrawal table of UN endnote {n}.",
                    published_effective_date=effect,
                )
            )
    return rows


def untc_xml_import(
    paths: list[Path], *, as_of: date | None = None, today: date | None = None
) -> ImportReport:
    """Import MTDSG XML files: treaties created or updated, events added; all or nothing.

    The depositary's data is recorded as published: rule violations in it (for treaties whose
    rules we know) are listed in ``report.inconsistencies`` rather than refused.
    """
    report = ImportReport()
    matcher = StateMatcher.from_db()
    with transaction.atomic():
        for path in paths:
            report.files += 1
            try:
                parsed = parse_file(path)
            except (OSError, ValueError) as exc:
                report.error(path.name, str(exc))
                continue
            if parsed.repairs:
                report.repairs.append(f"{path.name}: {', '.join(parsed.repairs)}")
            for header in parsed.skipped_columns:
                report.notes.append(f"{path.name}: column {header!r} not imported")
            treaty = _treaty_for(parsed, as_of, report)
            apply_rows(
                treaty=treaty, rows=_rows(parsed, matcher, report), report=report, today=today,
                strict=False,
            )  # fmt: skip
        if not report.ok:
            transaction.set_rollback(True)
    if not report.ok:
        raise ImportFailed(report)
    return report
