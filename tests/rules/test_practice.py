"""Every real case of depositary practice we rely on, pinned as a test named after the case.

Dates come from the spec. Where the spec gives a fact only partly (South Africa's Rome
withdrawal "Oct 2016", the dates on which withdrawals were rescinded, the ratification dates of
states whose withdrawal is the practice being pinned), the test says so and uses an
illustrative date; the assertion is about the rule, not that date.
"""

from dataclasses import replace
from datetime import date
from itertools import count

from rules import (
    CONSENTED,
    NOT_JOINED,
    PARTY,
    SIGNATORY,
    WITHDRAWAL_PENDING,
    WITHDRAWN,
    Conflict,
    EventIn,
    Interval,
    Rules,
    catalogue_rules,
    compute,
    status_on,
    validate,
)

_ids = count(1)


def ev(state: str, kind: str, day: str, **extra) -> EventIn:
    return EventIn(id=next(_ids), state=state, kind=kind, date=date.fromisoformat(day), **extra)


def founders(total: int, on: str, *named: str, before: str = "1990-01-01") -> list[EventIn]:
    """``total`` ratifications: anonymous ones on ``before``, the named ones on ``on``."""
    anonymous = [ev(f"State {i}", "ratification", before) for i in range(total - len(named))]
    return anonymous + [ev(name, "ratification", on) for name in named]


def effect_of(rules: Rules, events: list[EventIn], event: EventIn, **kwargs):
    return compute(rules, events, **kwargs).effects[event.id]


CCM = catalogue_rules("ccm")
APMBC = catalogue_rules("apmbc")
ROME = catalogue_rules("rome-statute")
PARIS = catalogue_rules("paris-agreement")
ATT = catalogue_rules("att")
TPNW = catalogue_rules("tpnw")
CWC = catalogue_rules("cwc")
NPT = catalogue_rules("npt")
CTBT = catalogue_rules("ctbt")
NATO = catalogue_rules("north-atlantic-treaty")
ECHR = catalogue_rules("echr")
UNCLOS = catalogue_rules("unclos")
KYOTO = catalogue_rules("kyoto-protocol")

CCM_FOUNDERS = founders(
    30, "2010-02-16", "Burkina Faso", "Republic of Moldova", before="2009-06-01"
)
APMBC_FOUNDERS = founders(
    40, "1998-09-16", "Burkina Faso", "Equatorial Guinea", before="1998-01-01"
)
ROME_FOUNDERS = founders(60, "2002-04-11", "Ireland", before="2001-01-01")
TPNW_FOUNDERS = founders(50, "2020-10-24", "Honduras", before="2019-06-01")


# -- 1. Convention on Cluster Munitions --------------------------------------------------------


def test_ccm_enters_into_force_1_august_2010_after_the_30th_instrument_of_16_february_2010():
    result = compute(CCM, CCM_FOUNDERS)
    assert result.threshold_date == date(2010, 2, 16)
    assert result.entry_into_force == date(2010, 8, 1)
    text = "; ".join(str(s) for s in result.entry_into_force_steps)
    assert "30th instrument deposited 16 Feb 2010" in text
    assert "→ 1 Aug 2010 (art. 17(1))" in text


def test_lithuania_ccm_2011_ratification_takes_effect_1_september_2011():
    lithuania = ev("Lithuania", "ratification", "2011-03-24")
    effect = effect_of(CCM, [*CCM_FOUNDERS, lithuania], lithuania)
    assert effect.effective_date == date(2011, 9, 1)
    assert [str(s) for s in effect.steps] == [
        "deposit (ratification) 24 Mar 2011",
        "first day of the sixth month after the date of deposit → 1 Sep 2011 (art. 17(2))",
    ]


def test_united_kingdom_ccm_deposit_of_4_may_2010_between_threshold_and_eif_falls_under_17_2():
    uk = ev("United Kingdom", "ratification", "2010-05-04")
    assert effect_of(CCM, [*CCM_FOUNDERS, uk], uk).effective_date == date(2010, 11, 1)


