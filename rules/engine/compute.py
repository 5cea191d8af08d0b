"""The rule engine: from a treaty's rules and its events to dates, memberships and statuses.

``compute(rules, events)`` is a pure function. It returns

* the treaty's own entry into force, with the steps that produced it;
* an ``Effect`` for every consent, withdrawal, rescission and revocation event: the date it
  takes (or would have taken) effect, the steps in words, and any condition attached;
* membership ``intervals`` per state (half-open ``[start, end)``; a state can join, leave and
  re-join);
* ``periods``: non-overlapping status rows per state, the shape the database stores so that
  "status of X on date D" is one indexed query.

Events are facts and are never changed here: a depositary's published effective date that
differs from the rule is reported (``Effect.disagrees``), never copied over the computed date.
Events that cannot have the effect their kind suggests (a withdrawal by a state that is not
bound, a rescission with nothing to rescind) get an ``Effect`` with ``issue`` set and change
nothing; ``validation.validate`` turns those into messages for editors.

Same-day ordering: the UN records dates, not times, so events on one day are processed as
signature, consent, other instruments, withdrawal, rescission, revocation (then by id, so the
result never depends on input order).

The work is done in ``entry`` (the treaty's entry into force), ``effects`` (when one consent or
withdrawal takes effect), ``per_state`` (one state's events in order) and ``periods`` (status rows);
the records this module exports are defined in ``records``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import date

from rules.document.vocabulary import CONSENT_KINDS, Rules
from rules.engine.effects import withdrawal_condition
from rules.engine.entry import TreatyEntry, treaty_entry
from rules.engine.per_state import StateLedger
from rules.engine.readings import merge
from rules.engine.records import (
    Computation,
    Conflict,
    Effect,
    EventId,
    EventIn,
    Interval,
    ParentDates,
    StatusPeriod,
    Step,
    explain,
)
from rules.statuses import NOT_JOINED

__all__ = [
    "Computation",
    "Conflict",
    "Effect",
    "EventId",
    "EventIn",
    "Interval",
    "ParentDates",
    "StatusPeriod",
    "Step",
    "compute",
    "explain",
    "same_day_sorted",
    "status_on",
    "walk",
]


def compute(
    rules: Rules,
    events: Sequence[EventIn],
    *,
    conflicts: Mapping[str, Sequence[Conflict]] | None = None,
    organisations: Collection[str] = (),
    parent: ParentDates | None = None,
) -> Computation:
    """Derive the treaty's entry into force, every event's effect, memberships and statuses.

    ``conflicts`` maps a state to the armed conflicts it is recorded as engaged in; they only
    matter for treaties whose withdrawal clause has an armed-conflict condition.
    ``organisations``: the participants that are organisations (their instruments do not add
    to the threshold's count when the rules say so). ``parent``: the parent treaty's dates, for
    a protocol whose rules refer to its convention. Rules with ``alternatives`` are computed
    under each reading and merged (``rules.alternatives``).
    """
    ordered = sorted(events, key=_same_day_order)
    readings = rules.every_reading
    results = []
    for reading in readings:
        treaty = treaty_entry(reading, ordered, organisations=organisations, parent=parent)
        results.append(walk(reading, treaty, ordered, conflicts or {}))
    # Several readings (inferred rules that are not unique): dates only where they agree.
    return merge(readings, results)


def walk(
    rules: Rules,
    treaty: TreatyEntry,
    ordered: Sequence[EventIn],
    conflicts: Mapping[str, Sequence[Conflict]],
) -> Computation:
    """Every state's events through its ledger, once the treaty's entry into force is known.

    ``ordered``: the events sorted as ``compute`` sorts them.
    """
    by_state: dict[str, list[EventIn]] = defaultdict(list)
    for ev in ordered:
        by_state[ev.state].append(ev)

    condition = withdrawal_condition(rules)
    effects: dict[EventId, Effect] = {}
    intervals: dict[str, list[Interval]] = {}
    periods: list[StatusPeriod] = []
    # One state at a time: a state's history depends on no other state's (only on the treaty's
    # entry into force), and dropping each ledger once read keeps garbage collection cheap on
    # treaties with thousands of states.
    for state in sorted(by_state):
        ledger = StateLedger(state, rules, treaty, conflicts.get(state, ()))
        for ev in by_state[state]:
            ledger.record(ev)
        outcome = ledger.outcome(condition)
        effects.update(outcome.effects)
        if outcome.intervals:
            intervals[state] = outcome.intervals
        periods.extend(outcome.periods)

    return Computation(
        entry_into_force=treaty.entry_into_force,
        entry_into_force_steps=tuple(treaty.steps),
        threshold_date=treaty.threshold_date,
        effects=effects,
        intervals=intervals,
        periods=periods,
        nth_instrument=treaty.nth,
        threshold_batch=treaty.batch,
        entry_into_force_disagrees=treaty.disagrees,
        entry_into_force_basis=treaty.basis,
        threshold_window=treaty.window,
    )


def same_day_sorted(events: Iterable[EventIn]) -> list[EventIn]:
    """``events`` in the engine's order: by date, then kind as the module docstring says."""
    return sorted(events, key=_same_day_order)


def status_on(periods: Iterable[StatusPeriod], state: str, on: date) -> str:
    """Return ``state``'s status on ``on`` (``"not_joined"`` when no row covers it)."""
    for row in periods:
        if (
            row.state == state
            and row.valid_from <= on
            and (row.valid_until is None or on < row.valid_until)
        ):
            return row.status
    return NOT_JOINED


def _same_day_order(event: EventIn) -> tuple[date, int, str, str]:
    """Sort key: by date, then kind as the module docstring says, then state and id."""
    return (event.date, _kind_rank(event.kind), event.state, str(event.id))


def _kind_rank(kind: str) -> int:
    if kind == "signature":
        return 0
    if kind in CONSENT_KINDS:
        return 1
    if kind == "withdrawal":
        return 3
    if kind == "withdrawal_rescinded":
        return 4
    if kind == "consent_revoked":
        return 5
    return 2
