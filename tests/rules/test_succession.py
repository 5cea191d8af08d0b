"""Successions dated as depositary practice dates them, and consents of unknown kind.

A notification of succession binds its state from the date of succession, or from the treaty's
own entry into force when that came later (VCSST arts. 23 and 34), whenever it was deposited;
without a date of succession its date is unknown, never deposit + the treaty's delay.
"""

from datetime import date
from itertools import count

import pytest

from rules import (
    CONSENT_OF_UNKNOWN_KIND,
    CONSENTED,
    CONSENTED_UNKNOWN,
    PARTY,
    EventIn,
    Rules,
    RulesError,
    catalogue_rules,
    compute,
    compute_from_records,
    status_on,
)

_ids = count(1)

APMBC = catalogue_rules("apmbc")
#: 40 instruments on 16 Sep 1998: the APMBC enters into force on 1 Mar 1999 (art. 17(1)).
EIF = date(1999, 3, 1)


def ev(state: str, kind: str, day: str, **extra) -> EventIn:
    return EventIn(id=next(_ids), state=state, kind=kind, date=date.fromisoformat(day), **extra)


FOUNDERS = [ev(f"Founder {i}", "ratification", "1998-09-16") for i in range(40)]


def _effect(events: list[EventIn], event: EventIn, rules: Rules = APMBC):
    return compute(rules, events).effects[event.id]


def test_in_force_on_the_date_of_succession_binds_from_that_date():
    montenegro = ev("Montenegro", "succession", "2006-10-23", succession_date=date(2006, 6, 3))
    effect = _effect([*FOUNDERS, montenegro], montenegro)
    assert effect.effective_date == date(2006, 6, 3)
    assert effect.basis == "computed"
    assert (
        "succession: bound from the date of succession, 3 Jun 2006 (VCSST arts. 23 and 34;"
        " depositary practice)" in effect.explain()
    )
    result = compute(APMBC, [*FOUNDERS, montenegro])
    assert status_on(result.periods, "Montenegro", date(2006, 7, 1)) == PARTY


def test_treaty_entering_into_force_later_notification_before_binds_on_its_entry_into_force():
    early = ev("Slovakia", "succession", "1998-05-28", succession_date=date(1993, 1, 1))
    effect = _effect([*FOUNDERS, early], early)
    assert effect.effective_date == EIF
    assert "is before the treaty's entry into force" in effect.explain()


def test_date_of_succession_before_entry_into_force_notification_after_binds_on_it_too():
    # Deposit + the later states' six months would be 1 Jan 2001: not what practice says.
    late = ev("Croatia", "succession", "2000-07-20", succession_date=date(1991, 10, 8))
    assert _effect([*FOUNDERS, late], late).effective_date == EIF


def test_a_treaty_not_in_force_keeps_the_succession_pending():
    few = FOUNDERS[:10]
    pending = ev("Czechia", "succession", "1998-01-01", succession_date=date(1993, 1, 1))
    result = compute(APMBC, [*few, pending])
    effect = result.effects[pending.id]
    assert effect.effective_date is None
    assert effect.basis == "computed"
    assert status_on(result.periods, "Czechia", date(2000, 1, 1)) == CONSENTED


def test_without_a_date_of_succession_the_date_is_unknown_and_the_state_not_a_party():
    unknown = ev("Uzbekistan", "succession", "2000-01-10")
    result = compute(APMBC, [*FOUNDERS, unknown])
    effect = result.effects[unknown.id]
    assert (effect.effective_date, effect.basis) == (None, "unknown")
    assert status_on(result.periods, "Uzbekistan", date(2010, 1, 1)) == CONSENTED_UNKNOWN
    assert "Uzbekistan" not in result.intervals


def test_the_date_the_notification_specifies_wins_over_the_date_of_succession():
    south_sudan = ev(
        "South Sudan",
        "succession",
        "2011-11-11",
        specified_effective_date=date(2011, 7, 10),
        succession_date=date(2011, 7, 9),
    )
    assert _effect([*FOUNDERS, south_sudan], south_sudan).effective_date == date(2011, 7, 10)


def test_a_body_that_published_another_date_is_a_disagreement_beside_the_rule():
    montenegro = ev(
        "Montenegro",
        "succession",
        "2006-10-23",
        succession_date=date(2006, 6, 3),
        published_effective_date=date(2007, 4, 1),
    )
    effect = _effect([*FOUNDERS, montenegro], montenegro)
    assert effect.effective_date == date(2006, 6, 3)
    assert effect.published_effective_date == date(2007, 4, 1)
    assert effect.disagrees is True


def test_without_rules_a_succession_is_dated_from_the_recorded_entry_into_force():
    croatia = ev("Croatia", "succession", "1992-07-27", succession_date=date(1991, 10, 8))
    other = ev("Chile", "ratification", "1980-01-01")
    result = compute_from_records([other, croatia], recorded_entry_into_force=date(1985, 1, 1))
    assert result.effects[croatia.id].effective_date == date(1991, 10, 8)
    assert result.effects[other.id].effective_date is None  # the rules are not recorded
    assert status_on(result.periods, "Croatia", date(1992, 1, 1)) == PARTY

    before = compute_from_records([croatia], recorded_entry_into_force=date(1995, 5, 1))
    assert before.effects[croatia.id].effective_date == date(1995, 5, 1)
    assert before.effects[croatia.id].basis == "recorded"

    unrecorded = compute_from_records([croatia])
    assert unrecorded.effects[croatia.id].effective_date is None
    assert unrecorded.effects[croatia.id].basis == "unknown"


def test_a_consent_of_unknown_kind_is_a_consent_of_unknown_date_never_a_signature():
    signed = ev("Bahamas", "signature", "1994-07-29")
    consent = ev("Bahamas", CONSENT_OF_UNKNOWN_KIND, "1995-07-28")
    result = compute(APMBC, [*FOUNDERS, signed, consent])
    effect = result.effects[consent.id]
    assert (effect.effective_date, effect.basis) == (None, "unknown")
    assert "code not known here" in effect.explain()
    assert status_on(result.periods, "Bahamas", date(2000, 1, 1)) == CONSENTED_UNKNOWN


def test_a_threshold_cannot_count_consents_of_unknown_kind():
    data = APMBC.to_dict()
    data["entry_into_force"]["threshold"]["kinds"] = ["ratification", CONSENT_OF_UNKNOWN_KIND]
    with pytest.raises(RulesError, match="consent_of_unknown_kind"):
        Rules.from_dict(data)
