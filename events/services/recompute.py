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
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from rules import (
    Computation,
    Conflict,
    Effect,
    ParentDates,
    Rules,
    RulesError,
    Step,
    compute,
    compute_from_records,
)
from rules.basis import INFERRED, RECORDED, basis_for
from states.models import State
from treaties.models import Treaty

from ..models import ArmedConflict, Event, Membership, StatusPeriod
from .checks import event_in


@dataclass(frozen=True)
class RecomputeResult:
    treaty_id: int
    events: int
    entry_into_force: date | None


def treaty_recompute(*, treaty_id: int, _visited: set[int] | None = None) -> RecomputeResult:
    """Recompute every derived date of one treaty from its rules and events.

    Idempotent: running it twice writes the same rows. The treaty row is locked so two
    workers never interleave their writes; ``derived_at`` is the time the facts were read, so
    a change arriving meanwhile leaves the treaty stale and it is recomputed again. The
    protocols whose rules take this treaty's dates are recomputed after it (``_visited``
    keeps a chain of parents an editor made circular from looping).
    """
    with transaction.atomic():
        treaty = Treaty.objects.select_for_update().get(pk=treaty_id)
        started = timezone.now()
        events = list(Event.objects.filter(treaty=treaty).select_related("state"))
        states = {e.state.code: e.state for e in events}
        try:
            result = _computation(treaty, events, states)
        except RulesError as exc:  # invalid rules are reported on the treaty, not raised
            Treaty.objects.filter(pk=treaty.pk).update(derived_error=str(exc), derived_at=started)
            return RecomputeResult(treaty.pk, len(events), None)
        _store(treaty, events, states, result, started)
    _follow_protocols(treaty, (_visited or set()) | {treaty.pk})
    return RecomputeResult(treaty.pk, len(events), result.entry_into_force)


def _computation(treaty: Treaty, events: list[Event], states: dict[str, State]) -> Computation:
    """The engine's result for the treaty: from its rules, or from the facts alone."""
    engine_events = [event_in(e) for e in events]
    if not treaty.rules:
        return compute_from_records(
            engine_events,
            recorded_entry_into_force=treaty.recorded_entry_into_force,
            article=treaty.recorded_entry_into_force_article or None,
        )
    rules = Rules.from_dict(treaty.rules)
    eif = rules.entry_into_force
    if eif.recorded_date is None and treaty.recorded_entry_into_force is not None:
        # The depositary's date is compared with the computed one (a disagreement is
        # flagged) and used when the events do not reach the threshold.
        rules = replace(
            rules, entry_into_force=replace(eif, recorded_date=treaty.recorded_entry_into_force)
        )
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
    parent = Treaty.objects.only("entry_into_force_date").get(pk=treaty.parent_id)
    by_state: dict[str, date] = {}
    for code, start in (
        Membership.objects.filter(treaty_id=treaty.parent_id)
        .order_by("start")
        .values_list("state__code", "start")
    ):
        by_state.setdefault(code, start)
    return ParentDates(entry_into_force=parent.entry_into_force_date, by_state=by_state)


def _store(
    treaty: Treaty,
    events: list[Event],
    states: dict[str, State],
    result: Computation,
    started: datetime,
) -> None:
    source = treaty.rules_source if treaty.rules else ""
    # Events with the same derived values (every consent of a treaty without rules, every
    # signature) are written by one UPDATE each; bulk_update's CASE per event and field costs
    # seconds on the corpus's 27,000 events. The rest go through bulk_update.
    shared: dict[str, tuple[dict[str, Any], list[int]]] = {}
    for event in events:
        values = _derived_values(result.effects.get(event.pk), started, source)
        for name, value in values.items():
            setattr(event, name, value)
        key = json.dumps(values, sort_keys=True, default=str)
        shared.setdefault(key, (values, []))[1].append(event.pk)
    singles = {pk for values, pks in shared.values() if len(pks) == 1 for pk in pks}
    for values, pks in shared.values():
        if len(pks) > 1:
            for start in range(0, len(pks), 500):  # SQLite's limit on query parameters
                Event.objects.filter(pk__in=pks[start : start + 500]).update(**values)
    Event.objects.bulk_update(
        [e for e in events if e.pk in singles],
        list(_derived_values(None, started, "")),
        batch_size=500,
    )

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
        entry_into_force_basis=_entry_basis(treaty, result, source),
        entry_into_force_explanation=steps_json(result.entry_into_force_steps),
        derived_at=started,
        derived_error="",
    )


def _entry_basis(treaty: Treaty, result: Computation, source: str) -> str:
    """The basis of the treaty's entry into force: rules inferred from the depositary's date
    reproduce that date, so the date itself is the depositary's record."""
    basis = basis_for(result.entry_into_force_basis, source)
    if basis == INFERRED and result.entry_into_force == treaty.recorded_entry_into_force:
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


def _derived_values(effect: Effect | None, computed_at: datetime, source: str) -> dict[str, Any]:
    if effect is None:
        return {
            "effective_date": None,
            "effective_date_basis": "",
            "explanation": [],
            "condition": "",
            "disagrees_with_depositary": False,
            "superseded": False,
            "computed_at": computed_at,
        }
    return {
        "effective_date": effect.effective_date,
        "effective_date_basis": basis_for(effect.basis, source),
        "explanation": steps_json(effect.steps),
        "condition": effect.condition or "",
        "disagrees_with_depositary": bool(effect.disagrees),
        "superseded": effect.superseded_by is not None,
        "computed_at": computed_at,
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
