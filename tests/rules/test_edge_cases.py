"""The edge cases that break naive date arithmetic, one group of tests per case (each named after
its real instance)."""

from datetime import date
from itertools import count

import pytest

from rules import (
    PARTY,
    WITHDRAWAL_PENDING,
    WITHDRAWN,
    Conflict,
    EventIn,
    Interval,
    catalogue_rules,
    compute,
    status_on,
    validate,
)

_ids = count(1)


def ev(state: str, kind: str, day: str, **extra) -> EventIn:
    return EventIn(id=next(_ids), state=state, kind=kind, date=date.fromisoformat(day), **extra)


def founders(total: int, on: str, *named: str, before: str) -> list[EventIn]:
    anonymous = [ev(f"State {i}", "ratification", before) for i in range(total - len(named))]
    return anonymous + [ev(name, "ratification", on) for name in named]


CCM = catalogue_rules("ccm")
APMBC = catalogue_rules("apmbc")
ROME = catalogue_rules("rome-statute")
PARIS = catalogue_rules("paris-agreement")
ATT = catalogue_rules("att")
TPNW = catalogue_rules("tpnw")
CTBT = catalogue_rules("ctbt")
NPT = catalogue_rules("npt")

CCM_FOUNDERS = founders(30, "2010-02-16", "Burkina Faso", "Moldova", before="2009-06-01")
APMBC_FOUNDERS = founders(
    40, "1998-09-16", "Burkina Faso", "Equatorial Guinea", before="1998-01-01"
)
ROME_FOUNDERS = founders(60, "2002-04-11", "Ireland", before="2001-01-01")
ATT_FOUNDERS = founders(50, "2014-09-25", "Portugal", before="2014-06-03")


def _effective(rules, events, event, **kwargs):
    return compute(rules, events, **kwargs).effects[event.id].effective_date


# -- 1. Pre-EIF instruments take the treaty's own EIF ------------------------------------------


def test_edge1_mauritius_apmbc_1997_ratification_took_1_march_1999_not_1_june_1998():
    mauritius = ev("Mauritius", "ratification", "1997-12-03")
    assert _effective(APMBC, [*APMBC_FOUNDERS, mauritius], mauritius) == date(1999, 3, 1)


@pytest.mark.parametrize(
    ("slug", "founding", "expected"),
    [
        ("ccm", CCM_FOUNDERS, date(2010, 8, 1)),
        ("apmbc", APMBC_FOUNDERS, date(1999, 3, 1)),
        ("rome-statute", ROME_FOUNDERS, date(2002, 7, 1)),
        ("att", ATT_FOUNDERS, date(2014, 12, 24)),
    ],
)
def test_edge1_every_founding_instrument_takes_the_treaty_entry_into_force(
    slug, founding, expected
):
    result = compute(catalogue_rules(slug), founding)
    assert {result.effects[e.id].effective_date for e in founding} == {expected}


def test_edge1_paris_threshold_parties_take_4_november_2016():
    eu = ev("European Union", "approval", "2016-10-05")
    us = ev("United States of America", "acceptance", "2016-09-03")
    result = compute(PARIS, [eu, us])
    assert result.effects[eu.id].effective_date == date(2016, 11, 4)
    assert result.effects[us.id].effective_date == date(2016, 11, 4)


# -- 2. Instruments between the threshold and the treaty's EIF --------------------------------


def test_edge2_algeria_paris_20_october_2016_takes_19_november_2016_after_the_eif():
    algeria = ev("Algeria", "ratification", "2016-10-20")
    assert _effective(PARIS, [algeria], algeria) == date(2016, 11, 19)


def test_edge2_jamaica_and_nauru_tpnw_23_october_2020_take_22_january_2021_not_21_january():
    jamaica = ev("Jamaica", "ratification", "2020-10-23")
    nauru = ev("Nauru", "ratification", "2020-10-23")
    events = [*founders(48, "2020-10-24", "Honduras", before="2019-06-01"), jamaica, nauru]
    result = compute(TPNW, events)
    assert result.entry_into_force == date(2021, 1, 22)
    assert result.effects[jamaica.id].effective_date == date(2021, 1, 22)
    assert result.effects[nauru.id].effective_date == date(2021, 1, 22)


