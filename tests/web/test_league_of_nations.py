"""A treaty the League of Nations held: the instruments it received are listed in the
depositary's file apart from the participants table (which starts in 1946 or later) and are
not imported, so no page or count says "not joined" of a state that may be bound by one."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from ingest.untc_xml import untc_xml_import
from states.services import states_load
from tests.web.test_state_page import position
from treaties.models import Treaty

pytestmark = pytest.mark.django_db


@pytest.fixture
def slavery(shared_data, django_capture_on_commit_callbacks) -> Treaty:
    """The Slavery Convention (XVIII-3) from the 2018 file: Belgium ratified it in 1927 (the
    League's list); Israel acceded in 1955 (the participants table)."""
    states_load()
    with django_capture_on_commit_callbacks(execute=True):
        untc_xml_import([shared_data / "untc-mtdsg-xml-2018" / "XVIII-3.en.xml"])
    return Treaty.objects.get(un_reference="XVIII-3")


def test_the_import_counts_the_leagues_instruments(slavery):
    # 44 dated instruments ("New Zealand (June 18th, 1927)", name and date in one cell, too).
    assert slavery.league_instruments == 44


def test_a_state_in_the_leagues_list_is_not_said_not_joined(client, slavery):
    html = client.get("/states/BEL/").content.decode()
    assert position(html, slavery.slug) == "not_recorded"
    # Belgium's own entry, quoted ("Belgium (September 23rd, 1927)"), and no claim about today.
    assert (
        "The League of Nations&#x27; list names it: ratification of 23 Sep 1927 (not imported:"
        " whether that binds the state today is not in the table)."
    ) in html
    # "The Netherlands" in the list is the Netherlands; a state the list does not name is told
    # the list is not imported.
    assert "names it: ratification of 7 Jan 1928" in client.get("/states/NLD/").content.decode()
    brazil = client.get("/states/BRA/").content.decode()
    assert position(brazil, slavery.slug) == "not_recorded"
    assert "The League of Nations&#x27; list of 44 instruments is not imported." in brazil
    # A state of the participants table has its own status.
    israel = client.get("/states/ISR/").content.decode()
    assert position(israel, slavery.slug) == "party"


def test_the_treaty_page_says_the_table_starts_with_the_un(client, slavery):
    html = client.get(reverse("web:treaty", args=[slavery.slug])).content.decode()
    assert 'id="league-note"' in html
    assert "The 44 ratifications and accessions it received" in html
    assert 'Bulgaria: ratification of <time datetime="1927-03-09">9 Mar 1927</time>' in html
    # Countries without a row are not painted as "not joined" in words, nor in the legend.
    assert "Not in the UN&#x27;s participants table" in html
    legend = html.split('aria-label="Map legend"')[1].split("</ul>")[0]
    assert "Not joined" not in legend and "Not in the UN&#x27;s participants table" in legend
    assert "countries without a row have not acted on the treaty" not in html
    # No count or chart of states bound claims to be the whole.
    assert "states bound by an instrument the League of Nations received are not counted" in html
    assert 'id="chart-cap"' not in html
    assert "Not computed: the instruments the League of Nations received before 1946" in html
    assert "(at least " in html  # the page's description


def test_the_api_gives_the_count_and_no_number_of_parties(client, slavery):
    body = client.get(
        reverse("api:treaty-detail", args=[slavery.slug]), {"as_of": "2018-01-15"}
    ).json()
    assert body["league_instruments"] == 44
    assert body["parties"] is None
    assert body["entry_into_force_date"] == date(1927, 3, 9).isoformat()


def test_the_import_report_says_how_many_of_the_leagues_dates_cannot_be_read(
    shared_data, django_capture_on_commit_callbacks
):
    states_load()
    with django_capture_on_commit_callbacks(execute=True):
        report = untc_xml_import([shared_data / "untc-mtdsg-xml-2018" / "XIII-3-a.en.xml"])
    # The United Kingdom's "(May?th,?930)" cannot be read; it is counted with the 27 that are.
    assert Treaty.objects.get(un_reference="XIII-3-a").league_instruments == 28
    assert (
        "XIII-3-a.en.xml: 1 date(s) of the League of Nations' list of ratifications and accessions"
        " cannot be read (garbled in the scan); the others are evidence"
    ) in report.notes


def test_the_home_page_gives_no_number_of_states_bound(client, slavery):
    html = client.get("/").content.decode()
    row = html.split(f'href="/treaties/{slavery.slug}/"')[1].split("</tr>")[0]
    assert "not computed" in row
