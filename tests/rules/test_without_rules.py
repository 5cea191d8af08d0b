"""Never a false answer: what the engine says when it does not know.

A treaty without rules still has facts (``compute_from_records``); a treaty whose date is only
recorded has a threshold that can be bounded but not placed (the window of possible threshold
days); a withdrawal clause that is not recorded leaves the depositary's published date.
"""

from dataclasses import replace
from datetime import date
from itertools import count

from rules import (
    CONSENTED,
    CONSENTED_UNKNOWN,
    NOT_JOINED,
    PARTY,
    SIGNATORY,
    WITHDRAWN,
    EventIn,
    Rules,
    catalogue_rules,
    compute,
    compute_from_records,
    rules_in_words,
    status_on,
    validate,
)
from rules.basis import COMPUTED, RECORDED, UNKNOWN

_ids = count(1)


def ev(state: str, kind: str, day: str, **extra) -> EventIn:
    return EventIn(id=next(_ids), state=state, kind=kind, date=date.fromisoformat(day), **extra)


# -- statuses from the facts alone ------------------------------------------------------------


def test_without_rules_a_ratification_is_a_consent_whose_date_of_effect_is_not_computed():
    signed = ev("France", "signature", "1992-06-13")
    ratified = ev("France", "ratification", "1994-07-01")
    result = compute_from_records([signed, ratified], recorded_entry_into_force=date(1993, 12, 29))
    assert status_on(result.periods, "France", date(1993, 1, 1)) == SIGNATORY
    assert status_on(result.periods, "France", date(2018, 1, 15)) == CONSENTED_UNKNOWN
    effect = result.effects[ratified.id]
    assert effect.effective_date is None and effect.basis == UNKNOWN
    assert "the treaty's rules are not recorded" in effect.explain()
    assert result.intervals == {}  # no membership is claimed


def test_without_rules_the_treaty_is_in_force_from_the_depositarys_recorded_date():
    result = compute_from_records(
        [], recorded_entry_into_force=date(1993, 12, 29), article="article 36(1)"
    )
    assert result.entry_into_force == date(1993, 12, 29)
    assert result.entry_into_force_basis == RECORDED
    assert result.entry_into_force_steps[0].article == "article 36(1)"


def test_without_rules_or_a_recorded_date_the_entry_into_force_is_unknown():
    result = compute_from_records([ev("Chile", "ratification", "2001-01-01")])
    assert result.entry_into_force is None and result.entry_into_force_basis == UNKNOWN


def test_without_rules_a_withdrawal_takes_effect_on_the_date_the_depositary_published():
    ratified = ev("Canada", "ratification", "2002-12-17")
    withdrew = ev("Canada", "withdrawal", "2011-12-15", published_effective_date=date(2012, 12, 15))
    result = compute_from_records([ratified, withdrew])
    assert status_on(result.periods, "Canada", date(2012, 12, 14)) == CONSENTED_UNKNOWN
    assert status_on(result.periods, "Canada", date(2012, 12, 15)) == WITHDRAWN
    effect = result.effects[withdrew.id]
    assert (effect.effective_date, effect.basis, effect.disagrees) == (
        date(2012, 12, 15),
        RECORDED,
        False,
    )


def test_without_rules_a_withdrawal_without_a_published_date_leaves_the_consent_unknown():
    ratified = ev("Peru", "ratification", "1990-01-01")
    withdrew = ev("Peru", "withdrawal", "2000-01-01")
    result = compute_from_records([ratified, withdrew])
    assert status_on(result.periods, "Peru", date(2005, 1, 1)) != WITHDRAWN
    assert result.effects[withdrew.id].basis == UNKNOWN


def test_without_rules_a_revoked_consent_ends_on_its_revocation():
    ratified = ev("Malaysia", "accession", "2019-03-04")
    revoked = ev("Malaysia", "consent_revoked", "2019-04-29")
    result = compute_from_records([ratified, revoked])
    assert status_on(result.periods, "Malaysia", date(2019, 4, 1)) == CONSENTED_UNKNOWN
    assert status_on(result.periods, "Malaysia", date(2019, 5, 1)) == NOT_JOINED


