"""Writes of events: one at a time (admin, API) or a batch per treaty (importers).

Every entry path goes through these functions, so the same checks apply everywhere
(``checks``) and nothing is half-written: each call is one transaction, and the treaty's
recomputation is queued only once the outermost transaction has committed (``scheduling``).
Each takes the treaty's row lock before anything else (``locking``): writers of one treaty
queue there, check the rules against the event list as it is, and never deadlock with the
recomputation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from rules import EventIn, RulesError
from states.models import State
from treaties.models import Treaty

from ..exceptions import EventRejected
from ..models import FACT_FIELDS, Event, EventOrigin
from .checks import (
    check_change,
    event_in,
    existence_errors,
    field_errors,
    full_clean,
    introduced,
    rule_violations,
)
from .locking import treaties_lock, write_transaction
from .locking import treaty_lock as treaty_lock  # re-exported: tests patch it here
from .scheduling import treaty_mark_changed as treaty_mark_changed  # likewise


@write_transaction
def event_record(
    *,
    treaty: Treaty,
    state: State,
    kind: str,
    date: date,
    source_url: str,
    notification_ref: str = "",
    note: str = "",
    bracketed: bool = False,
    specified_effective_date: date | None = None,
    published_effective_date: date | None = None,
    from_note: bool = False,
    today: date | None = None,
) -> Event:
    """Record a new event after checking it against the model and the treaty's rules.

    Raises ``EventRejected`` (a ``ValidationError``) with editor-facing messages; nothing is
    written then. The derived dates are computed after commit by a Celery task.
    """
    locked = treaty_lock(treaty.pk)
    event = Event(
        treaty=treaty,
        state=state,
        kind=kind,
        date=date,
        source_url=source_url,
        notification_ref=notification_ref,
        note=note,
        bracketed=bracketed,
        specified_effective_date=specified_effective_date,
        published_effective_date=published_effective_date,
        from_note=from_note,
    )
    full_clean(event)
    check_change(
        treaty=locked, candidate=event, dropped_id=None, today=today or timezone.localdate()
    )
    event.save()
    treaty_mark_changed(treaty_id=treaty.pk)
    return event


@write_transaction
def event_update(*, event: Event, today: date | None = None, **changes: Any) -> Event:
    """Change an event's facts; same checks as :func:`event_record`.

    The event's other fields are read again under the treaty's lock, so a concurrent change of
    another field (or a recomputation of its derived dates) is kept, not overwritten with what
    the caller read before.
    """
    unknown = set(changes) - set(FACT_FIELDS)
    if unknown:
        raise EventRejected({"__all__": [f"Unknown field(s): {', '.join(sorted(unknown))}"]})
    gone = EventRejected({"__all__": ["This event was deleted meanwhile."]})
    old_treaty_id = Event.objects.filter(pk=event.pk).values_list("treaty_id", flat=True).first()
    if old_treaty_id is None:
        raise gone
    new_treaty = changes.get("treaty")
    new_treaty_id = new_treaty.pk if isinstance(new_treaty, Treaty) else old_treaty_id
    locked = treaties_lock({old_treaty_id, new_treaty_id})
    kept = [
        f.attname
        for f in Event._meta.concrete_fields
        if not f.primary_key and f.name not in changes and f.attname not in changes
    ]
    try:
        event.refresh_from_db(fields=kept)
    except Event.DoesNotExist:
        raise gone from None
    for name, value in changes.items():
        setattr(event, name, value)
    # Changed or saved again by an editor: confirmed, so no sync changes it without review.
    event.origin = EventOrigin.EDITOR
    full_clean(event)
    check_change(
        treaty=locked.get(event.treaty_id, event.treaty),
        candidate=event,
        dropped_id=event.pk,
        today=today or timezone.localdate(),
    )
    event.save()
    treaty_mark_changed(treaty_id=event.treaty_id)
    if old_treaty_id != event.treaty_id:
        treaty_mark_changed(treaty_id=old_treaty_id)
    return event


@write_transaction
def event_delete(*, event: Event, today: date | None = None) -> None:
    """Delete an event unless its removal leaves the remaining facts inconsistent
    (e.g. a withdrawal left without the ratification it withdraws)."""
    locked = treaty_lock(event.treaty_id)
    # The event's row locked too: a row another process is adding that refers to it (what the
    # alerts have seen of it, written by the worker) waits for this delete instead of slipping
    # in between the rows the delete collects and the event's own deletion (an IntegrityError).
    if not list(Event.objects.select_for_update().filter(pk=event.pk).values_list("pk", flat=True)):
        raise EventRejected({"__all__": ["This event was deleted meanwhile."]})
    check_change(
        treaty=locked,
        candidate=None,
        dropped_id=event.pk,
        today=today or timezone.localdate(),
    )
    treaty_id = event.treaty_id
    event.delete()
    treaty_mark_changed(treaty_id=treaty_id)


# --- Batches --------------------------------------------------------------------------------

#: The facts a batch row may set besides its key (the treaty, state, kind and date).
ROW_FACTS = tuple(f for f in FACT_FIELDS if f not in ("treaty", "state", "kind", "date"))


@dataclass
class EventRow:
    """One event as read from a file; ``line`` says where, for error messages."""

    line: str
    state: State
    kind: str
    date: dt.date
    source_url: str
    notification_ref: str = ""
    note: str = ""
    bracketed: bool = False
    specified_effective_date: dt.date | None = None
    published_effective_date: dt.date | None = None
    #: Read from the depositary's endnote on the state, not from its participants table.
    from_note: bool = False

    @property
    def key(self) -> tuple[int, str, dt.date]:
        return (self.state.pk, self.kind, self.date)

    def facts(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in ROW_FACTS}


@dataclass
class BatchResult:
    """What :func:`events_apply` did, and what it refused (``errors``: (line, message))."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)
    #: Rule violations recorded anyway (``strict=False``): the depositary's own record.
    inconsistencies: list[tuple[str, str]] = field(default_factory=list)


