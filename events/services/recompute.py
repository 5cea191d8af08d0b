"""Recomputation of everything derived from a treaty's rules and events.

With rules the engine computes every date (``rules.compute``); without them the facts alone
give the statuses (``rules.compute_from_records``: consented, date of effect not computed),
and the treaty's entry into force is the depositary's recorded date. Every derived date is
stored with its basis (``rules.basis``): computed, inferred, recorded or unknown.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from rules import (
    CONSENT_KINDS,
    Computation,
    Conflict,
    Effect,
    ParentDates,
    Rules,
    RulesError,
    Step,
    compute_from_records,
)
from rules import compute as compute  # re-exported: tests patch it here
from rules.basis import INFERRED, RECORDED, UNKNOWN, basis_for
from states.models import State
from treaties.models import Treaty

from ..models import ArmedConflict, Event, Membership, StatusPeriod
from ..signals import treaty_recomputed
from .checks import event_in
from .locking import treaties_lock


@dataclass(frozen=True)
class RecomputeResult:
    treaty_id: int
    events: int
    entry_into_force: date | None
    #: Why nothing was written, if nothing was: "changed meanwhile" (the facts changed while
    #: they were computed; the recomputation that change queued writes), "up to date" (with
    #: ``only_if_stale``), "deleted".
    skipped: str = ""


#: The event fields the recomputation writes.
DERIVED_EVENT_FIELDS = (
    "effective_date",
    "effective_date_basis",
    "explanation",
    "condition",
    "disagrees_with_depositary",
    "superseded",
)


@dataclass
class _Computed:
    """What the recomputation derived from one reading of the facts, ready to be written."""

    snapshot: datetime  # the treaty's data_changed_at when the facts were read
    events: list[Event]  # those whose derived fields must be written (changed, or not computed)
    periods: list[StatusPeriod]
    memberships: list[Membership]
    entry_into_force: date | None
    entry_into_force_basis: str
    entry_into_force_steps: list[dict[str, Any]]
    error: str
    event_count: int


def treaty_recompute(
    *, treaty_id: int, only_if_stale: bool = False, _visited: set[int] | None = None
) -> RecomputeResult:
    """Recompute every derived date of one treaty from its rules and events.

    Reads and computes without any lock, then writes under the treaty's row lock (taken first,
    as every writer does: ``locking``) and only if the facts did not change meanwhile
    (``data_changed_at`` as read): otherwise the result is dropped, the treaty stays stale, and
    the recomputation queued by that change writes. The lock is held for the writing alone,
    so an edit of a large treaty waits for a few row updates, never for the rule engine.

    Idempotent: running it twice writes the same values. With ``only_if_stale`` (what a queued
    task does) a treaty whose derived dates are current is left alone. The protocols whose
    rules take this treaty's dates are recomputed after it (``_visited`` keeps a chain of
    parents an editor made circular from looping).
    """
    treaty = Treaty.objects.filter(pk=treaty_id).first()
    if treaty is None:
        return RecomputeResult(treaty_id, 0, None, skipped="deleted")
    if only_if_stale and not treaty.is_stale:
        return RecomputeResult(treaty_id, 0, treaty.entry_into_force_date, skipped="up to date")
    computed = _compute(treaty)
    result = _write(treaty_id, computed)
    if not result.skipped:
        # After the caller's transaction, if any: the receivers read what was written.
        transaction.on_commit(lambda: treaty_recomputed.send(sender=Treaty, treaty_id=treaty_id))
        _follow_protocols(treaty, (_visited or set()) | {treaty.pk})
    return result


def _compute(treaty: Treaty) -> _Computed:
    events = list(Event.objects.filter(treaty=treaty).select_related("state"))
    states = {e.state.code: e.state for e in events}
    try:
        result = _computation(treaty, events, states)
    except RulesError as exc:  # invalid rules are reported on the treaty, not raised
        return _Computed(treaty.data_changed_at, [], [], [], None, "", [], str(exc), len(events))
    source = treaty.rules_source if treaty.rules else ""
    to_write = []
    for event in events:
        values = _derived_values(result.effects.get(event.pk), source)
        if not event.is_computed or any(getattr(event, k) != v for k, v in values.items()):
            for name, value in values.items():
                setattr(event, name, value)
            to_write.append(event)
    periods = [
        StatusPeriod(
            treaty=treaty,
            state=states[p.state],
            status=p.status,
            valid_from=p.valid_from,
            valid_until=p.valid_until,
        )
        for p in result.periods
    ]
    memberships = [
        Membership(treaty=treaty, state=states[code], start=i.start, end=i.end)
        for code, intervals in result.intervals.items()
        for i in intervals
    ]
    return _Computed(
        snapshot=treaty.data_changed_at,
        events=to_write,
        periods=periods,
        memberships=memberships,
        entry_into_force=result.entry_into_force,
        entry_into_force_basis=_entry_basis(treaty, result, source),
        entry_into_force_steps=steps_json(result.entry_into_force_steps),
        error="",
        event_count=len(events),
    )


def _computation(treaty: Treaty, events: list[Event], states: dict[str, State]) -> Computation:
    """The engine's result for the treaty: from its rules, or from the facts alone."""
    engine_events = [event_in(e) for e in events]
    if not treaty.rules:
        return compute_from_records(
            engine_events,
            recorded_entry_into_force=treaty.recorded_entry_into_force,
            article=treaty.recorded_entry_into_force_article or None,
            not_in_force_on=treaty.recorded_not_in_force_on,
        )
    # The depositary's date is compared with the computed one (a disagreement is flagged)
    # and used when the events do not reach the threshold.
    rules = Rules.from_dict(treaty.rules).with_recorded_date(treaty.recorded_entry_into_force)
    conflicts: dict[str, list[Conflict]] = defaultdict(list)
    for c in ArmedConflict.objects.filter(state__in=states.values()).select_related("state"):
        conflicts[c.state.code].append(Conflict(start=c.started_on, end=c.ended_on))
    organisations = {code for code, s in states.items() if s.kind == State.Kind.ORGANISATION}
    return compute(
        rules,
        engine_events,
        conflicts=conflicts,
        organisations=organisations,
        parent=_parent_dates(treaty, rules),
    )


