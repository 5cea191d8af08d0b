"""Treaty Tracker's own CSV interchange format: one row per event (see docs/data-format.md).

``events_csv_import`` is all-or-nothing: every row is parsed and checked (fields, states,
treaties, the treaty's rules over the whole resulting event list) before anything is written,
and any error rolls the whole file back with a row-numbered report. ``events_csv_export``
writes the same format, so export -> import reproduces the events exactly: cells a
spreadsheet would run as formulas are written behind an apostrophe (``events.spreadsheet``)
and the importer takes it off again.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from datetime import date
from typing import IO, Protocol

from django.db import transaction
from django.db.models import QuerySet

from events.models import FACT_FIELDS, Event, EventKind
from events.spreadsheet import neutralise, restore
from rules.dates import FIRST_SUPPORTED_DAY, LAST_SUPPORTED_DAY, is_supported_day
from states.models import State
from treaties.models import Treaty

from .base import EventRow, ImportFailed, ImportReport, apply_rows


class Writable(Protocol):
    """Where an export goes: a file, a buffer, a management command's output."""

    def write(self, text: str, /) -> object: ...


COLUMNS = FACT_FIELDS  # the CSV header, in this order
REQUIRED = ("treaty", "state", "kind", "date", "source_url")
_TRUE = {"yes", "true", "1"}
_FALSE = {"", "no", "false", "0"}


def _date(text: str, column: str, optional: bool = False) -> date | None:
    text = text.strip()
    if not text and optional:
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{column}: {text!r} is not an ISO date (YYYY-MM-DD)") from None
    if not is_supported_day(day):
        raise ValueError(
            f"{column}: {text} is outside the dates the engine covers "
            f"({FIRST_SUPPORTED_DAY} to {LAST_SUPPORTED_DAY})"
        )
    return day


def _records(
    reader: csv.DictReader[str], report: ImportReport
) -> Iterator[tuple[int, dict[str, str]]]:
    """(row number, row) for each row; row 1 is the header. A row the csv module cannot read
    (a stray quote, a cell longer than ``csv.field_size_limit()``, 128 KiB) is reported with
    its number, and reading stops there: the parser's position after it is not a row."""
    number = 1
    while True:
        number += 1
        try:
            yield number, next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            report.error(
                f"row {number}", f"not readable as CSV ({exc}); the rest of the file was not read"
            )
            return


def parse_rows(
    fh: IO[str], report: ImportReport, *, treaties: dict[str, Treaty], states: dict[str, State]
) -> list[tuple[Treaty, EventRow]]:
    """Read and check every row; errors go to ``report`` with their row numbers."""
    reader = csv.DictReader(fh)
    try:
        header = reader.fieldnames or []
    except csv.Error as exc:
        report.error("header", f"not readable as CSV ({exc})")
        return []
    missing = [c for c in REQUIRED if c not in header]
    unknown = [c for c in header if c not in COLUMNS]
    if missing or unknown:
        report.error(
            "header",
            f"missing columns: {', '.join(missing) or 'none'}; unknown columns: "
            f"{', '.join(unknown) or 'none'}; expected {', '.join(COLUMNS)}",
        )
        return []
    parsed: list[tuple[Treaty, EventRow]] = []
    for number, raw in _records(reader, report):
        line = f"row {number}"
        if None in raw:
            report.error(line, "more cells than columns")
            continue
        values = {k: restore((raw.get(k) or "").strip()) for k in COLUMNS}
        problems: list[str] = []
        nul = [k for k, v in values.items() if "\x00" in v]
        if nul:
            # No text holds one, and PostgreSQL cannot store it.
            report.error(line, f"{nul[0]}: contains a NUL character")
            continue
        treaty = treaties.get(values["treaty"])
        if treaty is None:
            problems.append(f"treaty: no treaty with slug {values['treaty']!r}")
        state = states.get(values["state"].upper())
        if state is None:
            problems.append(f"state: no state with code {values['state']!r}")
        if values["kind"] not in EventKind.values:
            problems.append(f"kind: {values['kind']!r} is not one of {', '.join(EventKind.values)}")
        if not values["source_url"]:
            problems.append("source_url: every event needs the URL of its source")
        bracketed = values["bracketed"].lower()
        if bracketed not in _TRUE | _FALSE:
            problems.append(f"bracketed: {values['bracketed']!r} is not yes/no")
        # Optional: a file written before the column existed has no event read from a note.
        from_note = values["from_note"].lower()
        if from_note not in _TRUE | _FALSE:
            problems.append(f"from_note: {values['from_note']!r} is not yes/no")
        dates: dict[str, date | None] = {}
        for column, optional in (
            ("date", False),
            ("specified_effective_date", True),
            ("published_effective_date", True),
        ):
            try:
                dates[column] = _date(values[column], column, optional)
            except ValueError as exc:
                problems.append(str(exc))
        if problems:
            for problem in problems:
                report.error(line, problem)
            continue
        assert treaty is not None and state is not None and dates["date"] is not None
        parsed.append(
            (
                treaty,
                EventRow(
                    line=line,
                    state=state,
                    kind=values["kind"],
                    date=dates["date"],
                    source_url=values["source_url"],
                    notification_ref=values["notification_ref"],
                    note=values["note"],
                    bracketed=bracketed in _TRUE,
                    specified_effective_date=dates["specified_effective_date"],
                    published_effective_date=dates["published_effective_date"],
                    from_note=from_note in _TRUE,
                ),
            )
        )
    if not parsed and not report.errors:
        report.error("file", "no event rows: the file has only its header; nothing to import")
    return parsed