def _rows_unchanged(treaty: Treaty, rows: Sequence[EventRow]) -> bool:
    """Whether every row equals a stored event of ``treaty`` (each once): read without a lock.

    A row that differs, is new or appears twice makes it False, and the batch is then checked
    and written under the lock as usual."""
    stored = {
        (e.state_id, e.kind, e.date): e
        for e in Event.objects.filter(
            treaty_id=treaty.pk, state_id__in={row.state.pk for row in rows}
        )
    }
    keys = set()
    for row in rows:
        event = stored.get(row.key)
        if event is None or row.key in keys:
            return False
        if any(getattr(event, k) != v for k, v in row.facts().items()):
            return False
        keys.add(row.key)
    return True


@write_transaction
def events_apply(
    *,
    treaty: Treaty,
    rows: Sequence[EventRow],
    today: date | None = None,
    strict: bool = True,
    origin: str = EventOrigin.EDITOR,
) -> BatchResult:
    """Create or update ``treaty``'s events from ``rows`` (keyed by state, kind and date).

    The same checks as :func:`event_record`, over the whole batch at once: field validation,
    duplicates, and the rule violations the batch introduces. With ``strict`` a violation is
    an error of its row; without it (depositary data published as is) it is recorded in
    ``inconsistencies`` and the rows are written anyway. With any error nothing is written;
    the caller's transaction decides what else to roll back. Rows equal to the stored event
    change nothing. One recomputation of the treaty is queued after commit. ``origin`` is
    recorded on the events created (an update keeps the event's origin).
    """
    today = today or timezone.localdate()
    result = BatchResult()
    if _rows_unchanged(treaty, rows):
        # A re-import of what is stored: answered from a plain read, without the treaty's
        # lock, so that a long import holds no lock of a treaty it does not change (issue 27).
        result.unchanged = len(rows)
        return result
    treaty = treaty_lock(treaty.pk)
    existing = {
        (e.state_id, e.kind, e.date): e
        for e in Event.objects.filter(treaty=treaty).select_related("state")
    }
    seen: dict[tuple[int, str, date], str] = {}
    to_create: list[Event] = []
    to_update: list[Event] = []
    line_of: dict[Any, str] = {}  # engine event id -> row line
    states: dict[Any, State] = {}  # engine event id -> its state, for the existence check
    candidates: dict[Any, EventIn] = {e.pk: event_in(e) for e in existing.values()}
    stored = list(candidates.values())
    for row in rows:
        if row.key in seen:
            result.errors.append(
                (
                    row.line,
                    f"{row.state.code} {row.kind} of {row.date.isoformat()} appears twice "
                    f"(also {seen[row.key]})",
                )
            )
            continue
        seen[row.key] = row.line
        event = existing.get(row.key)
        if event is None:
            event = Event(
                treaty=treaty,
                state=row.state,
                kind=row.kind,
                date=row.date,
                origin=origin,
                **row.facts(),
            )
            to_create.append(event)
            engine_id: Any = f"new:{row.line}"
        elif any(getattr(event, k) != v for k, v in row.facts().items()):
            for k, v in row.facts().items():
                setattr(event, k, v)
            to_update.append(event)
            engine_id = event.pk
        else:
            result.unchanged += 1
            continue
        line_of[engine_id] = row.line
        states[engine_id] = row.state
        candidates[engine_id] = event_in(event, engine_id, row.state.code)
        result.errors.extend((row.line, message) for message in field_errors(event))

    if not to_create and not to_update:
        return result
    changed = [(candidates[engine_id], states[engine_id]) for engine_id in line_of]
    try:
        new = existence_errors(changed) + introduced(
            rule_violations(treaty=treaty, events=stored, today=today),
            rule_violations(treaty=treaty, events=list(candidates.values()), today=today),
            same_words=False,
        )
    except RulesError as exc:  # a treaty with unreadable rules cannot take events
        result.errors.append((treaty.slug, f"the treaty's rules cannot be read: {exc}"))
        return result
    for v in new:
        line = line_of.get(v.event_id, f"{treaty.slug} (stored event {v.event_id})")
        (result.errors if strict else result.inconsistencies).append((line, v.message))

    if result.errors:
        return result
    if to_create:
        bulk_create_with_history(to_create, Event, batch_size=1000)
    if to_update:
        for e in to_update:
            e.updated_at = timezone.now()
        bulk_update_with_history(to_update, Event, [*ROW_FACTS, "updated_at"], batch_size=1000)
    result.created, result.updated = len(to_create), len(to_update)
    treaty_mark_changed(treaty_id=treaty.pk)
    return result