def test_lithuania_ccm_withdrawal_notified_6_september_2024_takes_effect_6_march_2025():
    lithuania = ev("Lithuania", "ratification", "2011-03-24")
    notice = ev("Lithuania", "withdrawal", "2024-09-06")
    result = compute(CCM, [*CCM_FOUNDERS, lithuania, notice])
    effect = result.effects[notice.id]
    assert effect.effective_date == date(2025, 3, 6)
    assert str(effect.steps[-1]) == "six months after receipt → 6 Mar 2025 (art. 20(3))"
    assert result.intervals["Lithuania"] == [Interval(date(2011, 9, 1), date(2025, 3, 6))]
    assert status_on(result.periods, "Lithuania", date(2025, 3, 5)) == WITHDRAWAL_PENDING
    assert status_on(result.periods, "Lithuania", date(2025, 3, 6)) == WITHDRAWN


def test_ccm_provisional_application_does_not_make_a_state_a_party_art_18():
    norway = ev("Norway", "provisional_application", "2009-12-03")
    result = compute(CCM, [*CCM_FOUNDERS, norway])
    assert norway.id not in result.effects
    assert status_on(result.periods, "Norway", date(2010, 1, 1)) == NOT_JOINED


# -- 2. Anti-Personnel Mine Ban Convention -----------------------------------------------------


def test_apmbc_enters_into_force_1_march_1999_after_the_40th_instrument_of_16_september_1998():
    result = compute(APMBC, APMBC_FOUNDERS)
    assert result.entry_into_force == date(1999, 3, 1)
    assert set(result.threshold_batch) == {e.id for e in APMBC_FOUNDERS[-2:]}


def _apmbc_withdrawal(state: str, notified: str, **extra):
    joined = ev(state, "ratification", "2000-01-01")
    notice = ev(state, "withdrawal", notified, **extra)
    return compute(APMBC, [*APMBC_FOUNDERS, joined, notice]), notice


def test_estonia_apmbc_withdrawal_counts_from_receipt_27_june_2025_not_the_cn_of_3_july():
    result, notice = _apmbc_withdrawal("Estonia", "2025-06-27")
    assert result.effects[notice.id].effective_date == date(2025, 12, 27)


def test_latvia_apmbc_withdrawal_received_27_june_2025_takes_effect_27_december_2025():
    result, notice = _apmbc_withdrawal("Latvia", "2025-06-27")
    assert result.effects[notice.id].effective_date == date(2025, 12, 27)


def test_lithuania_apmbc_withdrawal_received_27_june_2025_takes_effect_27_december_2025():
    result, notice = _apmbc_withdrawal("Lithuania", "2025-06-27")
    assert result.effects[notice.id].effective_date == date(2025, 12, 27)


def test_finland_apmbc_withdrawal_received_10_july_2025_takes_effect_10_january_2026():
    result, notice = _apmbc_withdrawal("Finland", "2025-07-10")
    assert result.effects[notice.id].effective_date == date(2026, 1, 10)


def test_poland_apmbc_withdrawal_takes_effect_20_february_2026_subject_to_the_condition():
    result, notice = _apmbc_withdrawal(
        "Poland", "2025-08-20", published_effective_date=date(2026, 2, 20)
    )
    effect = result.effects[notice.id]
    assert effect.effective_date == date(2026, 2, 20)
    assert effect.condition is not None
    assert "art. 20(3)" in effect.condition
    assert "armed conflict" in effect.condition
    assert effect.disagrees is False


def test_ukraine_apmbc_domestic_suspension_is_not_a_withdrawal_so_ukraine_remains_a_party():
    # The decree and the Rada law are not notifications to the depositary: no event exists.
    ukraine = ev("Ukraine", "ratification", "2005-12-27")
    result = compute(APMBC, [*APMBC_FOUNDERS, ukraine])
    assert status_on(result.periods, "Ukraine", date(2026, 2, 3)) == PARTY


# -- 3. Rome Statute -------------------------------------------------------------------------------


