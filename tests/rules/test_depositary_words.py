"""The depositary's words read as facts and rules: the entry-into-force line, the quoted article,
and the rule inferred from a recorded date — or a plain "cannot tell"."""

from datetime import date, timedelta
from itertools import count

import pytest

from rules import EventIn, Interval, Rules, RulesError, compute
from rules.depositary.articles import rules_from_article
from rules.depositary.inference import PLAUSIBLE_PERIODS, check_against_record, infer_rules
from rules.depositary.notes import read_entry_into_force_label
from rules.document.vocabulary import MAX_ALTERNATIVES

_ids = count(1)


def ev(state: str, kind: str, day: date) -> EventIn:
    return EventIn(id=next(_ids), state=state, kind=kind, date=day)


# -- the entry-into-force line ----------------------------------------------------------------


def test_a_dated_line_gives_the_recorded_date_and_the_article_it_cites():
    entry = read_entry_into_force_label("29 December 1993, in accordance with article 36(1).")
    assert (entry.date, entry.article, entry.quoted) == (date(1993, 12, 29), "article 36(1)", None)


def test_a_provisional_and_definitive_line_records_the_definitive_date():
    entry = read_entry_into_force_label(
        "provisionally on 1 October 1976, in accordance with article 61(2) and definitively on"
        " 1 August 1977, in accordance with article 61(1). The Agreement was extended ..."
    )
    assert (entry.date, entry.provisional_date, entry.provisional) == (
        date(1977, 8, 1),
        date(1976, 10, 1),
        False,
    )
    assert entry.article == "article 61(1)"


def test_a_provisional_only_line_says_so():
    entry = read_entry_into_force_label(
        "provisionally on 1 October 2012, in accordance with article 57."
    )
    assert (entry.date, entry.provisional) == (date(2012, 10, 1), True)


def test_a_treaty_not_in_force_has_no_date_but_its_quoted_article():
    entry = read_entry_into_force_label(
        'see article 89 which reads as follows: "1. The present Convention shall enter into force'
        ' on the thirtieth day following ..."'
    )
    assert entry.date is None and entry.article == "article 89"
    assert (entry.quoted or "").startswith("1. The present Convention shall enter into force")


def test_words_run_together_in_the_markup_are_cut_from_the_article():
    entry = read_entry_into_force_label(
        "31 August 1965, in accordance with article 108for all Members of the United Nations."
    )
    assert entry.article == "article 108"


# -- the quoted article -----------------------------------------------------------------------

STOCKHOLM = (
    "1. This Convention shall enter into force on the ninetieth day after the date of deposit of"
    " the fiftieth instrument of ratification acceptance, approval or accession. 2. For each"
    " State or regional economic integration organization that ratifies, accepts or approves"
    " this Convention or accedes thereto after the deposit of the fiftieth instrument of"
    " ratification, acceptance, approval or accession, the Convention shall enter into force on"
    " the ninetieth day after the date of deposit by such State or regional economic integration"
    " organization of its instrument of rafification, acceptance, approval or accession. 3. For"
    " the purpose of paragraphs 1 and 2, any instrument deposited by a regional economic"
    " integration organization shall not be counted as additional to those deposited by member"
    " States of that organization"
)


def test_stockholms_article_26_reads_as_fifty_instruments_ninety_days_organisations_aside():
    reading = rules_from_article(STOCKHOLM, article="article 26(1)")
    assert reading.rules is not None
    eif = reading.rules["entry_into_force"]
    assert eif["article"] == "26(1)"
    assert eif["threshold"] == {
        "count": 50,
        "kinds": ["ratification", "acceptance", "approval", "accession", "succession"],
        "organisations_not_additional": True,
    }
    assert eif["period"] == [{"add": {"days": 90}}]
    later = reading.rules["later_states"]
    assert (later["article"], later["period"], later["applies_after"]) == (
        "26(2)",
        [{"add": {"days": 90}}],
        "threshold",
    )
    assert reading.rules["withdrawal"] == {"allowed": None}
    assert 'read "rafification" as "ratification"' in reading.notes
    Rules.from_dict(reading.rules)


