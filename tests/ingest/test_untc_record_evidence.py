"""Rules inferred from what the depositary records beyond the participants table: a protocol
in force on its convention's date, a rarer delay, and the instruments of states that no longer
exist, recorded only in endnotes. Each on real files; every date asserted is the treaty's."""

from __future__ import annotations

from datetime import date

import pytest

from events.models import CONSENT_KINDS, Event, Status, StatusPeriod
from ingest.untc_xml import untc_xml_import
from states.services import states_load
from treaties.models import Treaty

pytestmark = pytest.mark.django_db

AS_OF = date(2018, 1, 15)


@pytest.fixture
def imported(shared_data, django_capture_on_commit_callbacks):
    states_load()
    corpus = shared_data / "untc-mtdsg-xml-2018"

    def run(*refs: str):
        with django_capture_on_commit_callbacks(execute=True):
            return untc_xml_import([corpus / f"{ref}.en.xml" for ref in refs], as_of=AS_OF)

    return run


def _effect(treaty: Treaty, code: str) -> tuple[date | None, str]:
    event = Event.objects.get(treaty=treaty, state__code=code, kind__in=CONSENT_KINDS)
    return event.effective_date, event.effective_date_basis


def test_a_predecessors_noted_ratification_is_the_threshold_the_table_lacks(imported):
    # Art. VIII(1): "the ninetieth day after the date of deposit of the tenth instrument".
    # The table lists eight deposits before 11 Nov 1970; the former Yugoslavia's (9 Jun 1970)
    # and Czechoslovakia's (13 Aug 1970) are in endnotes 3 and 4.
    imported("IV-6")
    treaty = Treaty.objects.get(un_reference="IV-6")
    assert (treaty.rules_source, treaty.rules_review) == ("inferred", "pending")
    eif = treaty.rules["entry_into_force"]
    assert eif["period"] == [{"add": {"days": 90}}]
    assert eif["threshold"]["recorded_date"] == "1970-08-13"
    assert eif["threshold"]["condition"].startswith(
        "the 10th instrument: Czechoslovakia's ratification of 13 Aug 1970"
    )
    [fit] = treaty.rules_evidence["fits"]
    assert fit["noted"] == {
        "who": "Czechoslovakia",
        "kind": "ratification",
        "date": "1970-08-13",
        "note": "4",
        "where": "note",
    }
    assert treaty.entry_into_force_date == date(1970, 11, 11)
    # Poland ratified in 1969: the treaty's date. Nigeria acceded on 1 Dec 1970: 90 days
    # later (art. VIII(2)), inferred.
    assert _effect(treaty, "POL") == (date(1970, 11, 11), "inferred")
    assert _effect(treaty, "NGA") == (date(1971, 3, 1), "inferred")
    # The noted instruments are evidence, not events: no event of a state that is gone.
    assert not Event.objects.filter(treaty=treaty, state__code__in=["CSK", "YUG"]).exists()


def test_a_protocol_in_force_on_its_conventions_date_gets_it_for_early_depositors_only(imported):
    # Art. VI: "on the same day as the Convention or on the thirtieth day following the
    # deposit of the second instrument ..., whichever day is the later"; the Convention (III-3)
    # entered into force on 24 Apr 1964. No delay after the Protocol's own deposits gives it.
    imported("III-3", "III-4")
    convention = Treaty.objects.get(un_reference="III-3")
    protocol = Treaty.objects.get(un_reference="III-4")
    assert protocol.parent == convention
    assert protocol.rules["entry_into_force"]["not_before_parent"] is True
    assert protocol.rules_evidence["outcome"] == "alternatives"
    assert protocol.rules_evidence["parent"]["un_reference"] == "III-3"
    assert protocol.entry_into_force_date == date(1964, 4, 24)
    # Tanzania ratified on 5 Nov 1962, long before: 24 Apr 1964 whatever the Protocol's delay.
    assert _effect(protocol, "TZA") == (date(1964, 4, 24), "inferred")
    # Gabon acceded on 2 Apr 1964, Egypt on 9 Jun 1964: their dates depend on a delay the
    # record does not show. Unknown, never a guess; Egypt is not shown as not joined, and is
    # a party once every reading has it bound.
    assert _effect(protocol, "GAB") == (None, "unknown")
    assert _effect(protocol, "EGY") == (None, "unknown")
    soon = StatusPeriod.objects.on(date(1964, 7, 1)).get(treaty=protocol, state__code="EGY")
    assert soon.status == Status.CONSENTED_UNKNOWN
    later = StatusPeriod.objects.on(AS_OF).get(treaty=protocol, state__code="EGY")
    assert later.status == Status.PARTY


