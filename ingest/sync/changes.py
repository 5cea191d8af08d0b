"""What a file changes in its treaty's record, and which of it a sync may apply by itself.

:class:`Reconciler` is the importer's ``review`` hook (``ingest.untc_xml.Review``): it compares
the rows a file gives with the treaty's recorded events, inside the file's savepoint.

* A row with no recorded act is an addition: applied.
* A recorded act whose details (notes, brackets, published dates) differ, a recorded act whose
  date differs from the file's for the same state and kind (a corrected date), or a recorded
  act the file no longer lists (a removed row): applied when the depositary's file wrote the
  act (``Event.origin``), logged with both versions; an act an editor entered or changed is
  left as it is and the change waits for an editor's review, with both versions.

:func:`treaty_changes` lists what changed in the treaty's own facts (its entry-into-force line,
its header) and statements.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from events.models import Event, EventOrigin
from events.services.events import ROW_FACTS, EventRow, treaty_lock, treaty_mark_changed
from statements.models import Statement
from treaties.models import Treaty

from ..models import SyncChange

Kind = SyncChange.Kind
Status = SyncChange.Status

#: The treaty's entry-into-force line as the depositary records it.
ENTRY_INTO_FORCE_FIELDS = (
    "entry_into_force_text",
    "recorded_entry_into_force",
    "recorded_entry_into_force_article",
    "recorded_entry_into_force_provisional",
    "recorded_not_in_force_on",
)
#: The treaty's other facts a file gives.
TREATY_FIELDS = (
    "title",
    "adopted_on",
    "adopted_at",
    "depositary_signatories",
    "depositary_parties",
    "has_participant_data",
    "league_instruments",
)


@dataclass
class Planned:
    """One line of a changeset before it is saved."""

    kind: str
    status: str
    before: dict[str, Any] = field(default_factory=dict)
    after: dict[str, Any] = field(default_factory=dict)
    event: Event | None = None
    message: str = ""


def _json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _facts(kind: str, day: date, state_code: str, facts: dict[str, Any]) -> dict[str, Any]:
    return {
        "state": state_code,
        "kind": kind,
        "date": day.isoformat(),
        **{k: _json(v) for k, v in facts.items() if v not in ("", None, False)},
    }


def event_facts(event: Event) -> dict[str, Any]:
    facts = {name: getattr(event, name) for name in ROW_FACTS}
    return _facts(event.kind, event.date, event.state.code, facts)


def row_facts(row: EventRow) -> dict[str, Any]:
    return _facts(row.kind, row.date, row.state.code, row.facts())


@dataclass
class Reconciler:
    """The review hook of one file; ``planned`` is what it found."""

    planned: list[Planned] = field(default_factory=list)
    created_treaty: bool = False

    def __call__(self, treaty: Treaty, rows: list[EventRow]) -> list[EventRow]:
        recorded = list(Event.objects.filter(treaty=treaty).select_related("state"))
        if not recorded:  # a new treaty, or one without acts: all additions
            self.planned += [
                Planned(Kind.ACT_ADDED, Status.APPLIED, after=row_facts(r)) for r in rows
            ]
            return rows
        treaty_lock(treaty.pk)  # before any event row, as every writer (events.services.locking)
        by_key = {(e.state_id, e.kind, e.date): e for e in recorded}
        row_keys = {r.key for r in rows}
        gone = [e for e in recorded if (e.state_id, e.kind, e.date) not in row_keys]
        to_delete: list[Event] = []
        keep: list[EventRow] = []
        for row in rows:
            event = by_key.get(row.key)
            if event is None:
                old = next(
                    (e for e in gone if e.state_id == row.state.pk and e.kind == row.kind), None
                )
                if old is None:
                    self.planned.append(
                        Planned(Kind.ACT_ADDED, Status.APPLIED, after=row_facts(row))
                    )
                    keep.append(row)
                    continue
                gone.remove(old)
                if old.origin == EventOrigin.DEPOSITARY:
                    to_delete.append(old)
                    keep.append(row)
                    status = Status.APPLIED
                else:
                    status = Status.REVIEW
                self.planned.append(
                    Planned(
                        Kind.ACT_CORRECTED,
                        status,
                        before=event_facts(old),
                        after=row_facts(row),
                        event=old,
                    )
                )
                continue
            if all(getattr(event, k) == v for k, v in row.facts().items()):
                keep.append(row)
                continue
            if event.origin == EventOrigin.DEPOSITARY:
                keep.append(row)
                status = Status.APPLIED
            else:
                status = Status.REVIEW
            self.planned.append(
                Planned(
                    Kind.ACT_UPDATED,
                    status,
                    before=event_facts(event),
                    after=row_facts(row),
                    event=event,
                )
            )
        for old in gone:
            if old.origin == EventOrigin.DEPOSITARY:
                to_delete.append(old)
                status, message = (
                    Status.APPLIED,
                    "removed: the depositary's file no longer lists it",
                )
            else:
                status = Status.REVIEW
                message = "an editor's act the depositary's file does not list: kept until reviewed"
            self.planned.append(
                Planned(
                    Kind.ACT_REMOVED, status, before=event_facts(old), event=old, message=message
                )
            )
        if to_delete:
            for old in to_delete:
                old.delete()  # one by one: each leaves its history row
            treaty_mark_changed(treaty_id=treaty.pk)
        return keep


def treaty_snapshot(treaty: Treaty | None) -> dict[str, Any]:
    if treaty is None:
        return {}
    values = {f: _json(getattr(treaty, f)) for f in ENTRY_INTO_FORCE_FIELDS + TREATY_FIELDS}
    values["statements"] = Statement.objects.filter(treaty=treaty).count()
    return values


def treaty_changes(before: dict[str, Any], after: dict[str, Any]) -> list[Planned]:
    """What changed in the treaty's own facts and statements (``treaty_snapshot``)."""
    planned = []
    for kind, names in (
        (Kind.ENTRY_INTO_FORCE, ENTRY_INTO_FORCE_FIELDS),
        (Kind.TREATY_UPDATED, TREATY_FIELDS),
        (Kind.STATEMENTS, ("statements",)),
    ):
        changed = [n for n in names if before.get(n) != after.get(n)]
        if changed:
            planned.append(
                Planned(
                    kind,
                    Status.APPLIED,
                    before={n: before.get(n) for n in changed},
                    after={n: after.get(n) for n in changed},
                )
            )
    return planned