def test_the_first_day_of_the_month_following_the_expiration_of_twelve_months():
    reading = rules_from_article(
        "1. This Convention enters into force on the first day of the month following the"
        " expiration of twelve months after the date of deposit of the tenth instrument of"
        " ratification, acceptance, approval or accession. 2. When a State ratifies ... after"
        " the deposit of the tenth instrument ..., this Convention enters into force in respect"
        " of that State on the first day of the month following the expiration of twelve months"
        " after the date of deposit of its instrument."
    )
    assert reading.rules is not None
    assert reading.rules["entry_into_force"]["period"] == [
        {"add": {"months": 12}},
        {"first_day_of_month": {"months_after": 1}},
    ]
    assert reading.rules["later_states"]["period"] == reading.rules["entry_into_force"]["period"]


def test_a_count_in_words_and_digits_and_definitive_signatures_are_read():
    reading = rules_from_article(
        "3. The Convention shall enter into force thirty (30) days after the deposit of"
        " instruments of ratification, acceptance, approval or accession or definitive signature"
        " of thirty (30) States. 4. For each State which signs definitively or deposits an"
        " instrument ... after the requirement set out in paragraph 3 of this Article has been"
        " fulfilled, this Convention shall enter into force thirty (30) days after the date of the"
        " definitive signature or consent to be bound."
    )
    assert reading.rules is not None
    threshold = reading.rules["entry_into_force"]["threshold"]
    assert threshold["count"] == 30 and "definitive_signature" in threshold["kinds"]
    assert reading.rules["later_states"]["period"] == [{"add": {"days": 30}}]


def test_a_fixed_date_provided_that_instruments_are_deposited_is_read_with_its_fallback():
    reading = rules_from_article(
        "1. This Protocol shall enter into force on 1 January 1989, provided that at least"
        " eleven instruments of ratification, acceptance, approval of the Protocol or accession"
        " thereto have been deposited. In the event that these conditions have not been"
        " fulfilled by that date, the Protocol shall enter into force on the ninetieth day"
        " following the date on which the conditions have been fulfilled. 3. After the entry into"
        " force of this Protocol, any State shall become a Party to it on the ninetieth day"
        " following the date of deposit of its instrument."
    )
    assert reading.rules is not None
    eif = reading.rules["entry_into_force"]
    assert (eif["on_date"], eif["threshold"]["count"], eif["period"]) == (
        "1989-01-01",
        11,
        [{"add": {"days": 90}}],
    )
    assert reading.rules["later_states"]["applies_after"] == "entry_into_force"


def test_a_protocol_that_waits_for_its_convention_says_so():
    reading = rules_from_article(
        "1. This Protocol shall enter into force on the ninetieth day after the date of deposit"
        " of the fortieth instrument of ratification, acceptance, approval or accession, except"
        " that it shall not enter into force before the entry into force of the Convention."
        " 2. For each State ratifying ... after the deposit of the fortieth instrument, this"
        " Protocol shall enter into force on the thirtieth day after the date of deposit by such"
        " State of the relevant instrument or on the date the Convention enters into force for"
        " it, whichever is the later."
    )
    assert reading.rules is not None
    assert reading.rules["entry_into_force"]["not_before_parent"] is True
    assert reading.rules["later_states"]["not_before_parent_for_state"] is True


def test_a_two_thirds_majority_is_a_condition_the_events_cannot_show():
    reading = rules_from_article(
        "Amendments ... shall enter into force for the Parties which have accepted them on the"
        " ninetieth day after the date on which two thirds of the Parties have deposited their"
        " instruments of acceptance thereof. Amendments shall enter into force for any other"
        " Party on the ninetieth day after the date on which that Party has deposited its"
        " instrument of acceptance thereof."
    )
    assert reading.rules is not None
    assert reading.condition and "count" not in reading.rules["entry_into_force"]["threshold"]
    assert reading.rules["later_states"]["period"] == [{"add": {"days": 90}}]


def test_an_article_whose_delay_cannot_be_read_gives_no_rules_and_says_why():
    reading = rules_from_article(
        "The amendment shall enter into force when it has been approved by the General Assembly"
        " and accepted by a two thirds majority of States parties."
    )
    assert reading.rules is None
    assert reading.problems[0].startswith("the delay after the threshold cannot be read")


