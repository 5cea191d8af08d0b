"""When one consent or one withdrawal takes effect, taken alone, with the steps in words.

These functions read only the treaty's rules and the event itself (plus the treaty's entry into
force, or the state's armed conflicts). Whether the event can have that effect at all (a state
already bound, a withdrawal by a state that is not) is the per-state walk's business
(``per_state``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Final

from rules.basis import COMPUTED, RECORDED, UNKNOWN
from rules.dates import format_date
from rules.document.vocabulary import CONSENT_OF_UNKNOWN_KIND, LaterStates, Rules
from rules.engine.entry import TreatyEntry
from rules.engine.records import Conflict, EventIn, ParentDates, Step, apply_steps

__all__ = ["consent_date", "withdrawal_condition", "withdrawal_date"]

_AWAITS_TREATY: Final = "the treaty is not in force: takes effect when it enters into force"


def _not_before_entry(entry: date, article: str | None) -> Step:
    return Step(f"not before the treaty's entry into force → {format_date(entry)}", entry, article)


# -- consent ---------------------------------------------------------------------------------

_RULES_UNKNOWN: Final = "date of effect not computed: the treaty's rules are not recorded"
_KIND_UNKNOWN: Final = (
    "the depositary records this consent under a code not known here: what kind of consent it"
    " is, and so its date of effect, is not known"
)


def consent_date(
    rules: Rules, ev: EventIn, treaty: TreatyEntry
) -> tuple[date | None, list[Step], str]:
    """When the consent ``ev`` binds its state (``None``: when the treaty enters into force, or
    unknown), the steps, and the basis of that date (``rules.basis``)."""
    if ev.kind == CONSENT_OF_UNKNOWN_KIND:
        return None, [_deposit(ev), Step(_KIND_UNKNOWN)], UNKNOWN
    if ev.kind == "succession":
        return _succession(rules, ev, treaty)
    if treaty.rules_unknown:
        # The same words for every consent of the treaty (the deposit is shown beside them),
        # so the recomputation stores them in one statement.
        if treaty.not_in_force_on is not None:
            return None, [Step(_RULES_UNKNOWN), *treaty.steps], UNKNOWN
        return None, [Step(_RULES_UNKNOWN)], UNKNOWN
    steps = [_deposit(ev)]
    entry = treaty.entry_into_force
    if entry is None and treaty.basis == UNKNOWN:
        steps.append(Step("the treaty's entry into force is not known: date of effect unknown"))
        return None, steps, UNKNOWN
    if entry is None:
        steps.append(Step(_AWAITS_TREATY))
        return None, steps, COMPUTED
    later = rules.later_states
    window = treaty.window if later.applies_after == "threshold" else None
    if window is not None and window[0] < ev.date <= window[1]:
        steps.append(_inside_window(rules, ev.date, window))
        return None, steps, UNKNOWN
    if window is None and not _covered_by_later_states(
        later, ev.date, entry, treaty.threshold_date
    ):
        steps.append(_takes_treaty_date(rules, ev.date, entry, treaty.threshold_date))
        return entry, steps, treaty.basis
    if window is not None and ev.date <= window[0]:
        steps.append(_takes_treaty_date(rules, ev.date, entry, window[0]))
        return entry, steps, treaty.basis
    effective = apply_steps(later.period, ev.date, later.article, steps)
    if not later.period:
        steps.append(
            Step(f"on the date of deposit → {format_date(effective)}", effective, later.article)
        )
    if later.not_before_treaty_entry_into_force and effective < entry:
        effective = entry
        steps.append(_not_before_entry(entry, rules.entry_into_force.article))
    if later.not_before_parent_for_state:
        return _after_parent_for_state(rules, ev, effective, treaty.parent, steps)
    return effective, steps, COMPUTED


def _inside_window(rules: Rules, deposited: date, window: tuple[date, date]) -> Step:
    """A deposit that may have come before or after the (unrecorded) threshold."""
    return Step(
        f"the threshold was reached between {format_date(window[0])} and"
        f" {format_date(window[1])} (not among the recorded events); a deposit on"
        f" {format_date(deposited)} may have come before it (the treaty's date) or after it"
        f" (art. {rules.later_states.article or '?'}): date of effect unknown; record the date"
        " the threshold was reached to compute it",
        None,
        rules.entry_into_force.article,
    )


def _after_parent_for_state(
    rules: Rules,
    ev: EventIn,
    effective: date,
    parent: ParentDates | None,
    steps: list[Step],
) -> tuple[date | None, list[Step], str]:
    """ "or the date the Convention enters into force for it, whichever is later"."""
    article = rules.later_states.article
    if parent is None:
        steps.append(
            Step(
                "not before the parent treaty enters into force for the state, which is not"
                " recorded here: date of effect unknown",
                None,
                article,
            )
        )
        return None, steps, UNKNOWN
    own = parent.by_state.get(ev.state)
    if own is None and ev.state in parent.unknown:
        steps.append(
            Step(
                "not before the parent treaty enters into force for the state, whose date of"
                " effect there is not known: date of effect unknown",
                None,
                article,
            )
        )
        return None, steps, UNKNOWN
    if own is None:
        steps.append(
            Step(
                "the parent treaty is not in force for the state: takes effect when it is",
                None,
                article,
            )
        )
        return None, steps, COMPUTED
    if own > effective:
        steps.append(
            Step(
                f"not before the parent treaty's entry into force for the state →"
                f" {format_date(own)}",
                own,
                article,
            )
        )
        return own, steps, COMPUTED
    return effective, steps, COMPUTED


def _deposit(ev: EventIn) -> Step:
    return Step(f"deposit ({ev.kind.replace('_', ' ')}) {format_date(ev.date)}", ev.date)


#: Where the rule for successions comes from, as each step cites it.
_PRACTICE: Final = "VCSST arts. 23 and 34; depositary practice"


def _succession(
    rules: Rules, ev: EventIn, treaty: TreatyEntry
) -> tuple[date | None, list[Step], str]:
    """A notification of succession binds its state from the date of succession (the date the
    notification or the depositary specifies, else the state's own), or from the treaty's entry
    into force if that came later, whenever the notification was deposited (VCSST art. 23(1):
    "from the date of the succession of States or from the date of entry into force of the
    treaty, whichever is the later date"; art. 34 for a separation, which continues the
    predecessor's treaties from that date). It never takes a period after the deposit, so
    without a date of succession its date is unknown. It needs no clause of the treaty's, only
    its entry into force: a treaty whose rules are not recorded dates it from its recorded
    entry into force."""
    steps = [_deposit(ev)]
    entry = treaty.entry_into_force
    if ev.specified_effective_date is not None:
        start, what = ev.specified_effective_date, "the date the notification specifies"
    elif ev.succession_date is not None:
        start, what = ev.succession_date, "the date of succession"
    else:
        steps.append(
            Step(
                "succession: the state's date of succession is not recorded; a succession binds"
                f" from that date, not a period after the notification ({_PRACTICE}): date of"
                " effect unknown"
            )
        )
        return None, steps, UNKNOWN
    if entry is None:
        if treaty.rules_unknown or treaty.basis == UNKNOWN:
            steps.append(
                Step(
                    f"succession from {what}, {format_date(start)}; the treaty's entry into force"
                    " is not known: date of effect unknown"
                )
            )
            if treaty.rules_unknown:
                steps.extend(treaty.steps)
            return None, steps, UNKNOWN
        steps.append(Step(f"succession from {what}, {format_date(start)}; {_AWAITS_TREATY}"))
        return None, steps, COMPUTED
    if start >= entry:
        steps.append(
            Step(f"succession: bound from {what}, {format_date(start)} ({_PRACTICE})", start)
        )
        effective, basis = start, COMPUTED
    else:
        steps.append(
            Step(
                f"succession: {what} ({format_date(start)}) is before the treaty's entry into"
                f" force; bound from its entry into force → {format_date(entry)} ({_PRACTICE})",
                entry,
                rules.entry_into_force.article,
            )
        )
        effective, basis = entry, treaty.basis
    if rules.later_states.not_before_parent_for_state and not treaty.rules_unknown:
        return _after_parent_for_state(rules, ev, effective, treaty.parent, steps)
    return effective, steps, basis


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
) -> tuple[date | None, list[Step], str]:
    """When the withdrawal ``ev`` would end its state's membership (``None``: pending or
    unknown), the steps, and the basis of that date.

    ``conflicts`` are the state's armed conflicts, sorted by start. Without a recorded
    withdrawal clause the depositary's published date is the only one there is.
    """
    w = rules.withdrawal
    steps = [Step(f"notification received {format_date(ev.date)}", ev.date)]
    if w.allowed is None:
        published = ev.published_effective_date
        if published is None:
            steps.append(
                Step("date of effect not computed: the treaty's withdrawal clause is not recorded")
            )
            return None, steps, UNKNOWN
        text = f"date of effect published by the depositary: {format_date(published)}"
        steps.append(Step(text, published))
        return published, steps, RECORDED
    effective, steps = _withdrawal_by_rule(rules, ev, conflicts, steps)
    return effective, steps, COMPUTED


def _withdrawal_by_rule(
    rules: Rules, ev: EventIn, conflicts: Sequence[Conflict], steps: list[Step]
) -> tuple[date | None, list[Step]]:
    w = rules.withdrawal
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