def _parent_dates(treaty: Treaty, rules: Rules) -> ParentDates | None:
    """The parent treaty's dates, when the rules refer to it and the parent is known."""
    uses_parent = (
        rules.entry_into_force.not_before_parent or rules.later_states.not_before_parent_for_state
    )
    if not uses_parent or treaty.parent_id is None:
        return None
    parent = Treaty.objects.only("entry_into_force_date", "entry_into_force_basis").get(
        pk=treaty.parent_id
    )
    by_state: dict[str, date] = {}
    for code, start in (
        Membership.objects.filter(treaty_id=treaty.parent_id)
        .order_by("start")
        .values_list("state__code", "start")
    ):
        by_state.setdefault(code, start)
    # A consent to the parent whose date of effect is unknown: not "not in force for it".
    unknown = frozenset(
        Event.objects.filter(
            treaty_id=treaty.parent_id,
            kind__in=CONSENT_KINDS,
            effective_date__isnull=True,
            effective_date_basis=UNKNOWN,
        ).values_list("state__code", flat=True)
    )
    return ParentDates(
        entry_into_force=parent.entry_into_force_date,
        by_state=by_state,
        entry_into_force_unknown=(
            parent.entry_into_force_date is None and parent.entry_into_force_basis == UNKNOWN
        ),
        unknown=unknown - by_state.keys(),
    )


@transaction.atomic
def _write(treaty_id: int, computed: _Computed) -> RecomputeResult:
    locked = treaties_lock([treaty_id]).get(treaty_id)
    if locked is None:
        return RecomputeResult(treaty_id, computed.event_count, None, skipped="deleted")
    if locked.data_changed_at != computed.snapshot:
        return RecomputeResult(
            treaty_id, computed.event_count, computed.entry_into_force, skipped="changed meanwhile"
        )
    # Not older than the facts' change, even if this host's clock lags the writer's: a
    # derived_at before data_changed_at would keep the treaty stale for ever.
    now = max(timezone.now(), computed.snapshot)
    if computed.error:
        Treaty.objects.filter(pk=treaty_id).update(derived_error=computed.error, derived_at=now)
        return RecomputeResult(treaty_id, computed.event_count, None)
    for event in computed.events:
        event.computed_at = now
    _update_derived(computed.events)
    StatusPeriod.objects.filter(treaty_id=treaty_id).delete()
    StatusPeriod.objects.bulk_create(computed.periods, batch_size=1000)
    Membership.objects.filter(treaty_id=treaty_id).delete()
    Membership.objects.bulk_create(computed.memberships, batch_size=1000)
    latest = Event.objects.filter(treaty_id=treaty_id).aggregate(latest=Max("date"))["latest"]
    Treaty.objects.filter(pk=treaty_id).update(
        latest_act_on=latest,  # the record's date extends to it (events.selectors.record)
        entry_into_force_date=computed.entry_into_force,
        entry_into_force_basis=computed.entry_into_force_basis,
        entry_into_force_explanation=computed.entry_into_force_steps,
        derived_at=now,
        derived_error="",
    )
    return RecomputeResult(treaty_id, computed.event_count, computed.entry_into_force)


