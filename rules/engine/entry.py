"""The treaty's own entry into force: the threshold, the period after it, and the record.

Most treaties enter into force a period after the Nth instrument (counted from the events);
some on a condition the events cannot show (then the date it was met is a recorded fact); some
on a fixed date if the threshold is met by then. Either way the result is compared with the
entry into force the depositary recorded, if any.

When the events do not reach the threshold (incomplete data) but the depositary recorded the
date, that date is used, and the threshold's own date is bounded by inverting the period: the
*window* of days whose period ends on the recorded date. A deposit before the window took the
treaty's date; one after it follows the clause for later states; one inside it cannot be placed
(``effects`` says so rather than guess).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

from rules.basis import COMPUTED, RECORDED, UNKNOWN
from rules.dates import format_date, ordinal_number
from rules.document.steps import apply_period
from rules.document.vocabulary import EntryIntoForce, Rules
from rules.engine.records import EventId, EventIn, ParentDates, Step, apply_steps

__all__ = ["TreatyEntry", "treaty_entry"]

#: How far before a recorded entry into force its threshold is looked for: longer than any
#: period in the corpus (12 months, or "one year" then the first of a month).
_WINDOW_SPAN: Final = timedelta(days=3 * 366)


@dataclass
class TreatyEntry:
    """The treaty's entry into force and how it was reached; every consent's date depends on it."""

    entry_into_force: date | None
    threshold_date: date | None
    steps: list[Step]
    nth: dict[EventId, int]
    batch: tuple[EventId, ...]
    disagrees: bool
    basis: str = COMPUTED
    window: tuple[date, date] | None = None
    #: The treaty's rules are not recorded: every consent's date of effect is unknown.
    rules_unknown: bool = False
    parent: ParentDates | None = None
    #: The depositary records the treaty as not yet in force on this day: a consent whose
    #: date of effect is unknown had at least not taken effect by then.
    not_in_force_on: date | None = None


def treaty_entry(
    rules: Rules,
    ordered: Sequence[EventIn],
    *,
    organisations: Collection[str] = (),
    parent: ParentDates | None = None,
) -> TreatyEntry:
    """Compute the treaty's entry into force from its events (``ordered`` as ``compute`` sorts).

    ``organisations``: the participants whose instruments do not add to the count when the
    threshold says so. ``parent``: the parent treaty's dates, for a protocol that cannot enter
    into force before its convention.
    """
    eif = rules.entry_into_force
    steps: list[Step] = []
    nth: dict[EventId, int] = {}
    batch: tuple[EventId, ...] = ()
    skipped = (
        frozenset(organisations) if eif.threshold.organisations_not_additional else frozenset()
    )
    if eif.threshold.count is not None:
        counted = [e for e in ordered if e.state not in skipped]
        nth = _number_instruments(counted, set(eif.threshold.kinds))
        threshold_date, batch = _count_to_threshold(eif, eif.threshold.count, counted, steps)
        if skipped and any(e.state in skipped for e in ordered if e.kind in eif.threshold.kinds):
            steps.append(
                Step(
                    "an organisation's instrument is not counted as additional to those of"
                    " its member States",
                    None,
                    eif.article,
                )
            )
    else:
        threshold_date = _recorded_threshold(eif, steps)
    computed = (
        None
        if threshold_date is None
        else _entry_after(rules, threshold_date, steps, parent=parent)
    )
    entry, disagrees = _against_record(eif, computed, steps)
    basis = COMPUTED if computed is not None else (RECORDED if entry is not None else COMPUTED)
    if entry is None and threshold_date is not None and _waits_for_unknown_parent(eif, parent):
        basis = UNKNOWN
    window = None
    threshold_unknown = eif.threshold.count is not None or eif.threshold.recorded_date is None
    if computed is None and entry is not None and threshold_unknown:
        window = _threshold_window(rules, entry, steps, parent=parent)
    return TreatyEntry(
        entry,
        threshold_date,
        steps,
        nth,
        batch,
        disagrees,
        basis=basis,
        window=window,
        parent=parent,
    )


def recorded_entry(
    recorded: date | None,
    article: str | None,
    *,
    rules_unknown: bool = True,
    not_in_force_on: date | None = None,
) -> TreatyEntry:
    """A treaty whose rules are not recorded: its entry into force is the depositary's date
    (``recorded``) or unknown; nothing is counted. ``not_in_force_on``: the day the
    depositary's status says "Not yet in force" (without a recorded date)."""
    if recorded is None:
        text = "entry into force not recorded by the depositary"
        if not_in_force_on is not None:
            text = (
                f"not yet in force on {format_date(not_in_force_on)}, as the depositary"
                " records; no later date is known"
            )
        steps = [Step(text, None, article)]
        return TreatyEntry(
            None,
            None,
            steps,
            {},
            (),
            False,
            basis=UNKNOWN,
            rules_unknown=True,
            not_in_force_on=not_in_force_on,
        )
    text = f"entry into force recorded by the depositary: {format_date(recorded)}"
    steps = [Step(text, recorded, article)]
    return TreatyEntry(
        recorded, None, steps, {}, (), False, basis=RECORDED, rules_unknown=rules_unknown
    )


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


