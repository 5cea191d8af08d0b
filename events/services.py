"""Writes of events and recomputation of everything derived from them.

Every entry path — admin, API, importers — goes through these functions, so the same
validation applies everywhere and nothing is half-written: each call is one transaction,
and recomputation is queued only once the outermost transaction has committed, once per
treaty however many calls inside it changed the treaty.
"""

from __future__ import annotations

import logging
import weakref
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerUnavailable

from states.models import State
from treaties.models import Treaty
from treaties.rules import Conflict, EventIn, Rules, RulesError, compute, validate

from .exceptions import EventRejected
from .models import FACT_FIELDS, ArmedConflict, Event, Membership, StatusPeriod

logger = logging.getLogger(__name__)

EDITABLE_FIELDS = FACT_FIELDS


def _event_in(event: Event) -> EventIn:
    return EventIn(
        id=event.pk if event.pk is not None else "new",
        state=event.state.code,
        kind=event.kind,
        date=event.date,
        specified_effective_date=event.specified_effective_date,
        published_effective_date=event.published_effective_date,
    )


def _violations_against(
    *, treaty: Treaty, candidate: Event | None, dropped_id: int | None, today: date
) -> set[tuple[Any, str, str, str]]:
    """Rule violations of the treaty's events with ``candidate`` added or replaced and
    ``dropped_id`` removed."""
    rules = Rules.from_dict(treaty.rules)
    others = list(
        Event.objects.filter(treaty=treaty)
        .exclude(pk__in=[pk for pk in (dropped_id, candidate and candidate.pk) if pk])
        .select_related("state")
    )
    events = [_event_in(e) for e in others]
    if candidate is not None:
        events.append(_event_in(candidate))
    return {
        (v.event_id, v.field, v.code, v.message)
        for v in validate(rules, events, today=today, adopted_on=treaty.adopted_on)
    }


def _check_rules(
    *, treaty: Treaty, candidate: Event | None, dropped_id: int | None, today: date
) -> None:
    """Reject a change that introduces a rule violation (one the data did not already have)."""
    before = _violations_against(treaty=treaty, candidate=None, dropped_id=None, today=today)
    after = _violations_against(
        treaty=treaty, candidate=candidate, dropped_id=dropped_id, today=today
    )
    new = sorted(after - before, key=lambda v: (str(v[0]), v[1], v[2]))
    if new:
        # Keep the engine's codes ("not_bound", "too_early") so API clients get precise codes.
        errors: dict[str, list[ValidationError]] = defaultdict(list)
        for _event_id, field, code, message in new:
            errors[field or "__all__"].append(ValidationError(message, code=code))
        raise EventRejected(dict(errors))


def _mark_changed(treaty_id: int) -> None:
    Treaty.objects.filter(pk=treaty_id).update(data_changed_at=timezone.now())
    _recompute_after_commit(treaty_id)


def treaty_mark_changed(*, treaty_id: int) -> None:
    """Flag the treaty's derived dates stale and queue its recomputation once the outermost
    transaction commits (once, however many writers in it call this or the event services).
    For writers that store facts themselves, such as the importers' batches."""
    _mark_changed(treaty_id)


# Per connection (so per thread), the treaties changed in its transactions whose
# recomputation has not been queued yet.
_awaiting_recompute: weakref.WeakKeyDictionary[BaseDatabaseWrapper, set[int]] = (
    weakref.WeakKeyDictionary()
)


def _recompute_after_commit(treaty_id: int) -> None:
    """Queue one recomputation of the treaty once the outermost transaction commits, however
    many of the services in it changed the treaty."""
    connection = transaction.get_connection()
    awaiting = _awaiting_recompute.setdefault(connection, set())
    awaiting.add(treaty_id)

    def queue_once() -> None:
        # Every change registers its own callback, because Django discards exactly the
        # callbacks of a rolled-back savepoint: a treaty still has one if any of its changes
        # committed, and none if all were rolled back. The first to run takes the id out; the
        # others of this commit find it gone. An id left behind by a rolled-back transaction
        # has no callback, so it queues nothing; the next change of that treaty brings one.
        if treaty_id in awaiting:
            awaiting.discard(treaty_id)
            schedule_recompute(treaty_id)

    transaction.on_commit(queue_once)