def test_edge2_ccm_deposit_in_the_window_follows_17_2():
    uk = ev("United Kingdom", "ratification", "2010-05-04")
    assert _effective(CCM, [*CCM_FOUNDERS, uk], uk) == date(2010, 11, 1)


def test_edge2_rome_deposit_in_the_window_follows_126_2_but_not_before_the_eif():
    # 2002-05-01 + 60 days = 30 Jun 2002 -> 1 Jul 2002, the treaty's own date.
    early = ev("Window State", "ratification", "2002-05-01")
    assert _effective(ROME, [*ROME_FOUNDERS, early], early) == date(2002, 7, 1)


@pytest.mark.parametrize(
    "state",
    ["Guinea", "Serbia", "Saint Kitts and Nevis", "Liechtenstein", "Poland", "Lithuania"],
)
def test_edge2_att_gap_states_take_the_treaty_entry_into_force_24_december_2014(state):
    gap = ev(state, "ratification", "2014-10-21")
    result = compute(ATT, [*ATT_FOUNDERS, gap])
    effect = result.effects[gap.id]
    assert effect.effective_date == date(2014, 12, 24)
    explanation = effect.explain()
    assert "covers only later deposits" in explanation
    assert "VCLT art. 24(2)" in explanation


def test_edge2_att_deposit_on_the_eif_day_is_subsequent_to_it():
    same_day = ev("Same Day", "ratification", "2014-12-24")
    assert _effective(ATT, [*ATT_FOUNDERS, same_day], same_day) == date(2015, 3, 24)


# -- 3. Threshold-day batches ---------------------------------------------------------------------


@pytest.mark.parametrize("reverse", [False, True])
def test_edge3_ccm_batch_of_16_february_2010_order_within_the_day_does_not_change_the_eif(reverse):
    events = list(reversed(CCM_FOUNDERS)) if reverse else CCM_FOUNDERS
    result = compute(CCM, events)
    assert result.entry_into_force == date(2010, 8, 1)
    assert len(result.threshold_batch) == 2


def test_edge3_nth_labels_within_a_batch_are_ordered_by_name_and_explained():
    result = compute(CCM, CCM_FOUNDERS)
    burkina, moldova = CCM_FOUNDERS[-2:]
    assert (result.nth_instrument[burkina.id], result.nth_instrument[moldova.id]) == (29, 30)
    assert "their order within the day is not recorded" in result.entry_into_force_steps[0].text


def test_edge3_att_batch_of_25_september_2014_counts_only_ratification_acceptance_approval():
    accessions = [ev(f"Acceding {i}", "accession", "2014-01-01") for i in range(10)]
    ratifications = founders(45, "2014-09-25", before="2014-06-03")
    batch = [ev(f"Batch {i}", "ratification", "2014-09-25") for i in range(8)]
    result = compute(ATT, [*accessions, *ratifications, *batch])
    assert result.threshold_date == date(2014, 9, 25)
    assert "from 45 to 53" in result.entry_into_force_steps[0].text


def test_edge3_a_revoked_instrument_does_not_count_toward_the_threshold():
    events = [*founders(30, "2010-02-16", "Moldova", before="2009-06-01")]
    revoked = ev("Moldova", "consent_revoked", "2010-02-16")
    late = ev("Late", "ratification", "2010-03-10")
    result = compute(CCM, [*events, revoked, late])
    assert result.threshold_date == date(2010, 3, 10)


# -- 4. Deposit on the treaty's EIF day --------------------------------------------------------


def test_edge4_australia_rome_deposit_of_1_july_2002_takes_effect_1_september_2002():
    australia = ev("Australia", "ratification", "2002-07-01")
    assert _effective(ROME, [*ROME_FOUNDERS, australia], australia) == date(2002, 9, 1)


def test_edge4_cambodia_tpnw_deposit_of_22_january_2021_takes_effect_22_april_2021():
    cambodia = ev("Cambodia", "ratification", "2021-01-22")
    events = [*founders(50, "2020-10-24", "Honduras", before="2019-06-01"), cambodia]
    assert _effective(TPNW, events, cambodia) == date(2021, 4, 22)


# -- 5. "after the month" vs "after the date": deposits on the 1st -----------------------------