def test_without_a_clause_for_later_states_they_get_the_treatys_delay_as_an_assumption():
    reading = rules_from_article(
        "This Convention shall enter into force on the thirtieth day after the date of deposit"
        " with the Secretary-General of the United Nations of the twentieth instrument of"
        " ratification or accession."
    )
    assert reading.rules is not None
    assert reading.later_states_assumed
    assert reading.rules["later_states"]["period"] == [{"add": {"days": 30}}]
    # Whether that clause covers a deposit between the 20th and the entry into force is not
    # quoted either: both readings, so such a deposit is unknown and the others are dated.
    rules = Rules.from_dict(reading.rules)
    assert {r.later_states.applies_after for r in rules.every_reading} == {
        "threshold",
        "entry_into_force",
    }
    events = _deposits(date(2000, 1, 3), 25, every=7)
    result = compute(rules, events)
    eif = events[19].date + timedelta(days=30)
    assert result.entry_into_force == eif
    assert result.effects[events[0].id].effective_date == eif
    assert result.effects[events[21].id].effective_date is None  # 14 days after the 20th
    assert result.effects[events[24].id].effective_date == events[24].date + timedelta(days=30)


# -- checking against the record, and inferring ----------------------------------------------


def _deposits(first: date, n: int, *, every: int = 7) -> list[EventIn]:
    return [ev(f"S{i:03}", "ratification", first + timedelta(days=every * i)) for i in range(n)]


def test_rules_that_reproduce_the_recorded_date_pass_the_check():
    rules = Rules.from_dict(rules_from_article(STOCKHOLM).rules or {})
    events = _deposits(date(2002, 1, 1), 60)
    fiftieth = events[49].date
    check = check_against_record(
        rules, events, recorded=fiftieth + timedelta(days=90), complete=True
    )
    assert check.outcome == "reproduces"
    wrong = check_against_record(rules, events, recorded=date(2004, 1, 1), complete=True)
    assert wrong.outcome == "differs"


def test_a_threshold_the_complete_record_never_reaches_fails_the_check():
    rules = Rules.from_dict(rules_from_article(STOCKHOLM).rules or {})
    check = check_against_record(
        rules, _deposits(date(2002, 1, 1), 20), recorded=date(2004, 5, 17), complete=True
    )
    assert (check.outcome, check.reason) == (
        "differs",
        "the deposits on record do not reach the threshold",
    )


def test_one_delay_that_fits_is_inferred_with_the_roundest_count_and_reproduces_the_date():
    # Deposits every 13 days; 90 days after the 30th is the recorded date (and no other
    # plausible delay lands on it from any deposit: every 11 days, 12 months would too).
    events = _deposits(date(1992, 6, 5), 80, every=13)
    recorded = events[29].date + timedelta(days=90)
    inference = infer_rules(events, recorded)
    assert inference.outcome == "inferred" and inference.rules is not None
    assert inference.rules["entry_into_force"]["threshold"]["count"] == 30
    assert inference.rules["entry_into_force"]["period"] == [{"add": {"days": 90}}]
    assert inference.rules["later_states"]["period"] == [{"add": {"days": 90}}]
    result = compute(Rules.from_dict(inference.rules), events)
    assert result.entry_into_force == recorded
    later = events[60]
    assert result.effects[later.id].effective_date == later.date + timedelta(days=90)
    # Deposited between the threshold and the entry into force: its own 90 days if the clause
    # for later states covers it, the treaty's date if not. The record does not say: unknown.
    between = events[31]
    assert events[29].date < between.date < recorded
    assert (result.effects[between.id].effective_date, result.effects[between.id].basis) == (
        None,
        "unknown",
    )
    assert result.effects[events[3].id].effective_date == recorded