def _update_derived(events: list[Event]) -> None:
    """Write the events' derived fields, under the treaty's lock: quickly.

    On PostgreSQL one ``UPDATE ... FROM (VALUES ...)`` per thousand events: Django's
    ``bulk_update`` builds a ``CASE WHEN`` per field and row, and with it the whole write
    phase took 2.96 s against 0.37 s for 1,352 events whose derived values all changed (as
    after a change of rules; ``bench/bench_recompute_write.py``) — every writer of the treaty
    waits that long.
    """
    names = (*DERIVED_EVENT_FIELDS, "computed_at")
    fields = [f for f in Event._meta.concrete_fields if f.name in names]
    if connection.vendor != "postgresql":
        _update_derived_grouped(events, [f.name for f in fields])
        return
    columns = ", ".join(f'"{f.column}"' for f in fields)
    assignments = ", ".join(f'"{f.column}" = v."{f.column}"' for f in fields)
    row = "(%s, " + ", ".join(f"%s::{f.db_type(connection)}" for f in fields) + ")"
    sql = (
        f'UPDATE "{Event._meta.db_table}" AS e SET {assignments} '
        f"FROM (VALUES {{rows}}) AS v(id, {columns}) WHERE e.id = v.id"
    )
    with connection.cursor() as cursor:
        for start in range(0, len(events), 1000):
            chunk = events[start : start + 1000]
            params: list[Any] = []
            for event in chunk:
                params.append(event.pk)
                params.extend(
                    f.get_db_prep_save(getattr(event, f.attname), connection) for f in fields
                )
            cursor.execute(sql.format(rows=", ".join([row] * len(chunk))), params)


def _update_derived_grouped(events: list[Event], names: list[str]) -> None:
    """Elsewhere (SQLite, the embedded mode): events with the same derived values (every
    consent of a treaty without rules, every signature) in one UPDATE per group, the rest
    through ``bulk_update`` — whose CASE per event and field cost 31 s of CPU on the 2018
    corpus's 25,777 events."""
    groups: dict[str, tuple[dict[str, Any], list[int]]] = {}
    for event in events:
        values = {name: getattr(event, name) for name in names}
        key = json.dumps(values, sort_keys=True, default=str)
        groups.setdefault(key, (values, []))[1].append(event.pk)
    singles = {pk for _, pks in groups.values() if len(pks) == 1 for pk in pks}
    for values, pks in groups.values():
        if len(pks) > 1:
            for start in range(0, len(pks), 500):  # SQLite's limit on query parameters
                Event.objects.filter(pk__in=pks[start : start + 500]).update(**values)
    Event.objects.bulk_update([e for e in events if e.pk in singles], names, batch_size=500)


def _entry_basis(treaty: Treaty, result: Computation, source: str) -> str:
    """The basis of the treaty's entry into force: rules inferred from the depositary's date
    reproduce that date, so the date itself is the depositary's record."""
    basis = basis_for(result.entry_into_force_basis, source)
    recorded = treaty.recorded_entry_into_force
    if basis == INFERRED and recorded is not None and result.entry_into_force == recorded:
        return RECORDED
    return basis


def _follow_protocols(treaty: Treaty, visited: set[int]) -> None:
    """Recompute the protocols whose rules take this treaty's dates (rare; a few at most)."""
    for child in Treaty.objects.filter(parent=treaty).exclude(rules={}).only("rules"):
        if child.pk in visited:
            continue
        try:
            rules = Rules.from_dict(child.rules)
        except RulesError:
            continue
        eif, later = rules.entry_into_force, rules.later_states
        if eif.not_before_parent or later.not_before_parent_for_state:
            treaty_recompute(treaty_id=child.pk, _visited=visited)


def _derived_values(effect: Effect | None, source: str) -> dict[str, Any]:
    if effect is None:
        return {
            "effective_date": None,
            "effective_date_basis": "",
            "explanation": [],
            "condition": "",
            "disagrees_with_depositary": False,
            "superseded": False,
        }
    return {
        "effective_date": effect.effective_date,
        "effective_date_basis": basis_for(effect.basis, source),
        "explanation": steps_json(effect.steps),
        "condition": effect.condition or "",
        "disagrees_with_depositary": bool(effect.disagrees),
        "superseded": effect.superseded_by is not None,
    }


def steps_json(steps: Iterable[Step]) -> list[dict[str, Any]]:
    """The engine's explanation steps as stored (JSON)."""
    return [
        {
            "text": s.text,
            "date": s.date.isoformat() if s.date else None,
            "article": s.article,
        }
        for s in steps
    ]
