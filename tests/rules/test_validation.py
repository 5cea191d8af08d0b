"""Editorial validation of a whole event list: codes for machines, sentences for editors."""

from datetime import date
from itertools import count

from rules import EventIn, Rules, catalogue_rules, validate

_ids = count(1)
TODAY = date(2026, 2, 3)


def ev(state: str, kind: str, day: str, **extra) -> EventIn:
    return EventIn(id=next(_ids), state=state, kind=kind, date=date.fromisoformat(day), **extra)


def founders(total: int, on: str, before: str) -> list[EventIn]:
    return [ev(f"State {i}", "ratification", before) for i in range(total - 1)] + [
        ev("Last", "ratification", on)
    ]


CCM = catalogue_rules("ccm")
ROME = catalogue_rules("rome-statute")
PARIS = catalogue_rules("paris-agreement")
NATO = catalogue_rules("north-atlantic-treaty")
CCM_FOUNDERS = founders(30, "2010-02-16", before="2009-06-01")
ROME_FOUNDERS = founders(60, "2002-04-11", before="2001-01-01")


def codes(rules: Rules, events: list[EventIn], adopted_on: date | None = None) -> list[str]:
    return [v.code for v in validate(rules, events, today=TODAY, adopted_on=adopted_on)]


def test_a_clean_history_has_no_violations():
    events = [
        *CCM_FOUNDERS,
        ev("Lithuania", "signature", "2008-12-03"),
        ev("Lithuania", "ratification", "2011-03-24"),
        ev("Lithuania", "withdrawal", "2024-09-06"),
    ]
    assert codes(CCM, events, adopted_on=date(2008, 5, 30)) == []


def test_lithuania_cannot_withdraw_in_2007_before_it_has_any_instrument():
    notice = ev("Lithuania", "withdrawal", "2007-01-01")
    violations = validate(CCM, [*CCM_FOUNDERS, notice], today=TODAY, adopted_on=None)
    assert len(violations) == 1
    assert violations[0].event_id == notice.id
    assert violations[0].code == "not_bound"
    assert violations[0].message == (
        "Lithuania cannot withdraw on 2007-01-01: it has no instrument in force or pending for"
        " this treaty"
    )


def test_a_state_cannot_withdraw_again_after_its_withdrawal_took_effect():
    events = [
        *CCM_FOUNDERS,
        ev("Lithuania", "ratification", "2011-03-24"),
        ev("Lithuania", "withdrawal", "2024-09-06"),
        ev("Lithuania", "withdrawal", "2025-06-01"),
    ]
    assert codes(CCM, events) == ["not_bound"]


def test_a_second_withdrawal_while_one_is_pending_is_refused():
    events = [
        *CCM_FOUNDERS,
        ev("Lithuania", "ratification", "2011-03-24"),
        ev("Lithuania", "withdrawal", "2024-09-06"),
        ev("Lithuania", "withdrawal", "2024-10-01"),
    ]
    assert codes(CCM, events) == ["already_withdrawing"]


def test_paris_withdrawal_before_three_years_names_the_earliest_allowed_date():
    events = [
        ev("United States of America", "acceptance", "2016-09-03"),
        ev("United States of America", "withdrawal", "2017-06-01"),
    ]
    (violation,) = validate(PARIS, events, today=TODAY, adopted_on=None)
    assert violation.code == "too_early"
    assert violation.field == "date"
    assert violation.message == (
        "United States of America cannot withdraw on 2017-06-01: art. 28 allows notice only 3"
        " years after the treaty entered into force for it (2016-11-04); the earliest allowed"
        " date is 2019-11-04"
    )


def test_paris_second_withdrawal_counts_three_years_from_the_second_membership():
    us = "United States of America"
    events = [
        ev(us, "acceptance", "2016-09-03"),
        ev(us, "withdrawal", "2019-11-04"),
        ev(us, "acceptance", "2021-01-20"),
        ev(us, "withdrawal", "2023-01-27"),
    ]
    (violation,) = validate(PARIS, events, today=TODAY, adopted_on=None)
    assert "earliest allowed date is 2024-02-19" in violation.message


def test_nato_denunciation_only_after_twenty_years_of_treaty_force():
    from dataclasses import replace

    recorded = replace(
        NATO, entry_into_force=replace(NATO.entry_into_force, recorded_date=date(1949, 8, 24))
    )
    events = [ev("France", "ratification", "1949-08-24"), ev("France", "withdrawal", "1966-03-10")]
    (violation,) = validate(recorded, events, today=TODAY, adopted_on=None)
    assert violation.code == "too_early"
    assert "earliest allowed date is 1969-08-24" in violation.message


def test_withdrawal_from_a_treaty_without_a_withdrawal_clause_is_refused():
    data = CCM.to_dict()
    data["withdrawal"] = {"allowed": False}
    rules = Rules.from_dict(data)
    events = [*CCM_FOUNDERS, ev("Member", "ratification", "2011-01-01")]
    assert codes(rules, [*events, ev("Member", "withdrawal", "2015-01-01")]) == ["not_allowed"]