def test_not_yet_in_force_as_the_depositary_records_is_a_fact_up_to_its_day_and_no_further():
    # The 1992 amendment to article 8 of CERD (IV-2-a): "Not yet in force" in the status of
    # 15 Jan 2018. A consent deposited by then had not taken effect by then; after, unknown.
    status_day = date(2018, 1, 15)
    early = ev("Australia", "acceptance", "1993-10-15")
    late = ev("Chile", "acceptance", "2019-03-01")
    revoked = ev("Peru", "acceptance", "2000-01-01")
    undone = ev("Peru", "consent_revoked", "2001-01-01")
    result = compute_from_records([early, late, revoked, undone], not_in_force_on=status_day)
    assert result.entry_into_force is None and result.entry_into_force_basis == UNKNOWN
    assert "not yet in force on 15 Jan 2018, as the depositary records" in str(
        result.entry_into_force_steps[0].text
    )
    assert status_on(result.periods, "Australia", date(1993, 10, 14)) == NOT_JOINED
    assert status_on(result.periods, "Australia", date(1993, 10, 15)) == CONSENTED
    assert status_on(result.periods, "Australia", status_day) == CONSENTED
    assert status_on(result.periods, "Australia", date(2018, 1, 16)) == CONSENTED_UNKNOWN
    assert status_on(result.periods, "Chile", date(2019, 3, 1)) == CONSENTED_UNKNOWN
    assert status_on(result.periods, "Peru", date(2000, 6, 1)) == CONSENTED
    assert status_on(result.periods, "Peru", date(2001, 6, 1)) == NOT_JOINED
    effect = result.effects[early.id]
    assert effect.effective_date is None and effect.basis == UNKNOWN
    assert "not yet in force on 15 Jan 2018" in effect.explain()
    assert result.intervals == {}  # still no membership claimed


def test_a_recorded_date_overrides_an_earlier_not_yet_in_force():
    result = compute_from_records(
        [ev("Chad", "ratification", "2000-01-01")],
        recorded_entry_into_force=date(2001, 1, 1),
        not_in_force_on=date(2000, 6, 1),
    )
    assert status_on(result.periods, "Chad", date(2000, 3, 1)) == CONSENTED_UNKNOWN
    assert result.entry_into_force_basis == RECORDED


# -- the recorded entry into force with a threshold not among the events ---------------------

ROME = catalogue_rules("rome-statute")
ROME_RECORDED = replace(
    ROME, entry_into_force=replace(ROME.entry_into_force, recorded_date=date(2002, 7, 1))
)


def test_gambia_deposited_after_romes_threshold_window_so_its_date_follows_article_126_2():
    # Rome's 60th instrument is not among these events; the treaty's 1 Jul 2002 is recorded.
    gambia = ev("Gambia", "ratification", "2002-06-28")
    result = compute(ROME_RECORDED, [gambia])
    assert result.entry_into_force == date(2002, 7, 1)
    assert result.entry_into_force_basis == RECORDED
    # 60 days then the first of the month lands on 1 Jul 2002 from 2 Apr to 1 May 2002.
    assert result.threshold_window == (date(2002, 4, 2), date(2002, 5, 1))
    effect = result.effects[gambia.id]
    assert (effect.effective_date, effect.basis) == (date(2002, 9, 1), COMPUTED)


def test_a_deposit_before_the_threshold_window_takes_the_recorded_entry_into_force():
    france = ev("France", "ratification", "2000-06-09")
    effect = compute(ROME_RECORDED, [france]).effects[france.id]
    assert (effect.effective_date, effect.basis) == (date(2002, 7, 1), RECORDED)


def test_a_deposit_inside_the_threshold_window_has_an_unknown_date_and_asks_for_the_threshold():
    ireland = ev("Ireland", "ratification", "2002-04-11")
    result = compute(ROME_RECORDED, [ireland])
    effect = result.effects[ireland.id]
    assert (effect.effective_date, effect.basis) == (None, UNKNOWN)
    assert "record the date the threshold was reached" in effect.explain()
    assert status_on(result.periods, "Ireland", date(2003, 1, 1)) == CONSENTED_UNKNOWN


# -- the vocabulary's options for the depositary's words -------------------------------------


def _rules(**eif_threshold) -> dict:
    return {
        "entry_into_force": {
            "threshold": {
                "count": 2,
                "kinds": ["ratification", "acceptance", "accession", "approval"],
                **eif_threshold,
            },
            "period": [{"add": {"days": 90}}],
        },
        "later_states": {"period": [{"add": {"days": 90}}]},
        "withdrawal": {"allowed": None},
    }


