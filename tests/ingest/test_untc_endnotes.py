"""History the depositary tells only in its endnotes, imported as events marked as read from a
note (``ingest.untc_xml.endnotes``), or quoted where it cannot be dated."""

from __future__ import annotations

from datetime import date

import pytest

from events.models import Event, Membership, NotedHistory, StatusPeriod
from ingest.untc_xml import untc_xml_import
from states.services import states_load
from treaties.models import Treaty

pytestmark = pytest.mark.django_db

AS_OF = date(2018, 1, 15)


@pytest.fixture
def imported(shared_data, django_capture_on_commit_callbacks):
    """Import files as a user would: committed, then recomputed in-process."""
    states_load()
    corpus = shared_data / "untc-mtdsg-xml-2018"

    def run(*refs: str):
        with django_capture_on_commit_callbacks(execute=True):
            return untc_xml_import([corpus / f"{ref}.en.xml" for ref in refs], as_of=AS_OF)

    return run


def _status(treaty: Treaty, code: str, on: date) -> str:
    period = StatusPeriod.objects.on(on).filter(treaty=treaty, state__code=code).first()
    return period.status if period else "not_joined"


def _spans(treaty: Treaty, code: str) -> list[tuple[date, date | None]]:
    return list(
        Membership.objects.filter(treaty=treaty, state__code=code)
        .order_by("start")
        .values_list("start", "end")
    )


def _from_note(treaty: Treaty, code: str) -> list[tuple[str, date, date | None]]:
    return list(
        Event.objects.filter(treaty=treaty, state__code=code, from_note=True)
        .order_by("date")
        .values_list("kind", "date", "published_effective_date")
    )


def test_canada_was_bound_by_the_desertification_convention_before_it_withdrew(imported):
    report = imported("XXVII-10")
    unccd = Treaty.objects.get(un_reference="XXVII-10")
    # The table shows only the accession of 2016; endnote 4 tells the rest.
    assert _from_note(unccd, "CAN") == [
        ("ratification", date(1995, 12, 1), None),
        ("withdrawal", date(2013, 3, 28), date(2014, 3, 28)),
    ]
    assert "XXVII-10.en.xml, Canada, withdrawal, 2013-03-28" in report.note_events
    # Bound from the Convention's entry into force until the withdrawal took effect, then
    # again 90 days after the accession: two periods, the current one not ended by the note.
    assert _spans(unccd, "CAN") == [
        (date(1996, 12, 26), date(2014, 3, 28)),
        (date(2017, 3, 21), None),
    ]
    assert _status(unccd, "CAN", date(2000, 1, 1)) == "party"
    assert _status(unccd, "CAN", date(2015, 1, 1)) == "withdrawn"
    assert _status(unccd, "CAN", date(2018, 1, 1)) == "party"
    # The accession the table has is not added again from the note, and the events read from
    # the note say which note, in which file, and quote it.
    accessions = Event.objects.filter(treaty=unccd, state__code="CAN", kind="accession")
    assert [(e.date, e.from_note) for e in accessions] == [(date(2016, 12, 21), False)]
    withdrawal = Event.objects.get(treaty=unccd, state__code="CAN", kind="withdrawal")
    assert withdrawal.note.startswith("Read from UN endnote 4 (XXVII-10.en.xml): «Thereafter")
    assert withdrawal.source_url == accessions[0].source_url
    assert withdrawal.history.first().from_note is True


def test_a_second_import_adds_nothing(imported):
    imported("XXVII-10")
    again = imported("XXVII-10")
    assert again.events_created == 0 and again.events_updated == 0
    assert Event.objects.filter(from_note=True, state__code="CAN").count() == 2


def test_bolivia_left_the_single_convention_and_came_back(imported):
    imported("VI-18")
    convention = Treaty.objects.get(un_reference="VI-18")
    assert _from_note(convention, "BOL") == [
        ("accession", date(1976, 9, 23), None),
        ("withdrawal", date(2011, 6, 29), date(2012, 1, 1)),
    ]
    assert _status(convention, "BOL", date(2000, 1, 1)) == "party"
    assert _status(convention, "BOL", date(2012, 6, 1)) == "withdrawn"
    assert _status(convention, "BOL", date(2018, 1, 1)) == "party"
    assert len(_spans(convention, "BOL")) == 2


def test_withdrawals_told_only_in_notes_end_the_table_s_consent(imported):
    imported("XIV-7", "V-3")
    statutes = Treaty.objects.get(un_reference="XIV-7")
    # Poland: the table still shows its ratification; the note, its withdrawal of 2016.
    assert _from_note(statutes, "POL") == [("withdrawal", date(2016, 12, 30), date(2017, 12, 30))]
    assert _status(statutes, "POL", date(2018, 1, 1)) == "withdrawn"
    assert _status(statutes, "POL", date(2017, 6, 1)) != "withdrawn"
    # Madagascar denounced the Convention relating to the Status of Stateless Persons in 1965.
    stateless = Treaty.objects.get(un_reference="V-3")
    assert _from_note(stateless, "MDG") == [("withdrawal", date(1965, 4, 2), date(1966, 4, 2))]
    assert _status(stateless, "MDG", date(1970, 1, 1)) == "withdrawn"


def test_a_withdrawal_the_note_then_undoes_is_quoted_not_read(imported):
    imported("XIV-7")
    statutes = Treaty.objects.get(un_reference="XIV-7")
    # Brazil withdrew its notification of withdrawal: no withdrawal, the note quoted.
    assert _from_note(statutes, "BRA") == []
    [noted] = NotedHistory.objects.filter(treaty=statutes, state__code="BRA")
    assert noted.note == "3" and "withdraw its notification of withdrawal" in noted.text
    assert _status(statutes, "BRA", date(2018, 1, 1)) != "withdrawn"


def test_a_note_read_only_in_part_is_quoted_whole(imported):
    imported("IV-5")
    protocol = Treaty.objects.get(un_reference="IV-5")
    # Trinidad and Tobago's second denunciation ("for the second time") is not read, so
    # nothing of its note is: its re-accession of 1998 alone would show it bound today.
    assert _from_note(protocol, "TTO") == []
    quoted = NotedHistory.objects.get(treaty=protocol, state__code="TTO").text
    assert "for the second time" in quoted
    # Guyana re-acceded the day it denounced: which came first cannot be told.
    assert not Event.objects.filter(treaty=protocol, state__code="GUY", kind="withdrawal").exists()
    assert "re-acceded" in NotedHistory.objects.get(treaty=protocol, state__code="GUY").text
    # Jamaica's denunciation of 1997 is read (its ratification is bracketed in the table).
    assert _from_note(protocol, "JAM") == [("withdrawal", date(1997, 10, 23), None)]


def test_the_treaty_and_state_pages_quote_the_undated_history(imported, client):
    imported("XIV-7")
    statutes = Treaty.objects.get(un_reference="XIV-7")
    intro = "The depositary&#x27;s notes record earlier history not in the table: «"
    page = client.get(f"/treaties/{statutes.slug}/").content.decode()
    assert intro + "On 15 May 2001, the Government of Brazil" in page
    state_page = client.get("/states/BRA/").content.decode()
    assert "The depositary&#x27;s notes record earlier history not in the table" in state_page