def test_rome_statute_enters_into_force_1_july_2002_via_the_60th_day_10_june_2002():
    result = compute(ROME, ROME_FOUNDERS)
    assert result.entry_into_force == date(2002, 7, 1)
    steps = [str(s) for s in result.entry_into_force_steps]
    assert "the 60th day following → 10 Jun 2002 (art. 126(1))" in steps
    assert "first day of the month after → 1 Jul 2002 (art. 126(1))" in steps


def _rome_member(state: str, joined: str = "2004-01-01") -> EventIn:
    return ev(state, "ratification", joined)


def test_burundi_rome_withdrawal_notified_27_october_2016_took_effect_27_october_2017():
    burundi = _rome_member("Burundi")
    notice = ev("Burundi", "withdrawal", "2016-10-27")
    result = compute(ROME, [*ROME_FOUNDERS, burundi, notice])
    assert result.effects[notice.id].effective_date == date(2017, 10, 27)
    assert status_on(result.periods, "Burundi", date(2017, 10, 27)) == WITHDRAWN


def test_philippines_rome_withdrawal_received_17_march_2018_took_effect_17_march_2019():
    philippines = _rome_member("Philippines", "2011-08-30")
    notice = ev("Philippines", "withdrawal", "2018-03-17")
    result = compute(ROME, [*ROME_FOUNDERS, philippines, notice])
    assert result.effects[notice.id].effective_date == date(2019, 3, 17)


def test_hungary_rome_withdrawal_received_2_june_2025_takes_effect_2_june_2026():
    hungary = _rome_member("Hungary")
    notice = ev("Hungary", "withdrawal", "2025-06-02")
    result = compute(ROME, [*ROME_FOUNDERS, hungary, notice])
    assert result.effects[notice.id].effective_date == date(2026, 6, 2)
    assert status_on(result.periods, "Hungary", date(2026, 2, 3)) == WITHDRAWAL_PENDING


def test_gambia_rome_withdrawal_of_10_november_2016_rescinded_before_effect_leaves_it_a_party():
    gambia = _rome_member("Gambia")
    notice = ev("Gambia", "withdrawal", "2016-11-10")
    rescission = ev("Gambia", "withdrawal_rescinded", "2017-02-10")  # illustrative date
    result = compute(ROME, [*ROME_FOUNDERS, gambia, notice, rescission])
    withdrawn = result.effects[notice.id]
    assert withdrawn.effective_date is None
    assert withdrawn.superseded_by == rescission.id
    assert withdrawn.would_have_taken_effect == date(2017, 11, 10)
    # 2004-01-01 + 60 days = 1 Mar 2004, a 1st: "the month after" is still April.
    assert result.intervals["Gambia"] == [Interval(date(2004, 4, 1), None)]
    assert status_on(result.periods, "Gambia", date(2017, 1, 1)) == WITHDRAWAL_PENDING
    assert status_on(result.periods, "Gambia", date(2017, 2, 10)) == PARTY


def test_south_africa_rome_withdrawal_of_october_2016_rescinded_before_effect():
    south_africa = _rome_member("South Africa", "2000-11-27")
    notice = ev("South Africa", "withdrawal", "2016-10-19")  # spec: "Oct 2016"
    rescission = ev("South Africa", "withdrawal_rescinded", "2017-03-07")  # illustrative
    result = compute(ROME, [*ROME_FOUNDERS, south_africa, notice, rescission])
    assert result.effects[notice.id].superseded_by == rescission.id
    assert status_on(result.periods, "South Africa", date(2026, 1, 1)) == PARTY


def test_malaysia_rome_accession_of_4_march_2019_revoked_29_april_2019_never_took_effect():
    accession = ev("Malaysia", "accession", "2019-03-04")
    revoked = ev("Malaysia", "consent_revoked", "2019-04-29")
    result = compute(ROME, [*ROME_FOUNDERS, accession, revoked])
    effect = result.effects[accession.id]
    assert effect.effective_date is None
    assert effect.would_have_taken_effect == date(2019, 6, 1)
    assert effect.superseded_by == revoked.id
    assert "Malaysia" not in result.intervals
    assert status_on(result.periods, "Malaysia", date(2019, 4, 1)) == CONSENTED
    assert status_on(result.periods, "Malaysia", date(2019, 6, 1)) == NOT_JOINED