@pytest.mark.parametrize(
    ("slug", "state", "deposit", "expected"),
    [
        ("ccm", "Mauritania", "2012-02-01", date(2012, 8, 1)),
        ("ccm", "Mauritius", "2015-10-01", date(2016, 4, 1)),
        ("ccm", "Sri Lanka", "2018-03-01", date(2018, 9, 1)),
        ("apmbc", "Latvia", "2005-07-01", date(2006, 1, 1)),
    ],
)
def test_edge5_deposits_on_the_first_of_a_month_do_not_gain_or_lose_a_month(
    slug, state, deposit, expected
):
    founding = CCM_FOUNDERS if slug == "ccm" else APMBC_FOUNDERS
    instrument = ev(state, "accession", deposit)
    assert _effective(catalogue_rules(slug), [*founding, instrument], instrument) == expected


def test_edge5_a_threshold_on_the_first_of_a_month_counts_from_that_month():
    events = founders(30, "2010-02-01", "Thirtieth", before="2009-06-01")
    assert compute(CCM, events).entry_into_force == date(2010, 8, 1)


# -- 6. Successions -----------------------------------------------------------------------------


def test_edge6_south_sudan_apmbc_succession_is_retroactive_to_independence_9_july_2011():
    south_sudan = ev(
        "South Sudan", "succession", "2011-11-11", specified_effective_date=date(2011, 7, 9)
    )
    result = compute(APMBC, [*APMBC_FOUNDERS, south_sudan])
    assert result.effects[south_sudan.id].effective_date == date(2011, 7, 9)
    assert result.intervals["South Sudan"] == [Interval(date(2011, 7, 9), None)]
    assert status_on(result.periods, "South Sudan", date(2011, 8, 1)) == PARTY


def test_edge6_montenegro_apmbc_succession_binds_from_its_date_of_succession_3_june_2006():
    montenegro = ev("Montenegro", "succession", "2006-10-23", succession_date=date(2006, 6, 3))
    assert _effective(APMBC, [*APMBC_FOUNDERS, montenegro], montenegro) == date(2006, 6, 3)


def test_edge6_a_succession_without_a_date_of_succession_is_unknown_not_the_formula():
    montenegro = ev("Montenegro", "succession", "2006-10-23")
    result = compute(APMBC, [*APMBC_FOUNDERS, montenegro])
    effect = result.effects[montenegro.id]
    assert effect.effective_date is None
    assert effect.basis == "unknown"
    assert "date of succession is not recorded" in effect.explain()


def test_edge6_a_succession_cannot_take_effect_before_the_treaty_itself():
    early = ev("Successor", "succession", "1999-06-01", specified_effective_date=date(1998, 1, 1))
    assert _effective(APMBC, [*APMBC_FOUNDERS, early], early) == date(1999, 3, 1)


# -- 7. Withdrawal anchors: receipt by the depositary ------------------------------------------


@pytest.mark.parametrize(
    ("slug", "state", "received", "expected"),
    [
        ("apmbc", "Estonia", "2025-06-27", date(2025, 12, 27)),  # not the C.N. of 3 Jul
        ("ccm", "Lithuania", "2024-09-06", date(2025, 3, 6)),  # not the domestic law
        ("rome-statute", "Hungary", "2025-06-02", date(2026, 6, 2)),  # not 3 Apr announcement
        ("rome-statute", "Burundi", "2016-10-27", date(2017, 10, 27)),
        ("rome-statute", "Philippines", "2018-03-17", date(2019, 3, 17)),  # not 15/16 Mar
    ],
)
def test_edge7_withdrawal_counts_from_receipt_by_the_depositary(slug, state, received, expected):
    founding = {"apmbc": APMBC_FOUNDERS, "ccm": CCM_FOUNDERS, "rome-statute": ROME_FOUNDERS}[slug]
    joined = ev(state, "ratification", "2011-03-24")
    notice = ev(state, "withdrawal", received)
    assert _effective(catalogue_rules(slug), [*founding, joined, notice], notice) == expected


def test_edge7_the_published_date_is_kept_as_a_fact_and_a_difference_is_flagged():
    joined = ev("Philippines", "ratification", "2011-08-30")
    notice = ev(
        "Philippines", "withdrawal", "2018-03-16", published_effective_date=date(2019, 3, 17)
    )
    effect = compute(ROME, [*ROME_FOUNDERS, joined, notice]).effects[notice.id]
    assert effect.effective_date == date(2019, 3, 16)  # computed, never overwritten
    assert effect.published_effective_date == date(2019, 3, 17)
    assert effect.disagrees is True


