"""The state page: position on every treaty on a date, history, names, succession."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from states.models import State, StateAlias
from tests.factories import build_apmbc, build_ccm, lithuania, treaty_from_catalogue

pytestmark = pytest.mark.django_db


def position(html: str, slug: str) -> str:
    match = re.search(rf'<tr data-treaty="{slug}" data-status="([a-z_]+)"', html)
    assert match, f"no row for {slug}"
    return match.group(1)


def test_lithuania_is_party_to_the_ccm_in_2020_and_withdrawn_in_2026(client):
    build_ccm()
    url = reverse("web:state", args=["LTU"])
    assert position(client.get(url, {"on": "2020-01-01"}).content.decode(), "ccm") == "party"
    assert position(client.get(url, {"on": "2026-01-01"}).content.decode(), "ccm") == "withdrawn"


def test_treaties_the_state_never_acted_on_say_not_joined(client):
    build_ccm()
    build_apmbc(states=41)
    html = client.get("/states/LTU/").content.decode()
    assert position(html, "apmbc") == "not_joined"
    assert "Not joined" in html


def test_the_treaties_the_state_acted_on_come_first_the_rest_behind_show_all(client):
    build_ccm()
    build_apmbc(states=41)
    html = client.get("/states/LTU/").content.decode()
    acted, rest = html.split('id="other-treaties"')
    assert 'data-treaty="ccm"' in acted and 'data-treaty="apmbc"' not in acted
    assert 'data-treaty="apmbc"' in rest.split("</details>")[0]
    assert "Show all: the other 1 treaty" in rest
    # On a date before Lithuania acted, every treaty is behind "show all", opened.
    early = client.get("/states/LTU/", {"on": "2000-01-01"}).content.decode()
    assert "has no position on any treaty on this date" in early
    assert '<details class="rest" id="other-treaties" open>' in early


def test_a_treaty_whose_participants_are_not_on_record_is_not_said_not_joined(client):
    from tests.factories import treaty_from_catalogue

    build_ccm()
    treaty_from_catalogue("rome-statute")  # the 2018 file has no participants table
    html = client.get("/states/LTU/").content.decode()
    assert position(html, "rome-statute") == "not_recorded"
    assert "Not recorded (no participants on record)" in html


def test_the_history_reads_as_the_timeline_of_lithuania_and_the_ccm(client):
    build_ccm()
    html = client.get("/states/LTU/").content.decode()
    history = html.split('id="history-h"')[1]
    found = re.findall(
        r"<time datetime=\"([\d-]+)\">[^<]*</time> <a [^>]*>CCM</a>: ([^<]+)", history
    )
    items = [(day, text.strip()) for day, text in found]
    assert items == [
        ("2008-12-03", "Signature"),
        ("2011-03-24", "Ratification"),
        ("2011-09-01", "Entered into force"),
        ("2024-09-06", "Withdrawal notified"),
        ("2025-03-06", "Withdrawal took effect"),
    ]


def test_former_names_and_successors_are_listed(client):
    ltu = lithuania()
    StateAlias.objects.create(state=ltu, name="Lithuanian SSR", is_former_name=True)
    ussr = State.objects.create(code="SUN", short_name="USSR", kind=State.Kind.HISTORICAL)
    ltu.predecessors.add(ussr)
    html = client.get("/states/LTU/").content.decode()
    assert "Former names</dt><dd>Lithuanian SSR" in html
    assert 'Predecessors</dt><dd><a href="/states/SUN/">USSR</a>' in html
    assert 'Successors</dt><dd><a href="/states/LTU/">Lithuania</a>' in (
        client.get("/states/SUN/").content.decode()
    )


def test_an_unknown_state_is_a_404(client):
    assert client.get("/states/XYZ/").status_code == 404


@pytest.mark.parametrize("treaties", [1, 2])
def test_the_state_page_runs_the_same_queries_however_long_its_history(
    client, django_assert_num_queries, treaties
):
    build_ccm()
    if treaties == 2:
        build_apmbc(states=41)
    # data version, the state's change points, state + aliases + predecessors + successors,
    # periods, events, treaties, history, statements, the undated history of the notes.
    with django_assert_num_queries(12):
        response = client.get("/states/ABW/", {"on": "2024-01-01"})
    assert response.status_code == 200
    assert response.content.decode().count("Entered into force") == treaties
    with django_assert_num_queries(1):  # the data version: the rest is the stored rendering
        again = client.get("/states/ABW/", {"on": "2024-01-01"})
    assert again.content == response.content
    # Another date between the same change points: the same stored rendering, its own date.
    with django_assert_num_queries(1):
        other = client.get("/states/ABW/", {"on": "2024-01-02"})
    assert other.content == response.content.replace(b"2024-01-01", b"2024-01-02").replace(
        b"1 Jan 2024", b"2 Jan 2024"
    ).replace(b"1 January 2024", b"2 January 2024")


def _ccm_row(html: str) -> str:
    match = re.search(r'<tr data-treaty="ccm".*?</tr>', html, re.S)
    assert match, "no CCM row"
    return match.group(0)


def test_each_position_says_since_when_and_when_it_changes(client):
    build_ccm()
    html = client.get("/states/LTU/", {"on": "2024-12-01"}).content.decode()
    row = _ccm_row(html)
    assert "withdrawal_pending" in row
    # Pending from the notification (6 Sep 2024) until it takes effect (6 Mar 2025).
    assert re.findall(r'<time datetime="([\d-]+)">', row) == ["2024-09-06", "2025-03-06"]
    later = client.get("/states/LTU/", {"on": "2026-01-01"}).content.decode()
    row = _ccm_row(later)
    assert re.findall(r'<time datetime="([\d-]+)">', row) == ["2025-03-06"]


def test_a_missing_page_is_the_sites_own_404_with_a_search_box(client, db, settings):
    settings.DEBUG = False
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "<h1>Page not found</h1>" in html
    assert html.count('role="search"') == 1
    assert "/static/css/site.css" in html


def test_the_500_page_is_styled_and_needs_nothing_from_the_request(rf, db):
    from django.views.defaults import server_error

    response = server_error(rf.get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong on our side" in html
    assert "/static/css/site.css" in html


def test_the_500_page_gives_the_request_id_the_logs_carry(client, db, monkeypatch):
    import web.views.home

    def broken(*args, **kwargs):
        raise RuntimeError("a fault")

    monkeypatch.setattr(web.views.home, "recent_events", broken)
    client.raise_request_exception = False
    response = client.get("/", HTTP_X_REQUEST_ID="0123456789abcdef0123456789abcdef")
    assert response.status_code == 500
    html = response.content.decode()
    assert '<code id="request-id">0123456789abcdef0123456789abcdef</code>' in html
    assert response["X-Request-ID"] == "0123456789abcdef0123456789abcdef"


def test_a_dissolved_state_is_not_called_not_joined_after_it_ceased_to_exist(client, db):
    from states.services import states_load

    states_load()
    treaty_from_catalogue("ccm")
    html = client.get("/states/CSK/", {"on": "2020-01-01"}).content.decode()
    assert "Czechoslovakia ceased to exist on 31 Dec 1992" in html
    assert "did not exist on this date" in html


def test_a_territory_page_says_what_not_joined_means_for_it(client, db):
    from states.services import states_load

    states_load()
    treaty_from_catalogue("ccm")
    html = client.get("/states/HKG/").content.decode()
    assert "Hong Kong is a territory" in html