def test_an_organisations_instrument_is_not_counted_as_additional_when_the_treaty_says_so():
    events = [
        ev("EUU", "approval", "2001-01-01"),
        ev("Norway", "ratification", "2001-02-01"),
        ev("Chile", "ratification", "2001-03-01"),
    ]
    counted = compute(Rules.from_dict(_rules()), events, organisations={"EUU"})
    assert counted.threshold_date == date(2001, 2, 1)
    not_additional = compute(
        Rules.from_dict(_rules(organisations_not_additional=True)), events, organisations={"EUU"}
    )
    assert not_additional.threshold_date == date(2001, 3, 1)
    assert not_additional.entry_into_force == date(2001, 5, 30)


def test_a_fixed_date_holds_when_the_threshold_is_met_by_then_and_the_period_runs_otherwise():
    document = _rules()
    document["entry_into_force"]["on_date"] = "1989-01-01"
    rules = Rules.from_dict(document)
    early = [ev("Mexico", "acceptance", "1988-03-31"), ev("Norway", "ratification", "1988-06-24")]
    assert compute(rules, early).entry_into_force == date(1989, 1, 1)
    late = [ev("Mexico", "acceptance", "1988-03-31"), ev("Norway", "ratification", "1989-06-24")]
    assert compute(rules, late).entry_into_force == date(1989, 9, 22)


def test_a_fixed_date_and_not_before_cannot_be_combined():
    document = _rules()
    document["entry_into_force"].update(on_date="1989-01-01", not_before="1989-01-01")
    try:
        Rules.from_dict(document)
    except ValueError as exc:
        assert "entry_into_force.on_date cannot be combined" in str(exc)
    else:
        raise AssertionError("accepted")


def test_a_withdrawal_clause_that_is_not_recorded_reads_so_in_words():
    withdrawal = rules_in_words(_rules())["withdrawal"]
    assert withdrawal is not None and withdrawal.startswith("The withdrawal clause is not recorded")


def test_a_withdrawal_notified_before_the_states_own_entry_into_force_is_flagged():
    rules = catalogue_rules("ccm")
    founders = [ev(f"S{i}", "ratification", "2009-06-01") for i in range(30)]
    uk = ev("UK", "ratification", "2010-05-04")  # in force for it on 1 Nov 2010
    early = ev("UK", "withdrawal", "2010-09-01")
    codes = {v.code for v in validate(rules, [*founders, uk, early], today=date(2026, 1, 1),
                                      adopted_on=None)}  # fmt: skip
    assert "withdrawal_before_entry_into_force" in codes
    later = ev("UK", "withdrawal", "2011-09-01")
    codes = {v.code for v in validate(rules, [*founders, uk, later], today=date(2026, 1, 1),
                                      adopted_on=None)}  # fmt: skip
    assert "withdrawal_before_entry_into_force" not in codes


def test_consented_and_party_keep_their_meaning_when_the_rules_are_known():
    rules = catalogue_rules("ccm")
    founders = [ev(f"S{i}", "ratification", "2009-06-01") for i in range(30)]
    uk = ev("UK", "ratification", "2010-05-04")
    result = compute(rules, [*founders, uk])
    assert status_on(result.periods, "UK", date(2010, 6, 1)) == CONSENTED
    assert status_on(result.periods, "UK", date(2010, 11, 1)) == PARTY


def test_a_bracketed_instrument_without_its_withdrawal_on_record_claims_no_membership():
    # The depositary brackets India's ratification (withdrawn since); the withdrawal itself
    # is only told in a footnote. Showing India as a party today would be false.
    rules = catalogue_rules("ccm")
    founders = [ev(f"S{i}", "ratification", "2009-06-01") for i in range(30)]
    india = EventIn(id=next(_ids), state="India", kind="ratification",
                    date=date(2011, 3, 1), bracketed=True)  # fmt: skip
    result = compute(rules, [*founders, india])
    effect = result.effects[india.id]
    assert (effect.effective_date, effect.basis) == (None, UNKNOWN)
    assert "prints this instrument in brackets" in effect.explain()
    assert "it took effect on 1 Sep 2011" in effect.explain()
    assert status_on(result.periods, "India", date(2018, 1, 15)) == CONSENTED_UNKNOWN
    assert "India" not in result.intervals


def test_rules_with_alternatives_read_as_their_readings_once_each():
    other = _rules()
    other["later_states"] = {"period": [{"add": {"months": 3}}]}
    words = rules_in_words({**_rules(), "alternatives": [other]})
    later = words["later_states"]
    assert later is not None and later.startswith("One of 2 readings")
    assert "90 days after its deposit" in later and "3 months after its deposit" in later
    # The withdrawal clause is the same in both: said once, plainly.
    assert words["withdrawal"] == rules_in_words(_rules())["withdrawal"]
