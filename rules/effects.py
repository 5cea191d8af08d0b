"""When one consent or one withdrawal takes effect, taken alone, with the steps in words.

These functions read only the treaty's rules and the event itself (plus the treaty's entry into
force, or the state's armed conflicts). Whether the event can have that effect at all (a state
already bound, a withdrawal by a state that is not) is the ledger's business (``ledger``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Final

from .dates import format_date
from .entry import TreatyEntry
from .records import Conflict, EventIn, Step, apply_steps
from .vocabulary import LaterStates, Rules

__all__ = ["consent_date", "withdrawal_condition", "withdrawal_date"]

_AWAITS_TREATY: Final = "the treaty is not in force: takes effect when it enters into force"


def _not_before_entry(entry: date, article: str | None) -> Step:
    return Step(f"not before the treaty's entry into force → {format_date(entry)}", entry, article)


# -- consent ---------------------------------------------------------------------------------


def consent_date(rules: Rules, ev: EventIn, treaty: TreatyEntry) -> tuple[date | None, list[Step]]:
    """When the consent ``ev`` binds its state (``None``: when the treaty enters into force)."""
    steps = [Step(f"deposit ({ev.kind.replace('_', ' ')}) {format_date(ev.date)}", ev.date)]
    entry = treaty.entry_into_force
    if ev.kind == "succession" and ev.specified_effective_date is not None:
        return _succession_date(rules, ev.specified_effective_date, entry, steps), steps
    if entry is None:
        steps.append(Step(_AWAITS_TREATY))
        return None, steps
    later = rules.later_states
    if not _covered_by_later_states(later, ev.date, entry, treaty.threshold_date):
        steps.append(_takes_treaty_date(rules, ev.date, entry, treaty.threshold_date))
        return entry, steps
    effective = apply_steps(later.period, ev.date, later.article, steps)
    if not later.period:
        steps.append(
            Step(f"on the date of deposit → {format_date(effective)}", effective, later.article)
        )
    if later.not_before_treaty_entry_into_force and effective < entry:
        effective = entry
        steps.append(_not_before_entry(entry, rules.entry_into_force.article))
    return effective, steps


def _succession_date(
    rules: Rules, specified: date, entry: date | None, steps: list[Step]
) -> date | None:
    """A succession takes effect from the date it names (often independence, before deposit)."""
    steps.append(
        Step(f"succession takes effect from the specified date {format_date(specified)}", specified)
    )
    if entry is None:
        steps.append(Step(_AWAITS_TREATY))
        return None
    if specified < entry:
        steps.append(_not_before_entry(entry, rules.entry_into_force.article))
        return entry
    return specified


def _covered_by_later_states(
    later: LaterStates, deposited: date, entry: date, threshold: date | None
) -> bool:
    """True if the treaty's clause for later states (not the treaty's own date) governs."""
    if later.applies_after == "threshold" and threshold is not None:
        return deposited > threshold
    # "subsequent to the entry into force": a deposit on the EIF day itself is subsequent,
    # as the UN treated Australia's Rome deposit of 1 Jul 2002.
    return deposited >= entry


def _takes_treaty_date(rules: Rules, deposited: date, entry: date, threshold: date | None) -> Step:
    """The step for a consent that takes effect with the treaty itself."""
    if threshold is None or deposited <= threshold:
        text = "deposited before the threshold was reached: takes the treaty's entry into force"
    else:
        # The ATT gap: art. 22(2) covers only deposits "subsequent to the entry into force",
        # art. 22(1) only the first 50. A consent given before a treaty enters into force
        # binds from the treaty's entry into force (VCLT art. 24(2)), so the gap states
        # take the treaty's date.
        text = (
            f"deposited after the threshold ({format_date(threshold)}) but before entry into"
            f" force; art. {rules.later_states.article or '?'} covers only later deposits, so"
            " the instrument takes effect with the treaty (VCLT art. 24(2))"
        )
    return Step(f"{text} → {format_date(entry)}", entry, rules.entry_into_force.article)


# -- withdrawal ------------------------------------------------------------------------------


def withdrawal_condition(rules: Rules) -> str | None:
    """The condition attached to every withdrawal of this treaty, in words (or ``None``)."""
    w = rules.withdrawal
    if w.condition_text:
        return w.condition_text
    article = f"art. {w.article}" if w.article else "the treaty"
    if w.armed_conflict == "suspends":
        return (
            f"subject to {article}: if the state is then engaged in an armed conflict, the"
            " withdrawal does not take effect before the end of the armed conflict"
        )
    if w.armed_conflict == "remains_bound":
        return (
            f"subject to {article}: if the state is then a party to an armed conflict, it"
            " remains bound until it is no longer a party to an armed conflict"
        )
    return None


def withdrawal_date(
    rules: Rules, ev: EventIn, conflicts: Sequence[Conflict]
) -> tuple[date | None, list[Step]]:
    """When the withdrawal ``ev`` would end its state's membership (``None``: pending).

    ``conflicts`` are the state's armed conflicts, sorted by start.
    """
    w = rules.withdrawal
    steps = [Step(f"notification received {format_date(ev.date)}", ev.date)]
    effective = apply_steps(w.period, ev.date, w.article, steps)
    if not w.period:
        steps.append(Step(f"on receipt → {format_date(ev.date)}", ev.date, w.article))
    specified = ev.specified_effective_date
    if specified is not None and specified != effective:
        effective = _with_specified_date(rules, effective, specified, steps)
    if w.armed_conflict is None:
        return effective, steps
    return _after_armed_conflicts(rules, effective, conflicts, steps), steps


def _with_specified_date(rules: Rules, effective: date, specified: date, steps: list[Step]) -> date:
    """A notification may name a later date only if the treaty allows it, never an earlier one."""
    w = rules.withdrawal
    if specified > effective and w.later_date_may_be_specified:
        steps.append(
            Step(
                f"later date specified in the notification → {format_date(specified)}",
                specified,
                w.article,
            )
        )
        return specified
    if specified > effective:
        text = (
            f"the notification names {format_date(specified)}, but the treaty makes no"
            " provision for a later date; the treaty's date stands"
        )
    else:
        text = (
            f"the notification names {format_date(specified)}, earlier than the treaty"
            " allows; the treaty's date stands"
        )
    steps.append(Step(text, effective, w.article))
    return effective


def _after_armed_conflicts(
    rules: Rules, effective: date, conflicts: Sequence[Conflict], steps: list[Step]
) -> date | None:
    """Move the date past every armed conflict that covers it (``None``: one is ongoing)."""
    w = rules.withdrawal
    phrase = (
        "does not take effect before its end"
        if w.armed_conflict == "suspends"
        else "the state remains bound until it is no longer a party to it"
    )
    # Conflicts can follow one another; keep moving until a day of peace is found. Each
    # conflict can move the date at most once, so the loop is bounded by their number.
    for _ in range(len(conflicts) + 1):
        current = next((c for c in conflicts if c.covers(effective)), None)
        if current is None:
            break
        if current.end is None:
            steps.append(
                Step(
                    f"armed conflict since {format_date(current.start)}, ongoing: {phrase}"
                    " → pending",
                    None,
                    w.article,
                )
            )
            return None
        effective = current.end
        steps.append(
            Step(
                f"armed conflict {format_date(current.start)} to {format_date(current.end)}:"
                f" {phrase} → {format_date(effective)}",
                effective,
                w.article,
            )
        )
    return effective