def schedule_recompute(treaty_id: int) -> bool:
    """Queue the recomputation of one treaty; return False if the broker is unreachable.

    A lost message only delays a result: the treaty stays stale and the periodic reconcile
    task recomputes it.
    """
    from .tasks import recompute_treaty

    try:
        recompute_treaty.delay(treaty_id)
    except (BrokerUnavailable, OSError):
        # Celery re-raises the transport's connection and channel errors as kombu's
        # OperationalError; on Redis that is what a refused connection, an unknown host, a
        # broker gone from under a pooled connection, failed authentication, a full Redis and
        # (with a socket_timeout) a silent one all raised. OSError is the socket error
        # itself, should one get past that re-raise.
        # Anything else (a closed pool, an argument JSON cannot carry) is a bug, not an
        # outage, and must not be hidden behind the reconcile task.
        logger.warning("Could not queue recomputation of treaty %s", treaty_id, exc_info=True)
        return False
    return True


@transaction.atomic
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
    today: date | None = None,
) -> Event:
    """Record a new event after checking it against the model and the treaty's rules.

    Raises ``EventRejected`` (a ``ValidationError``) with editor-facing messages; nothing is
    written then. The derived dates are computed after commit by a Celery task.
    """
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
    )
    _full_clean(event)
    _check_rules(
        treaty=treaty, candidate=event, dropped_id=None, today=today or timezone.localdate()
    )
    event.save()
    _mark_changed(treaty.pk)
    return event


@transaction.atomic
def event_update(*, event: Event, today: date | None = None, **changes: Any) -> Event:
    """Change an event's facts; same checks as :func:`event_record`."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise EventRejected({"__all__": [f"Unknown field(s): {', '.join(sorted(unknown))}"]})
    old_treaty_id = Event.objects.filter(pk=event.pk).values_list("treaty_id", flat=True).first()
    for name, value in changes.items():
        setattr(event, name, value)
    _full_clean(event)
    _check_rules(
        treaty=event.treaty,
        candidate=event,
        dropped_id=event.pk,
        today=today or timezone.localdate(),
    )
    event.save()
    _mark_changed(event.treaty_id)
    if old_treaty_id and old_treaty_id != event.treaty_id:
        _mark_changed(old_treaty_id)
    return event


@transaction.atomic
def event_delete(*, event: Event, today: date | None = None) -> None:
    """Delete an event unless its removal leaves the remaining facts inconsistent
    (e.g. a withdrawal left without the ratification it withdraws)."""
    _check_rules(
        treaty=event.treaty,
        candidate=None,
        dropped_id=event.pk,
        today=today or timezone.localdate(),
    )
    treaty_id = event.treaty_id
    event.delete()
    _mark_changed(treaty_id)


def _full_clean(event: Event) -> None:
    try:
        event.full_clean()
    except ValidationError as exc:
        raise EventRejected(exc.message_dict) from exc


@transaction.atomic
def treaty_rules_update(*, treaty: Treaty, rules: dict[str, Any]) -> Treaty:
    """Replace a treaty's rules (validated by the engine) and recompute its dates."""
    treaty.rules = rules
    try:
        treaty.full_clean()
    except ValidationError as exc:
        raise EventRejected(exc.message_dict) from exc
    treaty.save()
    _mark_changed(treaty.pk)
    return treaty


# --- Armed conflicts ---------------------------------------------------------------------------
# A conflict postpones a withdrawal under the CCM's, the APMBC's and the TPNW's clauses, so
# recording, correcting or ending one changes derived dates just as an event does.


def _mark_state_treaties_changed(state_ids: Iterable[int]) -> None:
    """Mark every treaty the states acted on as changed (recomputed after commit)."""
    treaty_ids = set(
        Event.objects.filter(state_id__in=set(state_ids)).values_list("treaty_id", flat=True)
    )
    Treaty.objects.filter(pk__in=treaty_ids).update(data_changed_at=timezone.now())
    for treaty_id in treaty_ids:
        _recompute_after_commit(treaty_id)


CONFLICT_FIELDS = ("state", "started_on", "ended_on", "description", "source_url")


@transaction.atomic
def armed_conflict_record(
    *,
    state: State,
    started_on: date,
    description: str,
    source_url: str,
    ended_on: date | None = None,
) -> ArmedConflict:
    """Record an armed conflict of ``state``; every treaty it acted on is recomputed after
    commit, so a withdrawal it postpones shows as pending. ``ValidationError`` if invalid."""
    conflict = ArmedConflict(
        state=state,
        started_on=started_on,
        ended_on=ended_on,
        description=description,
        source_url=source_url,
    )
    conflict.full_clean()
    conflict.save()
    _mark_state_treaties_changed([conflict.state_id])
    return conflict


