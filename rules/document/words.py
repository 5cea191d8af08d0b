"""A treaty's rules in words, for API clients that show them to people."""

from __future__ import annotations

from typing import Any

from rules.document.vocabulary import PeriodStep, Rules, RulesError


def period_in_words(steps: tuple[PeriodStep, ...], anchor: str) -> str:
    """A period applied to ``anchor``: "90 days after deposit", "on the date of deposit"."""
    if not steps:
        return f"on the date of {anchor}"
    return ", then ".join(s.describe() for s in steps) + f" {anchor}"


def _article(article: str | None) -> str:
    return f" (art. {article})" if article else ""


def rules_in_words(rules: dict[str, Any]) -> dict[str, str | None]:
    """Three sentences: the treaty's entry into force, later states, withdrawal.

    Rules the engine cannot read give ``None`` sentences rather than an error: the structured
    rules are still returned beside them.
    """
    try:
        parsed = Rules.from_dict(rules)
    except (RulesError, TypeError, ValueError):
        return {"entry_into_force": None, "later_states": None, "withdrawal": None}
    readings = [_sentences(reading) for reading in parsed.every_reading]
    if len(readings) == 1:
        return dict(readings[0])
    # Alternatives: each sentence says which readings there are, once each.
    words: dict[str, str | None] = {}
    for key in ("entry_into_force", "later_states", "withdrawal"):
        distinct = list(dict.fromkeys(r[key] for r in readings))
        if len(distinct) == 1:
            words[key] = distinct[0]
        else:
            words[key] = (
                f"One of {len(distinct)} readings, each reproducing the depositary's recorded"
                " entry into force (a date is given only where they agree): "
                + " Or: ".join(distinct)
            )
    return words


def _sentences(parsed: Rules) -> dict[str, str]:
    eif = parsed.entry_into_force
    if eif.threshold.count is not None:
        met = f"the deposit of the {eif.threshold.describe_count()} of consent"
        if eif.threshold.organisations_not_additional:
            met += " (an organisation's instrument not counted as additional to its members')"
    else:
        met = f"the condition '{eif.threshold.condition}' is met"
    eif_text = f"Enters into force {period_in_words(eif.period, 'after ' + met)}"
    if not eif.period:
        eif_text = f"Enters into force when {met}"
    if eif.on_date:
        eif_text = (
            f"Enters into force on {eif.on_date.isoformat()} if by then {met[4:]} has taken"
            f" place; otherwise {period_in_words(eif.period, 'after it')}"
        )
    if eif.not_before:
        eif_text += f", but not before {eif.not_before.isoformat()}"
    if eif.not_before_parent:
        eif_text += ", and not before the parent treaty's entry into force"
    eif_text += _article(eif.article) + "."

    later = parsed.later_states
    after = (
        "the treaty's entry into force"
        if later.applies_after == "entry_into_force"
        else ("the threshold was reached")
    )
    own = period_in_words(later.period, "its deposit")
    later_text = f"For a state consenting after {after}: {own}"
    if later.not_before_treaty_entry_into_force:
        later_text += ", not before the treaty's entry into force"
    if later.not_before_parent_for_state:
        later_text += ", nor before the parent treaty enters into force for that state"
    later_text += _article(later.article) + "."

    wd = parsed.withdrawal
    if wd.allowed is None:
        wd_text = (
            "The withdrawal clause is not recorded: a withdrawal takes effect on the date the"
            " depositary published, if it published one."
        )
    elif not wd.allowed:
        wd_text = "The treaty has no withdrawal clause" + _article(wd.article) + "."
    else:
        notified = period_in_words(wd.period, "receipt of the notification")
        wd_text = "Withdrawal takes effect " + notified
        if wd.later_date_may_be_specified:
            wd_text += ", or on a later date specified in it"
        if wd.minimum_membership:
            mm = wd.minimum_membership
            since = (
                "its own entry into force"
                if mm.from_ == "party_entry_into_force"
                else "the treaty's entry into force"
            )
            wd_text += f"; notice may be given only {mm.amount} {mm.unit} after {since}"
        if wd.armed_conflict == "suspends":
            wd_text += (
                "; a state engaged in an armed conflict at the end of the period stays bound "
                "until the conflict ends"
            )
        elif wd.armed_conflict == "remains_bound":
            wd_text += (
                "; a state engaged in an armed conflict remains bound by its obligations "
                "until the conflict ends"
            )
        if wd.condition_text:
            wd_text += f"; {wd.condition_text}"
        wd_text += _article(wd.article) + "."
    return {"entry_into_force": eif_text, "later_states": later_text, "withdrawal": wd_text}