# -- 4. Paris Agreement --------------------------------------------------------------------------


US = "United States of America"


def _us_paris_history() -> list[EventIn]:
    return [
        ev(US, "signature", "2016-04-22"),
        ev(US, "acceptance", "2016-09-03"),
        ev(US, "withdrawal", "2019-11-04"),
        ev(US, "acceptance", "2021-01-20"),
        ev(US, "withdrawal", "2025-01-27"),
    ]


def test_paris_agreement_enters_into_force_4_november_2016_from_the_threshold_of_5_october():
    result = compute(PARIS, [])
    assert result.threshold_date == date(2016, 10, 5)
    assert result.entry_into_force == date(2016, 11, 4)


def test_united_states_paris_history_four_events_two_membership_intervals():
    history = _us_paris_history()
    result = compute(PARIS, history)
    effective = [result.effects[e.id].effective_date for e in history[1:]]
    assert effective == [date(2016, 11, 4), date(2020, 11, 4), date(2021, 2, 19), date(2026, 1, 27)]
    assert result.intervals[US] == [
        Interval(date(2016, 11, 4), date(2020, 11, 4)),
        Interval(date(2021, 2, 19), date(2026, 1, 27)),
    ]


def test_united_states_paris_status_rows_follow_every_change():
    result = compute(PARIS, _us_paris_history())
    rows = [(p.status, p.valid_from, p.valid_until) for p in result.periods if p.state == US]
    assert rows == [
        (SIGNATORY, date(2016, 4, 22), date(2016, 9, 3)),
        (CONSENTED, date(2016, 9, 3), date(2016, 11, 4)),
        (PARTY, date(2016, 11, 4), date(2019, 11, 4)),
        (WITHDRAWAL_PENDING, date(2019, 11, 4), date(2020, 11, 4)),
        (WITHDRAWN, date(2020, 11, 4), date(2021, 1, 20)),
        (CONSENTED, date(2021, 1, 20), date(2021, 2, 19)),
        (PARTY, date(2021, 2, 19), date(2025, 1, 27)),
        (WITHDRAWAL_PENDING, date(2025, 1, 27), date(2026, 1, 27)),
        (WITHDRAWN, date(2026, 1, 27), None),
    ]


def test_united_states_paris_withdrawal_notified_on_the_first_possible_day_4_november_2019():
    violations = validate(PARIS, _us_paris_history(), today=date(2026, 2, 3), adopted_on=None)
    assert violations == []


def test_algeria_paris_deposit_of_20_october_2016_takes_effect_19_november_2016():
    algeria = ev("Algeria", "ratification", "2016-10-20")
    assert effect_of(PARIS, [algeria], algeria).effective_date == date(2016, 11, 19)


# -- 5. Arms Trade Treaty --------------------------------------------------------------------------


def test_att_enters_into_force_24_december_2014_eight_instruments_took_the_count_from_45_to_53():
    events = founders(45, "2014-09-25", before="2014-06-03") + [
        ev(f"Batch {i}", "ratification", "2014-09-25") for i in range(8)
    ]
    result = compute(ATT, events)
    assert result.entry_into_force == date(2014, 12, 24)
    assert len(result.threshold_batch) == 8
    assert "from 45 to 53" in result.entry_into_force_steps[0].text


def test_united_states_att_unsigning_in_2019_is_not_a_withdrawal():
    signature = ev(US, "signature", "2013-09-25")
    events = [*founders(50, "2014-09-25", before="2014-06-03"), signature]
    result = compute(ATT, events)
    # No event kind exists for "does not intend to become a party": the signature stands.
    assert status_on(result.periods, US, date(2026, 2, 3)) == SIGNATORY
    # Recorded as a withdrawal by mistake, it is refused: the US was never bound.
    mistake = ev(US, "withdrawal", "2019-07-18")
    codes = [
        v.code for v in validate(ATT, [*events, mistake], today=date(2026, 2, 3), adopted_on=None)
    ]
    assert codes == ["not_bound"]


