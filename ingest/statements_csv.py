"""Statements in Treaty Tracker's CSV interchange format: one row per statement (see
docs/data-format.md, "Statements CSV"). The events have their own file (``interchange``).

``statements_csv_export`` writes every fact of a statement; ``statements_csv_import`` reads
the same format back, all or nothing: every row is checked (header, states, treaties, kinds,
dates, the instrument it was made upon, the statement a withdrawal acts on, the model's
constraints) before anything is written, and any error rolls the whole file back with a
row-numbered report. A statement is identified by its treaty, state and ``source_section``
(a re-import updates it; rows equal to the stored statement change nothing). Cells a
spreadsheet would run as formulas are written behind an apostrophe and read back without it.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from datetime import date
from typing import IO

from django.db import transaction
from django.db.models import QuerySet

from events.models import Event, EventKind
from events.spreadsheet import neutralise, restore
from statements.models import Statement, StatementKind
from statements.services import StatementRow, statements_apply
from states.models import State
from treaties.models import Treaty

from .base import ImportFailed, ImportReport
from .interchange import Writable, _date, _records

__all__ = [
    "STATEMENT_COLUMNS",
    "statements_csv_export",
    "statements_csv_import",
    "statements_for_export",
]

STATEMENT_COLUMNS = (
    "treaty",
    "state",
    "kind",
    "made_on",
    "made_upon",
    "upon_event_kind",
    "upon_event_date",
    "text",
    "articles",
    "objects_to",
    "withdraws_section",
    "withdrawn_on",
    "source_url",
    "source_section",
    "notification",
    "note",
    "needs_review",
)
REQUIRED = ("treaty", "state", "kind", "source_url", "source_section")


def statements_for_export(*, treaty: Treaty | None = None) -> QuerySet[Statement]:
    """The statements to export in a stable order, with what their rows name loaded."""
    qs = Statement.objects.select_related(
        "treaty", "state", "objects_to", "upon_event", "withdraws"
    ).order_by("treaty__slug", "state__code", "source_section")
    return qs.filter(treaty=treaty) if treaty is not None else qs


def _row(s: Statement) -> list[str]:
    event = s.upon_event
    cells = [
        s.treaty.slug,
        s.state.code,
        s.kind,
        s.made_on.isoformat() if s.made_on else "",
        s.made_upon,
        event.kind if event is not None else "",
        event.date.isoformat() if event is not None else "",
        s.text,
        s.articles,
        s.objects_to.code if s.objects_to is not None else "",
        s.withdraws.source_section if s.withdraws is not None else "",
        s.withdrawn_on.isoformat() if s.withdrawn_on else "",
        s.source_url,
        s.source_section,
        s.notification,
        s.note,
        s.needs_review,
    ]
    return [neutralise(cell) for cell in cells]


def statements_csv_export(out: Writable, *, statements: Iterable[Statement] | None = None) -> int:
    """Write ``statements`` (default: all) in the format; return the row count."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(STATEMENT_COLUMNS)
    count = 0
    for statement in statements if statements is not None else statements_for_export():
        writer.writerow(_row(statement))
        count += 1
    return count


def _optional_date(values: dict[str, str], column: str, problems: list[str]) -> date | None:
    try:
        return _date(values[column], column, optional=True)
    except ValueError as exc:
        problems.append(str(exc))
        return None


