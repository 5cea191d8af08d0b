"""What the 2018 UN files record, said as such: the record's date, its gaps, one decision per
row (docs/basis.md, "The record's date", "Gaps", "One decision per row")."""

from __future__ import annotations

import re
from datetime import date
from html import unescape

import pytest
import time_machine

from events.selectors.participants import participants_on
from ingest.untc_xml import untc_xml_import
from states.services import states_load
from treaties.models import Treaty

pytestmark = pytest.mark.django_db

AS_OF = date(2018, 1, 15)
TODAY = "2026-12-07 12:00Z"


@pytest.fixture
def imported(shared_data, django_capture_on_commit_callbacks):
    states_load()
    corpus = shared_data / "untc-mtdsg-xml-2018"

    def run(*refs: str, as_of: date | None = AS_OF):
        with django_capture_on_commit_callbacks(execute=True):
            untc_xml_import([corpus / f"{ref}.en.xml" for ref in refs], as_of=as_of)
        return [Treaty.objects.get(un_reference=ref) for ref in refs]

    return run


def _page(client, url: str) -> str:
    with time_machine.travel(TODAY, tick=False):
        response = client.get(url)
    assert response.status_code == 200
    return unescape(response.content.decode())


def _api(client, url: str) -> dict:
    with time_machine.travel(TODAY, tick=False):
        response = client.get(url)
    assert response.status_code == 200, response.content
    return response.json()


def test_the_crc_has_no_participants_table_and_no_surface_says_zero(imported, client):
    (crc,) = imported("IV-11")
    assert not crc.has_participant_data
    assert (crc.status_as_at, crc.record_basis) == (AS_OF, "as_of")
    assert crc.record_read_at is not None
    assert crc.depositary_parties == 196

    body = _api(client, f"/api/v1/treaties/{crc.slug}/")
    assert body["has_participant_data"] is False
    assert body["parties"] is None and body["signatories"] is None
    assert body["status_counts"] is None
    assert body["depositary_parties"] == 196
    listed = _api(client, "/api/v1/treaties/")["results"]
    assert [(t["parties"], t["signatories"]) for t in listed] == [(None, None)]
    participants = _api(client, f"/api/v1/treaties/{crc.slug}/participants/")
    assert participants["count"] is None and participants["has_participant_data"] is False

    page = _page(client, f"/treaties/{crc.slug}/")
    assert "No participant data" in page and "parties: 196" in page
    assert not re.search(r"<strong>0</strong> states? bound", page)
    assert "countries without a row have not acted" not in page
    assert 'class="s-not_joined"' not in page and 'class="s-no_data"' in page

    home = _page(client, "/")
    assert "no data" in home and '<td class="num">0' not in home

    state = _page(client, "/states/FRA/")
    assert "Not recorded: no participants table" in state
    assert not re.search(r'data-treaty="' + crc.slug + r'" data-status="not_joined"', state)


def test_a_date_past_the_record_is_answered_with_the_record_and_says_so(imported, client):
    (kyoto,) = imported("XXVII-7-a")
    page = _page(client, f"/treaties/{kyoto.slug}/")
    assert 'Status on <time datetime="2018-01-15" class="on-day">15 Jan 2018</time>' in page
    assert "You asked for 7 Dec 2026" in page
    assert "later signatures, ratifications or withdrawals are not in this database" in page
    # A date before the record is answered for itself.
    before = _page(client, f"/treaties/{kyoto.slug}/?on=2010-01-01")
    assert "You asked for" not in before and "1 Jan 2010" in before

    detail = _api(client, f"/api/v1/treaties/{kyoto.slug}/?as_of=2026-12-07")
    assert detail["record_as_of"] == "2018-01-15" and detail["past_record"] is True
    assert detail["status_on"] == "2018-01-15" and detail["as_of"] == "2026-12-07"
    earlier = _api(client, f"/api/v1/treaties/{kyoto.slug}/?as_of=2017-01-01")
    assert earlier["past_record"] is False and earlier["status_on"] == "2017-01-01"
    participants = _api(client, f"/api/v1/treaties/{kyoto.slug}/participants/?as_of=2026-12-07")
    assert participants["past_record"] is True and participants["status_on"] == "2018-01-15"
    positions = _api(client, "/api/v1/states/CAN/treaties/?as_of=2026-12-07")
    assert [(r["past_record"], r["record_as_of"]) for r in positions["results"]] == [
        (True, "2018-01-15")
    ]


def test_without_as_of_the_record_is_the_latest_act_and_said_as_such(imported, client):
    (kyoto,) = imported("XXVII-7-a", as_of=None)
    assert kyoto.record_basis == "latest_act"
    assert kyoto.status_as_at is not None and kyoto.status_as_at <= AS_OF
    page = _page(client, f"/treaties/{kyoto.slug}/")
    assert "the latest act its file records" in page


def test_genocide_convention_rows_say_one_thing(imported, client):
    (genocide,) = imported("IV-1")
    korea = next(r for r in participants_on(treaty=genocide, on=AS_OF) if r.state.code == "KOR")
    assert korea.entry_into_force_date is None and korea.status == "party"
    assert korea.bound_by_latest == date(1951, 1, 14)
    page = _page(client, f"/treaties/{genocide.slug}/?on=2018-01-15")
    row = page[page.index('id="state-KOR"') :]
    row = row[: row.index("</tr>")]
    assert "bound by 14 Jan 1951 at the latest" in row
    assert "since 14 Jan 1951" not in row
    assert "not computed; bound by 14 Jan 1951 at the latest" in row


def test_cbd_later_states_do_not_cite_the_treatys_own_article(imported):
    (cbd,) = imported("XXVII-8")
    assert cbd.recorded_entry_into_force_article == "article 36(1)"
    france = next(r for r in participants_on(treaty=cbd, on=AS_OF) if r.state.code == "FRA")
    assert france.entry_into_force_date == date(1994, 9, 29)
    assert france.consent is not None
    assert [s.get("article") for s in france.consent.explanation if s.get("article")] == []