# -- 6. TPNW --------------------------------------------------------------------------------------


def test_tpnw_enters_into_force_22_january_2021_90_days_after_honduras_50th_instrument():
    result = compute(TPNW, TPNW_FOUNDERS)
    assert result.entry_into_force == date(2021, 1, 22)
    honduras = TPNW_FOUNDERS[-1]
    assert result.nth_instrument[honduras.id] == 50


def test_tpnw_withdrawal_takes_effect_12_months_after_receipt():
    member = ev("Member", "ratification", "2021-06-01")
    notice = ev("Member", "withdrawal", "2030-05-15")
    result = compute(TPNW, [*TPNW_FOUNDERS, member, notice])
    assert result.effects[notice.id].effective_date == date(2031, 5, 15)


# -- 7. Chemical Weapons Convention ----------------------------------------------------------------


def test_cwc_enters_into_force_29_april_1997_180_days_after_the_65th_ratification():
    result = compute(CWC, founders(65, "1996-10-31", "Hungary", before="1995-01-01"))
    assert result.entry_into_force == date(1997, 4, 29)
    assert "not earlier than 13 Jan 1995: already later" in str(result.entry_into_force_steps[-1])


def test_syria_cwc_accession_of_14_september_2013_took_effect_14_october_2013():
    syria = ev("Syrian Arab Republic", "accession", "2013-09-14")
    events = [*founders(65, "1996-10-31", before="1995-01-01"), syria]
    assert effect_of(CWC, events, syria).effective_date == date(2013, 10, 14)


def test_cwc_withdrawal_takes_effect_after_90_days_notice():
    member = ev("Member", "ratification", "1995-01-01")
    notice = ev("Member", "withdrawal", "2030-01-01")
    events = [*founders(65, "1996-10-31", before="1995-01-01"), member, notice]
    assert effect_of(CWC, events, notice).effective_date == date(2030, 4, 1)


# -- 8. NPT ---------------------------------------------------------------------------------------

DPRK = "Democratic People's Republic of Korea"


def test_npt_later_states_are_bound_on_the_date_of_deposit():
    late = ev("Late State", "accession", "1985-12-12")
    effect = effect_of(NPT, [late], late)
    assert effect.effective_date == date(1985, 12, 12)
    assert compute(NPT, []).entry_into_force == date(1970, 3, 5)


def test_dprk_npt_1993_notice_suspended_one_day_before_effect_has_no_effect():
    accession = ev(DPRK, "accession", "1985-12-12")
    notice = ev(DPRK, "withdrawal", "1993-03-12")
    suspended = ev(DPRK, "withdrawal_rescinded", "1993-06-11")
    result = compute(NPT, [accession, notice, suspended])
    assert result.effects[notice.id].would_have_taken_effect == date(1993, 6, 12)
    assert result.effects[notice.id].superseded_by == suspended.id
    assert status_on(result.periods, DPRK, date(1993, 6, 12)) == PARTY


def test_dprk_npt_2003_withdrawal_takes_effect_10_april_2003_not_the_claimed_11_january():
    accession = ev(DPRK, "accession", "1985-12-12")
    notice = ev(DPRK, "withdrawal", "2003-01-10", published_effective_date=date(2003, 1, 11))
    effect = effect_of(NPT, [accession, notice], notice)
    assert effect.effective_date == date(2003, 4, 10)
    assert effect.published_effective_date == date(2003, 1, 11)
    assert effect.disagrees is True


# -- 9. CTBT --------------------------------------------------------------------------------------


def test_ctbt_is_not_in_force_so_every_ratification_is_pending():
    ratification = ev("Japan", "ratification", "1997-07-08")
    result = compute(CTBT, [ratification])
    assert result.entry_into_force is None
    assert result.effects[ratification.id].effective_date is None
    assert status_on(result.periods, "Japan", date(2026, 2, 3)) == CONSENTED


