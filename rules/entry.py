"""The treaty's own entry into force: the threshold, the period after it, and the record.

Most treaties enter into force a period after the Nth instrument (counted from the events);
some on a condition the events cannot show (then the date it was met is a recorded fact). Either
way the result is compared with the entry into force the depositary recorded, if any.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from .dates import format_date, ordinal_number
from .records import EventId, EventIn, Step, apply_steps
from .vocabulary import EntryIntoForce, Rules

__all__ = ["TreatyEntry", "treaty_entry"]


@dataclass
class TreatyEntry:
    """The treaty's entry into force and how it was reached; every consent's date depends on it."""

    entry_into_force: date | None
    threshold_date: date | None
    steps: list[Step]
    nth: dict[EventId, int]
    batch: tuple[EventId, ...]
    disagrees: bool


def treaty_entry(rules: Rules, ordered: Sequence[EventIn]) -> TreatyEntry:
    """Compute the treaty's entry into force from its events (``ordered`` as ``compute`` sorts)."""
    eif = rules.entry_into_force
    steps: list[Step] = []
    nth: dict[EventId, int] = {}
    batch: tuple[EventId, ...] = ()
    if eif.threshold.count is not None:
        nth = _number_instruments(ordered, set(eif.threshold.kinds))
        threshold_date, batch = _count_to_threshold(eif, eif.threshold.count, ordered, steps)
    else:
        threshold_date = _recorded_threshold(eif, steps)
    computed = None if threshold_date is None else _entry_after(eif, threshold_date, steps)
    entry, disagrees = _against_record(eif, computed, steps)
    return TreatyEntry(entry, threshold_date, steps, nth, batch, disagrees)


def _number_instruments(ordered: Sequence[EventIn], kinds: set[str]) -> dict[EventId, int]:
    """Label each state's first counted instrument with its rank in deposit order."""
    nth: dict[EventId, int] = {}
    labelled: set[str] = set()
    for ev in sorted(
        (e for e in ordered if e.kind in kinds), key=lambda e: (e.date, e.state, str(e.id))
    ):
        if ev.state not in labelled:
            labelled.add(ev.state)
            nth[ev.id] = len(labelled)
    return nth


def _count_to_threshold(
    eif: EntryIntoForce, count: int, ordered: Sequence[EventIn], steps: list[Step]
) -> tuple[date | None, tuple[EventId, ...]]:
    """The day the ``count``-th state's instrument was deposited, and that day's instruments.

    Sweep day by day: the threshold is met on the first day on which at least ``count`` states
    have a counted instrument in deposit. A revoked instrument stops counting (the UN removes it
    from the table, as for Russia's CTBT ratification).
    """
    kinds = set(eif.threshold.kinds)
    active: dict[str, int] = defaultdict(int)
    parties = 0
    i = 0
    while i < len(ordered):
        day = ordered[i].date
        before = parties
        today: list[EventId] = []
        while i < len(ordered) and ordered[i].date == day:
            ev = ordered[i]
            if ev.kind in kinds:
                active[ev.state] += 1
                parties += active[ev.state] == 1
                today.append(ev.id)
            elif ev.kind == "consent_revoked" and active[ev.state] > 0:
                active[ev.state] -= 1
                parties -= active[ev.state] == 0
            i += 1
        if parties >= count:
            count_text = f"{ordinal_number(count)} instrument deposited {format_date(day)}"
            if len(today) > 1:
                count_text += (
                    f" ({len(today)} instruments that day took the count from {before} to"
                    f" {parties}; their order within the day is not recorded)"
                )
            steps.append(Step(count_text, day, eif.article))
            return day, tuple(today)
    steps.append(
        Step(
            f"{ordinal_number(count)} instrument not yet deposited ({parties} counted)",
            None,
            eif.article,
        )
    )
    return None, ()


def _recorded_threshold(eif: EntryIntoForce, steps: list[Step]) -> date | None:
    """A condition the events cannot show: the date it was met is a recorded fact, if any."""
    threshold = eif.threshold
    met = threshold.recorded_date
    if met is None:
        steps.append(Step(f"condition not met: {threshold.condition}", None, eif.article))
        return None
    steps.append(
        Step(
            f"condition met ({threshold.condition}) {format_date(met)} (recorded fact)",
            met,
            eif.article,
        )
    )
    return met


def _entry_after(eif: EntryIntoForce, threshold_date: date, steps: list[Step]) -> date:
    """The treaty's period after the threshold, and its "not earlier than" date if it has one."""
    computed = apply_steps(eif.period, threshold_date, eif.article, steps)
    if eif.not_before is None:
        return computed
    if computed < eif.not_before:
        computed = eif.not_before
        text = f"not earlier than {format_date(eif.not_before)} → {format_date(computed)}"
    else:
        text = f"not earlier than {format_date(eif.not_before)}: already later"
    steps.append(Step(text, computed, eif.article))
    return computed


def _against_record(
    eif: EntryIntoForce, computed: date | None, steps: list[Step]
) -> tuple[date | None, bool]:
    """The entry into force to use, and whether the recorded one differs from the computed one.

    A recorded date never overrides a computed one (it is only reported as a disagreement); it
    is used only when the events do not reach the threshold.
    """
    recorded = eif.recorded_date
    if recorded is None:
        return computed, False
    if computed is None:
        # Incomplete event data (NATO, ECHR, UNCLOS) must not make a treaty in force for
        # decades look as if it never entered into force.
        steps.append(
            Step(
                f"entry into force recorded as a fact: {format_date(recorded)}",
                recorded,
                eif.article,
            )
        )
        return recorded, False
    if computed != recorded:
        steps.append(
            Step(
                f"recorded entry into force {format_date(recorded)} differs from the computed date",
                recorded,
                eif.article,
            )
        )
        return computed, True
    return computed, False