def _parse(fh: IO[str], report: ImportReport) -> list[tuple[Treaty, StatementRow]]:
    reader = csv.DictReader(fh)
    try:
        header = reader.fieldnames or []
    except csv.Error as exc:
        report.error("header", f"not readable as CSV ({exc})")
        return []
    missing = [c for c in REQUIRED if c not in header]
    unknown = [c for c in header if c not in STATEMENT_COLUMNS]
    if missing or unknown:
        report.error(
            "header",
            f"missing columns: {', '.join(missing) or 'none'}; unknown columns: "
            f"{', '.join(unknown) or 'none'}; expected {', '.join(STATEMENT_COLUMNS)}",
        )
        return []
    treaties = {t.slug: t for t in Treaty.objects.all()}
    states = {s.code: s for s in State.objects.all()}
    raw_rows = list(_records(reader, report))
    slugs = {(raw.get("treaty") or "").strip() for _, raw in raw_rows}
    events: dict[tuple[int, int, str, date], Event] = {}
    for e in Event.objects.filter(treaty__slug__in=slugs):
        events.setdefault((e.treaty_id, e.state_id, e.kind, e.date), e)
    parsed: list[tuple[Treaty, StatementRow]] = []
    for number, raw in raw_rows:
        line = f"row {number}"
        if None in raw:
            report.error(line, "more cells than columns")
            continue
        values = {k: restore((raw.get(k) or "").strip()) for k in STATEMENT_COLUMNS}
        if any("\x00" in v for v in values.values()):
            report.error(line, "contains a NUL character")
            continue
        problems: list[str] = []
        treaty = treaties.get(values["treaty"])
        if treaty is None:
            problems.append(f"treaty: no treaty with slug {values['treaty']!r}")
        state = states.get(values["state"].upper())
        if state is None:
            problems.append(f"state: no state with code {values['state']!r}")
        if values["kind"] not in StatementKind.values:
            problems.append(
                f"kind: {values['kind']!r} is not one of {', '.join(StatementKind.values)}"
            )
        for column in ("source_url", "source_section"):
            if not values[column]:
                problems.append(f"{column}: every statement needs its source and section")
        objects_to = None
        if values["objects_to"]:
            objects_to = states.get(values["objects_to"].upper())
            if objects_to is None:
                problems.append(f"objects_to: no state with code {values['objects_to']!r}")
        made_on = _optional_date(values, "made_on", problems)
        withdrawn_on = _optional_date(values, "withdrawn_on", problems)
        upon_day = _optional_date(values, "upon_event_date", problems)
        upon_event = None
        if bool(values["upon_event_kind"]) != bool(values["upon_event_date"]):
            problems.append("upon_event_kind and upon_event_date: give both or neither")
        elif values["upon_event_kind"] and treaty and state and upon_day:
            if values["upon_event_kind"] not in EventKind.values:
                problems.append(f"upon_event_kind: {values['upon_event_kind']!r} is no event kind")
            else:
                key = (treaty.pk, state.pk, values["upon_event_kind"], upon_day)
                upon_event = events.get(key)
                if upon_event is None:
                    problems.append(
                        f"upon_event: {state.code} has no {values['upon_event_kind']} of "
                        f"{upon_day} on {treaty.slug}"
                    )
        if problems:
            for problem in problems:
                report.error(line, problem)
            continue
        assert treaty is not None and state is not None
        parsed.append(
            (
                treaty,
                StatementRow(
                    line=line,
                    state=state,
                    kind=values["kind"],
                    source_url=values["source_url"],
                    source_section=values["source_section"],
                    text=values["text"],
                    made_on=made_on,
                    made_upon=values["made_upon"],
                    upon_event=upon_event,
                    articles=values["articles"],
                    objects_to=objects_to,
                    withdraws_section=values["withdraws_section"],
                    withdrawn_on=withdrawn_on,
                    notification=values["notification"],
                    note=values["note"],
                    needs_review=values["needs_review"],
                ),
            )
        )
    if not parsed and not report.errors:
        report.error("file", "no statement rows: the file has only its header; nothing to import")
    return parsed


def statements_csv_import(fh: IO[str]) -> tuple[int, int, int]:
    """Import a statements file; all or nothing. Returns (created, updated, unchanged).

    Raises :class:`ImportFailed` (with a row-numbered report) if any row is wrong; then
    nothing is written. Statements missing from the file are kept (an import adds and
    corrects, it never deletes).
    """
    report = ImportReport(files=1)
    parsed = _parse(fh, report)
    by_treaty: dict[Treaty, list[StatementRow]] = {}
    for treaty, row in parsed:
        by_treaty.setdefault(treaty, []).append(row)
    created = updated = unchanged = 0
    with transaction.atomic():
        for treaty, rows in by_treaty.items():
            result = statements_apply(treaty=treaty, rows=rows)
            for line, message in result.errors:
                report.error(line, message)
            created += result.created
            updated += result.updated
            unchanged += result.unchanged
        if report.errors:
            transaction.set_rollback(True)
    if report.errors:
        raise ImportFailed(report)
    return created, updated, unchanged