def test_russia_ctbt_revocation_of_2_november_2023_returns_it_to_signatory():
    events = [
        ev("Russian Federation", "signature", "1996-09-24"),
        ev("Russian Federation", "ratification", "2000-06-30"),  # illustrative date
        ev("Russian Federation", "consent_revoked", "2023-11-02"),
    ]
    result = compute(CTBT, events)
    assert result.effects[events[1].id].superseded_by == events[2].id
    assert status_on(result.periods, "Russian Federation", date(2023, 11, 1)) == CONSENTED
    assert status_on(result.periods, "Russian Federation", date(2023, 11, 2)) == SIGNATORY


# -- 10. North Atlantic Treaty -------------------------------------------------------------------

# The spec did not find the treaty's EIF date; an editor records it. The date used here only
# makes the treaty "in force" so the per-state rule can be shown.
NATO_RECORDED = replace(
    NATO, entry_into_force=replace(NATO.entry_into_force, recorded_date=date(1949, 8, 24))
)


def test_north_atlantic_treaty_is_not_in_force_for_the_engine_until_its_date_is_recorded():
    deposit = ev("North Macedonia", "accession", "2020-03-27")
    assert effect_of(NATO, [deposit], deposit).effective_date is None


def test_north_macedonia_became_a_party_on_deposit_27_march_2020_not_at_the_flag_raising():
    # The protocol's EIF (19 Mar 2020) and the flag-raising (30 Mar 2020) are not events of
    # the treaty: membership starts with the deposit of the instrument of accession.
    deposit = ev("North Macedonia", "accession", "2020-03-27")
    assert effect_of(NATO_RECORDED, [deposit], deposit).effective_date == date(2020, 3, 27)


def test_finland_and_sweden_became_nato_parties_on_their_deposit_dates():
    finland = ev("Finland", "accession", "2023-04-04")
    sweden = ev("Sweden", "accession", "2024-03-07")
    result = compute(NATO_RECORDED, [finland, sweden])
    assert result.effects[finland.id].effective_date == date(2023, 4, 4)
    assert result.effects[sweden.id].effective_date == date(2024, 3, 7)


def test_nato_denunciation_takes_effect_one_year_after_notice():
    member = ev("Member", "ratification", "1949-08-24")
    notice = ev("Member", "withdrawal", "2030-01-15")
    assert effect_of(NATO_RECORDED, [member, notice], notice).effective_date == date(2031, 1, 15)


# -- 11. ECHR -------------------------------------------------------------------------------------

ECHR_RECORDED = replace(
    ECHR, entry_into_force=replace(ECHR.entry_into_force, recorded_date=date(1953, 9, 3))
)


def test_russia_ceased_to_be_an_echr_party_16_september_2022_six_months_after_expulsion():
    russia = ev("Russian Federation", "ratification", "1998-05-05")  # illustrative date
    expelled = ev("Russian Federation", "withdrawal", "2022-03-16")
    result = compute(ECHR_RECORDED, [russia, expelled])
    effect = result.effects[expelled.id]
    assert effect.effective_date == date(2022, 9, 16)
    assert "58(3)" in (effect.condition or "")
    assert result.intervals["Russian Federation"] == [Interval(date(1998, 5, 5), date(2022, 9, 16))]


def test_echr_enters_into_force_on_the_tenth_ratification():
    result = compute(ECHR, founders(10, "1953-09-03", "Luxembourg", before="1952-01-01"))
    assert result.entry_into_force == date(1953, 9, 3)


# -- 12. UNCLOS ------------------------------------------------------------------------------------


def test_unclos_recorded_entry_into_force_16_november_1994():
    assert compute(UNCLOS, []).entry_into_force == date(1994, 11, 16)


def test_unclos_deposit_between_the_60th_and_entry_into_force_takes_16_november_1994():
    early = ev("Early", "ratification", "1994-07-28")
    assert effect_of(UNCLOS, [early], early).effective_date == date(1994, 11, 16)