def test_a_rarer_delay_fits_the_treaty_but_leaves_later_states_unknown(imported):
    # The 1961 Statelessness Convention, art. 18: "two years after the deposit of the sixth
    # instrument" (Australia, 13 Dec 1973), but for a later state "the ninetieth day after"
    # its deposit: the two-year delay says nothing of theirs.
    imported("V-4")
    treaty = Treaty.objects.get(un_reference="V-4")
    assert treaty.rules["entry_into_force"]["period"] == [{"add": {"months": 24}}]
    assert treaty.rules["entry_into_force"]["threshold"]["count"] == 6
    assert treaty.entry_into_force_date == date(1975, 12, 13)
    assert _effect(treaty, "GBR") == (date(1975, 12, 13), "inferred")
    assert _effect(treaty, "AUS") == (date(1975, 12, 13), "inferred")
    # Denmark acceded on 11 Jul 1977; in force for it 9 Oct 1977 by art. 18(2), which the
    # record does not show: unknown, not 11 Jul 1979.
    assert _effect(treaty, "DNK") == (None, "unknown")


def test_the_montreal_protocols_amendments_belong_to_it_not_to_each_other(imported):
    imported("XXVII-2-a", "XXVII-2-b", "XXVII-2-c", "XXVII-2-f")
    montreal = Treaty.objects.get(un_reference="XXVII-2-a")
    for reference in ("XXVII-2-b", "XXVII-2-c", "XXVII-2-f"):
        assert Treaty.objects.get(un_reference=reference).parent == montreal
    assert montreal.parent is None


def test_an_optional_protocol_is_linked_to_the_covenant_its_title_names(imported):
    imported("IV-4", "IV-5", "IV-12")
    covenant = Treaty.objects.get(un_reference="IV-4")
    assert Treaty.objects.get(un_reference="IV-5").parent == covenant
    assert Treaty.objects.get(un_reference="IV-12").parent == covenant
    assert covenant.parent is None


def test_a_league_of_nations_treaty_is_inferred_from_the_leagues_list_in_the_file(imported):
    # The 1936 Convention for the Suppression of the Illicit Traffic in Dangerous Drugs, art.
    # 22: in force ninety days after the tenth ratification or accession. The participants
    # table starts in 1970; the League's list holds the ten, the tenth Turkey's of 28 Jul 1939.
    imported("VI-12-a")
    treaty = Treaty.objects.get(un_reference="VI-12-a")
    assert (treaty.rules_source, treaty.rules_review) == ("inferred", "pending")
    eif = treaty.rules["entry_into_force"]
    assert eif["period"] == [{"add": {"days": 90}}]
    assert eif["threshold"]["recorded_date"] == "1939-07-28"
    assert "Turkey's accession of 28 Jul 1939" in eif["threshold"]["condition"]
    [fit] = treaty.rules_evidence["fits"]
    assert fit["noted"]["where"] == "league"
    assert treaty.entry_into_force_date == date(1939, 10, 26)
    # Spain ratified on 5 Jun 1970: ninety days later, inferred.
    assert _effect(treaty, "ESP") == (date(1970, 9, 3), "inferred")
    # The League's instruments are evidence, not events.
    assert not Event.objects.filter(treaty=treaty, state__code="BEL").exists()


def test_the_slavery_convention_binds_each_state_on_its_deposit(imported):
    # Art. 12: in force for each State on the date of deposit of its ratification or accession;
    # the first, Bulgaria's of 9 Mar 1927, is in the League's list, not in the table.
    imported("XVIII-3")
    treaty = Treaty.objects.get(un_reference="XVIII-3")
    assert treaty.entry_into_force_date == date(1927, 3, 9)
    assert treaty.rules["entry_into_force"]["period"] == []
    assert (
        "Bulgaria's ratification of 9 Mar 1927"
        in (treaty.rules["entry_into_force"]["threshold"]["condition"])
    )
    assert _effect(treaty, "ISR") == (date(1955, 1, 6), "inferred")


def test_the_kigali_amendment_takes_its_recorded_date_and_the_later_clause_in_its_words(imported):
    # "1 January 2019, in accordance with article IV, paragraphs 1 and 2, with the exception of
    # the changes ... which will enter into force on 1 January 2033, provided that ... After the
    # entry into force of the Amendment, ..., it shall enter into force for any other Party ...
    # on the ninetieth day following the date of deposit". No delay after a deposit gives the
    # date (a fixed date); the line states the later states' clause.
    imported("XXVII-2-f")
    treaty = Treaty.objects.get(un_reference="XXVII-2-f")
    assert treaty.recorded_entry_into_force_article == "article IV, paragraphs 1 and 2"
    assert (treaty.rules_source, treaty.rules_review) == ("inferred", "pending")
    assert treaty.rules["entry_into_force"]["threshold"]["recorded_date"] == "2019-01-01"
    later = treaty.rules["later_states"]
    assert (later["period"], later["applies_after"]) == (
        [{"add": {"days": 90}}],
        "entry_into_force",
    )
    assert treaty.entry_into_force_date == date(2019, 1, 1)
    # Australia accepted on 27 Oct 2017: bound from 1 Jan 2019.
    assert _effect(treaty, "AUS") == (date(2019, 1, 1), "inferred")