def _entry_after(
    rules: Rules, threshold_date: date, steps: list[Step], *, parent: ParentDates | None
) -> date | None:
    """The treaty's period after the threshold (or its fixed date), its "not earlier than"
    date, and its parent's entry into force, if it has them."""
    eif = rules.entry_into_force
    if eif.on_date is not None and threshold_date <= eif.on_date:
        computed = eif.on_date
        steps.append(
            Step(
                f"threshold met by the fixed date: enters into force on {format_date(eif.on_date)}",
                computed,
                eif.article,
            )
        )
    else:
        if eif.on_date is not None:
            steps.append(
                Step(
                    f"threshold not met by the fixed date {format_date(eif.on_date)}:"
                    " the period runs from the day it was met",
                    None,
                    eif.article,
                )
            )
        computed = apply_steps(eif.period, threshold_date, eif.article, steps)
    if eif.not_before is not None:
        if computed < eif.not_before:
            computed = eif.not_before
            text = f"not earlier than {format_date(eif.not_before)} → {format_date(computed)}"
        else:
            text = f"not earlier than {format_date(eif.not_before)}: already later"
        steps.append(Step(text, computed, eif.article))
    if not eif.not_before_parent:
        return computed
    return _after_parent(eif, computed, steps, parent)


def _after_parent(
    eif: EntryIntoForce, computed: date, steps: list[Step], parent: ParentDates | None
) -> date | None:
    """ "except that it shall not enter into force before the entry into force of the
    Convention": the later of the two, or pending while the parent is not in force."""
    if parent is None:
        steps.append(
            Step(
                "not before the parent treaty's entry into force, which is not recorded here:"
                " not checked",
                None,
                eif.article,
            )
        )
        return computed
    if parent.entry_into_force is None and parent.entry_into_force_unknown:
        steps.append(
            Step(
                "not before the parent treaty's entry into force, which is not known: date unknown",
                None,
                eif.article,
            )
        )
        return None
    if parent.entry_into_force is None:
        steps.append(Step("the parent treaty is not in force: pending", None, eif.article))
        return None
    if computed < parent.entry_into_force:
        steps.append(
            Step(
                f"not before the parent treaty's entry into force →"
                f" {format_date(parent.entry_into_force)}",
                parent.entry_into_force,
                eif.article,
            )
        )
        return parent.entry_into_force
    return computed


def _waits_for_unknown_parent(eif: EntryIntoForce, parent: ParentDates | None) -> bool:
    """Whether the date waits on a parent treaty whose own entry into force is not known."""
    return (
        eif.not_before_parent
        and parent is not None
        and parent.entry_into_force is None
        and parent.entry_into_force_unknown
    )


def _entry_for_threshold(rules: Rules, threshold_date: date, parent: ParentDates | None) -> date:
    """The treaty's date had its threshold been reached on ``threshold_date`` (no steps)."""
    eif = rules.entry_into_force
    if eif.on_date is not None and threshold_date <= eif.on_date:
        result = eif.on_date
    else:
        result = apply_period(eif.period, threshold_date)
    if eif.not_before is not None:
        result = max(result, eif.not_before)
    if eif.not_before_parent and parent is not None and parent.entry_into_force is not None:
        result = max(result, parent.entry_into_force)
    return result


def _threshold_window(
    rules: Rules, recorded: date, steps: list[Step], *, parent: ParentDates | None
) -> tuple[date, date] | None:
    """The first and last day on which the threshold can have been reached, given that the
    treaty entered into force on ``recorded``: every day whose period lands on it.

    Tried day by day over three years before the date, which covers every period step kind
    (days, months, years, first day of a month, fixed and "not earlier than" dates) without an
    inverse for each.
    """
    eif = rules.entry_into_force
    days = [
        recorded - timedelta(days=back)
        for back in range(_WINDOW_SPAN.days + 1)
        if _entry_for_threshold(rules, recorded - timedelta(days=back), parent) == recorded
    ]
    if not days:
        steps.append(
            Step(
                f"no threshold date gives the recorded {format_date(recorded)} under these"
                " rules: the threshold date is unknown",
                None,
                eif.article,
            )
        )
        return None
    first, last = min(days), max(days)
    what = (
        f"the {ordinal_number(eif.threshold.count)} instrument is not among the recorded events:"
        " it was deposited"
        if eif.threshold.count is not None
        else "the condition's date is not recorded: it was met"
    )
    steps.append(
        Step(
            f"{what} between {format_date(first)} and {format_date(last)} (the days whose"
            f" period ends on {format_date(recorded)})",
            None,
            eif.article,
        )
    )
    return first, last


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