@transaction.atomic
def armed_conflict_update(*, conflict: ArmedConflict, **changes: Any) -> ArmedConflict:
    """Correct a recorded conflict (typically: record the day it ended)."""
    unknown = set(changes) - set(CONFLICT_FIELDS)
    if unknown:
        raise ValidationError(f"Unknown field(s): {', '.join(sorted(unknown))}")
    old_state_id = (
        ArmedConflict.objects.filter(pk=conflict.pk).values_list("state_id", flat=True).first()
    )
    for name, value in changes.items():
        setattr(conflict, name, value)
    conflict.full_clean()
    conflict.save()
    _mark_state_treaties_changed({conflict.state_id, old_state_id} - {None})
    return conflict


@transaction.atomic
def armed_conflict_delete(*, conflict: ArmedConflict) -> None:
    """Delete a conflict recorded in error; the withdrawals it postponed are recomputed."""
    state_id = conflict.state_id
    conflict.delete()
    _mark_state_treaties_changed([state_id])


@dataclass(frozen=True)
class RecomputeResult:
    treaty_id: int
    events: int
    entry_into_force: date | None


def treaty_recompute(*, treaty_id: int) -> RecomputeResult:
    """Recompute every derived date of one treaty from its rules and events.

    Idempotent: running it twice writes the same rows. The treaty row is locked so two
    workers never interleave their writes; ``derived_at`` is the time the facts were read, so
    a change arriving meanwhile leaves the treaty stale and it is recomputed again.
    """
    with transaction.atomic():
        treaty = Treaty.objects.select_for_update().get(pk=treaty_id)
        started = timezone.now()
        events = list(Event.objects.filter(treaty=treaty).select_related("state"))
        by_id = {e.pk: e for e in events}
        states = {e.state.code: e.state for e in events}
        conflicts: dict[str, list[Conflict]] = defaultdict(list)
        for c in ArmedConflict.objects.filter(state__in=states.values()).select_related("state"):
            conflicts[c.state.code].append(Conflict(start=c.started_on, end=c.ended_on))
        try:
            rules = Rules.from_dict(treaty.rules)
        except RulesError as exc:  # invalid rules are reported on the treaty, not raised
            Treaty.objects.filter(pk=treaty.pk).update(derived_error=str(exc), derived_at=started)
            return RecomputeResult(treaty.pk, len(events), None)
        result = compute(rules, [_event_in(e) for e in events], conflicts=conflicts)

        changed: list[Event] = []
        for event in events:
            effect = result.effects.get(event.pk)
            values = _derived_values(effect, started)
            for name, value in values.items():
                setattr(event, name, value)
            changed.append(event)
        Event.objects.bulk_update(changed, list(_derived_values(None, started)), batch_size=500)

        StatusPeriod.objects.filter(treaty=treaty).delete()
        StatusPeriod.objects.bulk_create(
            [
                StatusPeriod(
                    treaty=treaty,
                    state=states[p.state],
                    status=p.status,
                    valid_from=p.valid_from,
                    valid_until=p.valid_until,
                )
                for p in result.periods
            ],
            batch_size=1000,
        )
        Membership.objects.filter(treaty=treaty).delete()
        Membership.objects.bulk_create(
            [
                Membership(treaty=treaty, state=states[code], start=i.start, end=i.end)
                for code, intervals in result.intervals.items()
                for i in intervals
            ],
            batch_size=1000,
        )
        Treaty.objects.filter(pk=treaty.pk).update(
            entry_into_force_date=result.entry_into_force,
            entry_into_force_explanation=_steps_json(result.entry_into_force_steps),
            derived_at=started,
            derived_error="",
        )
        del by_id
        return RecomputeResult(treaty.pk, len(events), result.entry_into_force)


def _derived_values(effect: Any, computed_at) -> dict[str, Any]:
    if effect is None:
        return {
            "effective_date": None,
            "explanation": [],
            "condition": "",
            "disagrees_with_depositary": False,
            "superseded": False,
            "computed_at": computed_at,
        }
    return {
        "effective_date": effect.effective_date,
        "explanation": _steps_json(effect.steps),
        "condition": effect.condition or "",
        "disagrees_with_depositary": bool(effect.disagrees),
        "superseded": effect.superseded_by is not None,
        "computed_at": computed_at,
    }


def _steps_json(steps: Iterable[Any]) -> list[dict[str, Any]]:
    return [
        {
            "text": s.text,
            "date": s.date.isoformat() if s.date else None,
            "article": s.article,
        }
        for s in steps
    ]


def treaties_recompute(*, treaty_ids: Sequence[int]) -> list[RecomputeResult]:
    """Recompute several treaties (used by importers and the reconcile task)."""
    return [treaty_recompute(treaty_id=pk) for pk in treaty_ids]