def test_unclos_later_deposit_takes_effect_on_the_30th_day_following():
    late = ev("Late", "ratification", "1996-06-07")
    assert effect_of(UNCLOS, [late], late).effective_date == date(1996, 7, 7)


def test_unclos_computed_entry_into_force_matches_the_recorded_one_from_guyana_60th():
    events = founders(60, "1993-11-16", "Guyana", before="1990-01-01")
    result = compute(UNCLOS, events)
    assert result.entry_into_force == date(1994, 11, 16)
    assert result.entry_into_force_disagrees is False


# -- 13. Kyoto Protocol ----------------------------------------------------------------------------


def test_kyoto_protocol_enters_into_force_16_february_2005_after_russia_18_november_2004():
    assert compute(KYOTO, []).entry_into_force == date(2005, 2, 16)


def test_canada_kyoto_withdrawal_notified_15_december_2011_took_effect_15_december_2012():
    canada = ev("Canada", "ratification", "2002-12-17")
    notice = ev("Canada", "withdrawal", "2011-12-15")
    assert effect_of(KYOTO, [canada, notice], notice).effective_date == date(2012, 12, 15)


# -- 14. Bilateral and other arms-control treaties (withdrawals only) --------------------------


def _notice_rules(period: list[dict], *, later_date: bool = False) -> Rules:
    return Rules.from_dict(
        {
            "entry_into_force": {
                "threshold": {"condition": "in force", "recorded_date": "1988-06-01"},
                "period": [],
            },
            "later_states": {"period": [], "applies_after": "entry_into_force"},
            "withdrawal": {
                "allowed": True,
                "period": period,
                "later_date_may_be_specified": later_date,
            },
        }
    )


def test_united_states_inf_withdrawal_notice_2_february_2019_terminated_2_august_2019():
    rules = _notice_rules([{"add": {"months": 6}}])
    us = ev(US, "ratification", "1988-06-01")
    notice = ev(US, "withdrawal", "2019-02-02")
    assert effect_of(rules, [us, notice], notice).effective_date == date(2019, 8, 2)


def test_open_skies_withdrawals_take_effect_six_months_after_notice():
    rules = _notice_rules([{"add": {"months": 6}}])
    us, russia = ev(US, "ratification", "1993-01-01"), ev("Russia", "ratification", "2001-05-26")
    us_notice = ev(US, "withdrawal", "2020-05-22")
    ru_notice = ev("Russia", "withdrawal", "2021-06-18")
    result = compute(rules, [us, russia, us_notice, ru_notice])
    assert result.effects[us_notice.id].effective_date == date(2020, 11, 22)
    assert result.effects[ru_notice.id].effective_date == date(2021, 12, 18)


def test_russia_cfe_renunciation_of_9_june_2023_terminated_on_its_chosen_date_7_november_2023():
    rules = _notice_rules([{"add": {"days": 150}}], later_date=True)
    russia = ev("Russia", "ratification", "1992-07-17")
    notice = ev("Russia", "withdrawal", "2023-06-09", specified_effective_date=date(2023, 11, 7))
    assert effect_of(rules, [russia, notice], notice).effective_date == date(2023, 11, 7)


# -- conflicts, as facts (no real case in the spec: the conditions are what is pinned) ----------


def test_apmbc_withdrawal_by_a_state_engaged_in_an_ongoing_armed_conflict_stays_pending():
    joined = ev("Belligerent", "ratification", "2000-01-01")
    notice = ev("Belligerent", "withdrawal", "2025-06-27")
    result = compute(
        APMBC,
        [*APMBC_FOUNDERS, joined, notice],
        conflicts={"Belligerent": [Conflict(date(2022, 2, 24))]},
    )
    assert result.effects[notice.id].effective_date is None
    assert result.intervals["Belligerent"] == [Interval(date(2000, 7, 1), None)]
    assert status_on(result.periods, "Belligerent", date(2030, 1, 1)) == WITHDRAWAL_PENDING