# -- 8. Conditional withdrawals ------------------------------------------------------------------


def _poland(conflicts):
    joined = ev("Poland", "ratification", "2012-12-27")
    notice = ev("Poland", "withdrawal", "2025-08-20")
    result = compute(APMBC, [*APMBC_FOUNDERS, joined, notice], conflicts={"Poland": conflicts})
    return result, result.effects[notice.id]


def test_edge8_apmbc_withdrawal_without_conflict_takes_effect_but_carries_the_condition():
    _, effect = _poland([])
    assert effect.effective_date == date(2026, 2, 20)
    assert "not take effect before the end of the armed conflict" in (effect.condition or "")


def test_edge8_apmbc_withdrawal_is_suspended_while_a_conflict_is_ongoing():
    result, effect = _poland([Conflict(date(2026, 1, 1))])
    assert effect.effective_date is None
    assert "ongoing" in effect.explain()
    assert status_on(result.periods, "Poland", date(2027, 1, 1)) == WITHDRAWAL_PENDING


def test_edge8_apmbc_withdrawal_takes_effect_at_the_end_of_the_conflict():
    result, effect = _poland([Conflict(date(2026, 1, 1), date(2026, 9, 30))])
    assert effect.effective_date == date(2026, 9, 30)
    assert status_on(result.periods, "Poland", date(2026, 9, 29)) == WITHDRAWAL_PENDING
    assert status_on(result.periods, "Poland", date(2026, 9, 30)) == WITHDRAWN


def test_edge8_successive_conflicts_keep_the_withdrawal_suspended_until_the_last_ends():
    _, effect = _poland(
        [Conflict(date(2026, 1, 1), date(2026, 5, 1)), Conflict(date(2026, 4, 1), date(2026, 8, 1))]
    )
    assert effect.effective_date == date(2026, 8, 1)


def test_edge8_a_conflict_that_ended_before_the_six_months_expired_changes_nothing():
    _, effect = _poland([Conflict(date(2025, 9, 1), date(2025, 12, 1))])
    assert effect.effective_date == date(2026, 2, 20)


def test_edge8_tpnw_state_party_to_a_conflict_remains_bound_until_it_is_no_longer():
    joined = ev("Member", "ratification", "2021-06-01")
    notice = ev("Member", "withdrawal", "2030-01-10")
    events = [*founders(50, "2020-10-24", before="2019-06-01"), joined, notice]
    ongoing = compute(TPNW, events, conflicts={"Member": [Conflict(date(2030, 6, 1))]})
    assert ongoing.effects[notice.id].effective_date is None
    assert "remains bound" in (ongoing.effects[notice.id].condition or "")
    ended = compute(
        TPNW, events, conflicts={"Member": [Conflict(date(2030, 6, 1), date(2031, 3, 3))]}
    )
    assert ended.effects[notice.id].effective_date == date(2031, 3, 3)


@pytest.mark.parametrize("slug", ["rome-statute", "paris-agreement", "att", "unclos"])
def test_edge8_a_later_date_specified_in_the_notice_is_honoured(slug):
    rules = catalogue_rules(slug)
    joined = ev("Member", "ratification", "1990-01-01")
    notice = ev("Member", "withdrawal", "2030-01-10", specified_effective_date=date(2032, 1, 1))
    founding = ROME_FOUNDERS if slug == "rome-statute" else ATT_FOUNDERS if slug == "att" else []
    effect = compute(rules, [*founding, joined, notice]).effects[notice.id]
    assert effect.effective_date == date(2032, 1, 1)
    assert "later date specified in the notification" in effect.explain()


def test_edge8_a_later_date_is_ignored_where_the_treaty_has_no_such_provision():
    joined = ev("Member", "ratification", "2011-03-24")
    notice = ev("Member", "withdrawal", "2025-01-10", specified_effective_date=date(2027, 1, 1))
    effect = compute(CCM, [*CCM_FOUNDERS, joined, notice]).effects[notice.id]
    assert effect.effective_date == date(2025, 7, 10)


# -- 9. Minimum periods before withdrawal may be notified --------------------------------------


def test_edge9_paris_withdrawal_one_day_before_three_years_is_refused_by_validation():
    accepted = ev("United States of America", "acceptance", "2016-09-03")
    notice = ev("United States of America", "withdrawal", "2019-11-03")
    violations = validate(PARIS, [accepted, notice], today=date(2026, 2, 3), adopted_on=None)
    assert [v.code for v in violations] == ["too_early"]
    assert "earliest allowed date is 2019-11-04" in violations[0].message