def test_two_delays_that_fit_are_kept_as_alternatives_and_only_their_agreement_is_a_date():
    events = [
        ev("A", "ratification", date(1988, 10, 3)),  # + 90 days = 1 Jan 1989
        ev("B", "ratification", date(1988, 12, 2)),  # + 30 days = 1 Jan 1989
    ]
    inference = infer_rules(events, date(1989, 1, 1))
    assert inference.outcome == "ambiguous" and inference.rules is not None
    periods = [fit.period for fit in inference.fits]
    assert ({"add": {"days": 90}},) in periods and ({"add": {"days": 30}},) in periods
    rules = Rules.from_dict(inference.rules)
    # One reading per delay and per scope of the clause for later states.
    readings = {(r.later_states.period, r.later_states.applies_after) for r in rules.every_reading}
    assert len(readings) == 2 * len({PLAUSIBLE_PERIODS.index(p) for p in periods}) >= 4
    # A joins long before any threshold: 1 Jan 1989 under every reading. C joins later: its
    # date depends on the delay, so it is unknown and the steps list what each reading gives.
    late = ev("C", "ratification", date(1990, 3, 1))
    result = compute(rules, [*events, late])
    assert result.entry_into_force == date(1989, 1, 1)
    a = result.effects[events[0].id]
    assert (a.effective_date, a.basis) == (date(1989, 1, 1), "computed")
    assert "each rule that fits" in a.explain()
    c = result.effects[late.id]
    assert (c.effective_date, c.basis) == (None, "unknown")
    assert "30 May 1990" in c.explain() and "31 Mar 1990" in c.explain()
    # C's status: consented until the earliest reading's date, "date of effect not computed"
    # while the readings disagree, party once every reading has it bound.
    c_periods = [(p.status, p.valid_from, p.valid_until) for p in result.periods if p.state == "C"]
    assert c_periods[0] == ("consented", date(1990, 3, 1), c_periods[1][1])
    assert c_periods[1][0] == "consented_unknown"
    assert c_periods[-1][0] == "party" and c_periods[-1][2] is None
    assert result.intervals["C"] == [Interval(c_periods[-1][1], None)]
    assert result.intervals["A"] == [Interval(date(1989, 1, 1), None)]


def test_alternatives_that_agree_on_a_later_joiner_give_its_date():
    # 90 days and 3 months: the same day from 1 Jan 1989 (January to March 1989 have 90
    # days) and from 1 Dec 1990, not from 1 Mar 1990 (30 May against 1 June).
    rules = Rules.from_dict(
        {
            **_later_delay_rules({"add": {"days": 90}}),
            "alternatives": [_later_delay_rules({"add": {"months": 3}})],
        }
    )
    assert Rules.from_dict(rules.to_dict()) == rules
    events = [
        ev("A", "ratification", date(1989, 1, 1)),
        ev("B", "ratification", date(1990, 12, 1)),
        ev("C", "ratification", date(1990, 3, 1)),
    ]
    result = compute(rules, events)
    assert result.entry_into_force == date(1989, 4, 1)
    assert result.effects[events[1].id].effective_date == date(1991, 3, 1)
    assert result.effects[events[1].id].basis == "computed"
    assert result.effects[events[2].id].effective_date is None


def _later_delay_rules(step):
    return {
        "entry_into_force": {
            "threshold": {"count": 1, "kinds": ["ratification"]},
            "period": [step],
        },
        "later_states": {"period": [step], "applies_after": "threshold"},
        "withdrawal": {"allowed": None},
    }


def test_a_rules_document_holds_a_bounded_number_of_alternatives():
    reading = _later_delay_rules({"add": {"days": 90}})
    Rules.from_dict({**reading, "alternatives": [reading] * MAX_ALTERNATIVES})
    with pytest.raises(RulesError) as caught:
        Rules.from_dict({**reading, "alternatives": [reading] * (MAX_ALTERNATIVES + 1)})
    assert "rules.alternatives" in {p.path for p in caught.value.problems}


def test_alternatives_are_checked_like_the_rules_themselves():
    document = {**_later_delay_rules({"add": {"days": 90}}), "alternatives": [{"bad": 1}]}
    with pytest.raises(RulesError) as caught:
        Rules.from_dict(document)
    paths = {p.path for p in caught.value.problems}
    assert "rules.alternatives[0].bad" in paths


def test_no_plausible_delay_means_no_rule():
    inference = infer_rules([ev("A", "ratification", date(1990, 1, 7))], date(1990, 1, 20))
    assert inference.outcome == "none" and inference.rules is None


@pytest.mark.parametrize("recorded", [None, date(1900, 1, 1)])
def test_without_a_recorded_date_or_earlier_deposits_nothing_can_be_inferred(recorded):
    inference = infer_rules([ev("A", "ratification", date(1990, 1, 7))], recorded)
    assert inference.outcome == "not_possible"
