"""The treaty page: status on any date, map, counts, changes, participants table."""

from __future__ import annotations

import re

import pytest
import time_machine
from django.urls import reverse

from tests.factories import build_apmbc, build_ccm

pytestmark = pytest.mark.django_db


def row_of(html: str, code: str) -> str:
    match = re.search(rf'<tr id="state-{code}".*?</tr>', html, re.S)
    assert match, f"no participants row for {code}"
    return match.group(0)


def map_use(html: str, numeric: str) -> str:
    match = re.search(rf'<use [^>]*data-numeric="{numeric}"[^>]*>', html)
    assert match, f"no map shape for {numeric}"
    return match.group(0)


@pytest.fixture
def ccm():
    return build_ccm()


def page(client, treaty, **params):
    return client.get(reverse("web:treaty", args=[treaty.slug]), params)


def test_lithuania_is_withdrawal_pending_on_1_january_2025(client, ccm):
    html = page(client, ccm, on="2025-01-01").content.decode()
    row = row_of(html, "LTU")
    assert 'data-status="withdrawal_pending"' in row
    assert "Withdrawal pending" in row
    assert 'data-status="withdrawal_pending"' in map_use(html, "440")


def test_lithuania_is_withdrawn_from_6_march_2025(client, ccm):
    html = page(client, ccm, on="2025-03-06").content.decode()
    assert 'data-status="withdrawn"' in row_of(html, "LTU")
    assert 'data-status="withdrawn"' in map_use(html, "440")


def test_lithuania_is_a_party_in_2020_with_its_entry_into_force_explained(client, ccm):
    html = page(client, ccm, on="2020-01-01").content.decode()
    row = row_of(html, "LTU")
    assert 'data-status="party"' in row
    # Deposit 24 Mar 2011 → first day of the sixth month after → 1 Sep 2011 (art. 17(2)).
    assert '<time datetime="2011-09-01">1 Sep 2011</time>' in row
    assert "sixth month" in row
    assert "C.N." not in row  # the withdrawal is not yet known in 2020


def test_the_withdrawal_shows_its_notification_footnote_and_source(client, ccm):
    row = row_of(page(client, ccm, on="2025-03-06").content.decode(), "LTU")
    assert "C.N.347.2024.TREATIES-XXVI-6" in row
    assert "Lithuania notified its withdrawal" in row
    assert 'href="https://treaties.un.org/' in row
    assert '<time datetime="2025-03-06">6 Mar 2025</time>' in row


def test_states_that_never_acted_are_not_joined_on_the_map(client, ccm):
    html = page(client, ccm, on="2025-01-01").content.decode()
    assert 'data-status="not_joined"' in map_use(html, "156")  # China never signed the CCM


def test_the_entry_into_force_of_the_treaty_is_given_with_its_rule(client, ccm):
    html = page(client, ccm).content.decode()
    assert ccm.entry_into_force_date is not None
    assert f"{ccm.entry_into_force_date:%-d %b %Y}" in html
    assert "How this date follows from the treaty" in html
    assert "17(1)" in html or "sixth month" in html


def test_counts_follow_the_date(client, ccm):
    before = page(client, ccm, on="2025-01-01").content.decode()
    after = page(client, ccm, on="2025-03-06").content.decode()
    assert re.search(r'data-status="withdrawal_pending">.*?<strong>1</strong>', before)
    assert re.search(r'data-status="withdrawn">.*?<strong>1</strong>', after)
    assert re.search(r'data-status="party">.*?<strong>30</strong>', after)


def test_filtering_by_status_lists_only_that_status(client, ccm):
    html = page(client, ccm, on="2025-03-06", status="withdrawn").content.decode()
    rows = re.findall(r'<tr id="state-([A-Z]+)" data-status="([a-z_]+)"', html)
    assert rows == [("LTU", "withdrawn")]


def test_what_changed_lists_the_withdrawal_between_two_dates(client, ccm):
    html = page(client, ccm, since="2024-09-01", on="2025-03-31").content.decode()
    section = html.split('id="changes-h"')[1].split("</section>")[0]
    assert re.search(r'data-status="withdrawal_pending">.*?6 Sep 2024.*?Lithuania', section, re.S)
    assert re.search(r'data-status="withdrawn">.*?6 Mar 2025.*?Lithuania', section, re.S)


def test_the_date_defaults_to_today(client, ccm):
    with time_machine.travel("2025-02-01 12:00Z"):
        html = page(client, ccm).content.decode()
    assert 'value="2025-02-01"' in html
    assert 'data-status="withdrawal_pending"' in row_of(html, "LTU")


def test_a_bad_date_is_refused_with_a_message_not_an_error(client, ccm):
    response = page(client, ccm, on="2025-13-01")
    assert response.status_code == 400
    assert "is not a date; use the form YYYY-MM-DD" in response.content.decode()


def test_an_unknown_treaty_is_a_404(client, db):
    assert client.get("/treaties/no-such-treaty/").status_code == 404


def test_the_page_references_the_cached_map_geometry_instead_of_embedding_it(client, ccm):
    html = page(client, ccm).content.decode()
    assert 'href="/map/world.svg#n440"' in html
    assert "<path d=" not in html.split('id="map-h"')[1].split("</figure>")[0]


def test_timeline_chart_counts_thirty_one_parties_before_the_withdrawal(client, ccm):
    html = page(client, ccm, on="2024-12-31").content.decode()
    assert "31 parties on 31 Dec 2024" in html


@pytest.mark.parametrize("size", [3, 60])
def test_the_treaty_page_runs_the_same_queries_whatever_its_size(
    client, django_assert_num_queries, size
):
    treaty = build_apmbc(states=size)
    # data version, treaty, party timeline, the treaty's change points, changes between
    # dates, events, periods on the date, memberships.
    with django_assert_num_queries(8):
        response = page(client, treaty, on="2024-01-01")
    assert response.status_code == 200
    assert len(re.findall(r'<tr id="state-', response.content.decode())) == size
    # The data version: the rest is the stored rendering (and the treaty, its timeline and
    # change points, read once per data version).
    with django_assert_num_queries(1):
        again = page(client, treaty, on="2024-01-01")
    assert again.content == response.content