def events_csv_import(fh: IO[str], *, today: date | None = None) -> ImportReport:
    """Import a file in the interchange format; all or nothing.

    Raises :class:`ImportFailed` (carrying the report) if any row is wrong; then nothing is
    written. Rows equal to stored events change nothing, so a re-import is a no-op. Events
    missing from the file are kept (an import adds and corrects, it never deletes).
    """
    report = ImportReport(files=1)
    treaties = {t.slug: t for t in Treaty.objects.all()}
    states = {s.code: s for s in State.objects.all()}
    parsed = parse_rows(fh, report, treaties=treaties, states=states)
    by_treaty: dict[Treaty, list[EventRow]] = {}
    for treaty, row in parsed:
        by_treaty.setdefault(treaty, []).append(row)
    with transaction.atomic():
        for treaty, rows in by_treaty.items():
            apply_rows(treaty=treaty, rows=rows, report=report, today=today)
        if report.errors:
            transaction.set_rollback(True)
    if report.errors:
        # The on-commit recomputations were discarded with the rollback.
        report.events_created = report.events_updated = 0
        raise ImportFailed(report)
    return report


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def event_rows(events: Iterable[Event]) -> Iterable[list[str]]:
    """Events as interchange rows (events need ``treaty`` and ``state`` selected), every cell
    safe to open in a spreadsheet."""
    for e in events:
        yield [neutralise(cell) for cell in _facts(e)]


def _facts(e: Event) -> list[str]:
    return [
        e.treaty.slug,
        e.state.code,
        e.kind,
        _cell(e.date),
        e.source_url,
        e.notification_ref,
        e.note,
        _cell(e.bracketed),
        _cell(e.specified_effective_date),
        _cell(e.published_effective_date),
        _cell(e.from_note),
    ]


def events_for_export(*, treaty: Treaty | None = None) -> QuerySet[Event]:
    """The events to export, in a stable order (treaty, date, state, kind)."""
    qs = Event.objects.select_related("treaty", "state").order_by(
        "treaty__slug", "date", "state__code", "kind"
    )
    return qs.filter(treaty=treaty) if treaty is not None else qs


def events_csv_export(out: Writable, *, events: Iterable[Event] | None = None) -> int:
    """Write ``events`` (default: all) in the interchange format; return the row count."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    count = 0
    for row in event_rows(events if events is not None else events_for_export()):
        writer.writerow(row)
        count += 1
    return count


def events_csv_text(events: Iterable[Event] | None = None) -> str:
    """The interchange CSV as a string (for the admin's download action)."""
    buf = io.StringIO()
    events_csv_export(buf, events=events)
    return buf.getvalue()