def test_a_second_consent_while_consented_is_refused():
    events = [
        *CCM_FOUNDERS,
        ev("Member", "ratification", "2011-03-24"),
        ev("Member", "accession", "2011-04-01"),
    ]
    violations = validate(CCM, events, today=TODAY, adopted_on=None)
    assert [v.code for v in violations] == ["already_bound"]
    assert violations[0].message.startswith("Member cannot deposit an instrument of accession on")


def test_a_second_consent_while_a_party_is_refused():
    events = [
        *CCM_FOUNDERS,
        ev("Member", "ratification", "2011-03-24"),
        ev("Member", "ratification", "2015-01-01"),
    ]
    assert codes(CCM, events) == ["already_bound"]


def test_re_accession_after_the_withdrawal_took_effect_is_fine():
    events = [
        *ROME_FOUNDERS,
        ev("Burundi", "ratification", "2004-09-21"),
        ev("Burundi", "withdrawal", "2016-10-27"),
        ev("Burundi", "accession", "2025-01-01"),
    ]
    assert codes(ROME, events) == []


def test_a_rescission_without_a_pending_withdrawal_is_refused():
    events = [
        *ROME_FOUNDERS,
        ev("Gambia", "ratification", "2002-06-28"),
        ev("Gambia", "withdrawal_rescinded", "2017-02-10"),
    ]
    violations = validate(ROME, events, today=TODAY, adopted_on=None)
    assert [v.code for v in violations] == ["no_pending_withdrawal"]
    assert "Gambia cannot rescind a withdrawal on 2017-02-10" in violations[0].message


def test_a_revocation_without_a_consent_is_refused():
    events = [*ROME_FOUNDERS, ev("Malaysia", "consent_revoked", "2019-04-29")]
    assert codes(ROME, events) == ["no_pending_consent"]


def test_a_revocation_after_the_instrument_took_effect_is_refused():
    events = [
        *ROME_FOUNDERS,
        ev("Malaysia", "accession", "2019-03-04"),
        ev("Malaysia", "consent_revoked", "2019-06-01"),
    ]
    violations = validate(ROME, events, today=TODAY, adopted_on=None)
    assert [v.code for v in violations] == ["no_pending_consent"]
    assert "only be ended by withdrawal" in violations[0].message


def test_a_deposit_dated_in_the_future_is_refused_but_future_effects_are_fine():
    events = [
        *ROME_FOUNDERS,
        ev("Hungary", "ratification", "2001-11-30"),
        ev("Hungary", "withdrawal", "2025-06-02"),  # takes effect 2026-06-02, after TODAY
        ev("Future", "accession", "2026-02-04"),
    ]
    violations = validate(ROME, events, today=TODAY, adopted_on=None)
    assert [v.code for v in violations] == ["future_date"]
    assert "2026-02-04, after today (2026-02-03)" in violations[0].message


def test_an_event_before_adoption_is_refused():
    events = [*CCM_FOUNDERS, ev("Early", "signature", "2008-05-29")]
    violations = validate(CCM, events, today=TODAY, adopted_on=date(2008, 5, 30))
    assert [v.code for v in violations] == ["before_adoption"]
    assert "before the treaty was adopted (2008-05-30)" in violations[0].message


def test_a_same_day_duplicate_is_reported_once_as_duplicate():
    first = ev("Member", "ratification", "2011-03-24")
    second = ev("Member", "ratification", "2011-03-24")
    violations = validate(CCM, [*CCM_FOUNDERS, first, second], today=TODAY, adopted_on=None)
    assert [(v.event_id, v.code) for v in violations] == [(second.id, "duplicate")]


def test_a_specified_withdrawal_date_earlier_than_the_treaty_allows_is_refused():
    events = [
        *ROME_FOUNDERS,
        ev("Member", "ratification", "2004-01-01"),
        ev("Member", "withdrawal", "2020-01-10", specified_effective_date=date(2020, 6, 1)),
    ]
    violations = validate(ROME, events, today=TODAY, adopted_on=None)
    assert [(v.field, v.code) for v in violations] == [
        ("specified_effective_date", "specified_date_too_early")
    ]
    assert "earlier than art. 127(1) allows (2021-01-10)" in violations[0].message


def test_a_specified_later_date_where_the_treaty_has_no_such_provision_is_refused():
    events = [
        *CCM_FOUNDERS,
        ev("Member", "ratification", "2011-03-24"),
        ev("Member", "withdrawal", "2020-01-10", specified_effective_date=date(2021, 1, 1)),
    ]
    assert codes(CCM, events) == ["specified_date_not_allowed"]


def test_a_specified_date_on_a_ratification_is_refused():
    events = [
        *CCM_FOUNDERS,
        ev("Member", "ratification", "2011-03-24", specified_effective_date=date(2011, 1, 1)),
    ]
    assert codes(CCM, events) == ["specified_date_not_applicable"]


def test_an_unknown_kind_is_refused_ukraine_suspension():
    events = [*CCM_FOUNDERS, ev("Ukraine", "suspension", "2025-06-29")]
    assert codes(CCM, events) == ["unknown_kind"]


def test_violations_come_in_date_order():
    events = [
        *CCM_FOUNDERS,
        ev("B", "withdrawal", "2015-01-01"),
        ev("A", "withdrawal", "2012-01-01"),
    ]
    violations = validate(CCM, events, today=TODAY, adopted_on=None)
    assert [v.message[:1] for v in violations] == ["A", "B"]