@pytest.mark.parametrize(
    "slug", ["ccm", "apmbc", "rome-statute", "att", "tpnw", "cwc", "npt", "ctbt"]
)
def test_edge9_treaties_without_a_minimum_period_accept_notice_the_day_after_joining(slug):
    assert catalogue_rules(slug).withdrawal.minimum_membership is None


def test_edge9_minimum_periods_paris_kyoto_echr_nato():
    expected = {
        "paris-agreement": (3, "years", "party_entry_into_force"),
        "kyoto-protocol": (3, "years", "party_entry_into_force"),
        "echr": (5, "years", "party_entry_into_force"),
        "north-atlantic-treaty": (20, "years", "treaty_entry_into_force"),
    }
    for slug, (amount, unit, anchor) in expected.items():
        minimum = catalogue_rules(slug).withdrawal.minimum_membership
        assert minimum is not None
        assert (minimum.amount, minimum.unit, minimum.from_) == (amount, unit, anchor)


# -- 10. Non-events that look like events ---------------------------------------------------------


def test_edge10_malaysia_withdrawal_of_its_rome_accession_is_a_revocation_not_a_withdrawal():
    accession = ev("Malaysia", "accession", "2019-03-04")
    revoked = ev("Malaysia", "consent_revoked", "2019-04-29")
    result = compute(ROME, [*ROME_FOUNDERS, accession, revoked])
    assert result.effects[accession.id].would_have_taken_effect == date(2019, 6, 1)
    assert "Malaysia" not in result.intervals


def test_edge10_russia_ctbt_de_ratification_of_a_treaty_not_in_force():
    ratified = ev("Russian Federation", "ratification", "2000-06-30")
    revoked = ev("Russian Federation", "consent_revoked", "2023-11-02")
    result = compute(CTBT, [ratified, revoked])
    assert result.effects[ratified.id].superseded_by == revoked.id
    assert result.effects[revoked.id].effective_date == date(2023, 11, 2)


def test_edge10_a_revocation_after_entry_into_force_has_no_effect_withdrawal_is_needed():
    joined = ev("Member", "ratification", "2011-03-24")
    late = ev("Member", "consent_revoked", "2012-01-01")
    result = compute(CCM, [*CCM_FOUNDERS, joined, late])
    assert result.effects[late.id].issue == "no_pending_consent"
    assert status_on(result.periods, "Member", date(2013, 1, 1)) == PARTY


def test_edge10_gambia_rescission_keeps_the_membership_interval_unbroken():
    joined = ev("Gambia", "ratification", "2002-06-28")
    notice = ev("Gambia", "withdrawal", "2016-11-10")
    rescinded = ev("Gambia", "withdrawal_rescinded", "2017-02-10")
    result = compute(ROME, [*ROME_FOUNDERS, joined, notice, rescinded])
    assert result.intervals["Gambia"] == [Interval(date(2002, 9, 1), None)]


def test_edge10_dprk_rescission_one_day_before_effect_still_counts():
    joined = ev("DPRK", "accession", "1985-12-12")
    notice = ev("DPRK", "withdrawal", "1993-03-12")
    rescinded = ev("DPRK", "withdrawal_rescinded", "1993-06-11")
    too_late = ev("DPRK", "withdrawal_rescinded", "1993-06-12")
    result = compute(NPT, [joined, notice, rescinded])
    assert result.effects[notice.id].superseded_by == rescinded.id
    late = compute(NPT, [joined, notice, too_late])
    assert late.effects[too_late.id].issue == "no_pending_withdrawal"
    assert status_on(late.periods, "DPRK", date(1993, 6, 12)) == WITHDRAWN


def test_edge10_re_accession_after_withdrawal_opens_a_new_interval():
    joined = ev("Burundi", "ratification", "2004-09-21")
    notice = ev("Burundi", "withdrawal", "2016-10-27")
    back = ev("Burundi", "accession", "2030-03-15")
    result = compute(ROME, [*ROME_FOUNDERS, joined, notice, back])
    assert result.intervals["Burundi"] == [
        Interval(date(2004, 12, 1), date(2017, 10, 27)),
        Interval(date(2030, 6, 1), None),
    ]
