"""A participants table longer than ``web.tables.TABLE_PAGE_ROWS`` is shown a page at a time;
every row stays reachable by links (no script needed), and the rest of the page still
describes the whole table. The tests page a 45-state treaty by 20 rows."""

from __future__ import annotations

import datetime as dt
import random
import re

import pytest
from django.core.cache import cache

from tests.factories import build_apmbc, build_ccm
from web import tables

pytestmark = pytest.mark.django_db

ON = "2024-01-01"


@pytest.fixture(autouse=True)
def twenty_rows_a_page(monkeypatch):
    monkeypatch.setattr(tables, "TABLE_PAGE_ROWS", 20)


@pytest.fixture
def apmbc():
    return build_apmbc(states=45)


def get(client, **params):
    return client.get("/treaties/apmbc/", {"on": ON, **params})


def codes(html: str) -> list[str]:
    return re.findall(r'<tr id="state-([A-Z]+)"', html)


def pager_links(html: str) -> list[str]:
    nav = html.split('<nav class="pager"')[1].split("</nav>")[0]
    return re.findall(r'<a href="([^"]+)"', nav)


def test_a_long_table_is_shown_a_page_at_a_time_with_a_link_to_each_page(client, apmbc):
    html = get(client).content.decode()
    assert len(codes(html)) == 20
    assert "45 participants. This page shows 1 to 20 in order of name" in html
    assert "Participants 1 to 20 of 45, in order of name; page 1 of 3:" in html
    assert pager_links(html) == [f"?on={ON}&amp;page={n}#participants-h" for n in (1, 2, 3)]
    assert html.count('aria-current="page"') == 2  # the current page, in both navs
    # The rest of the page still describes the whole table.
    assert re.search(r'data-status="party">.*?<strong>45</strong>', html)


def test_the_pages_hold_every_row_once_in_order_of_name(client, apmbc):
    whole = codes(build_whole_table(client))
    paged = [code for n in (1, 2, 3) for code in codes(get(client, page=n).content.decode())]
    assert len(whole) == 45
    assert paged == whole


def build_whole_table(client) -> str:
    tables.TABLE_PAGE_ROWS = 100
    try:
        cache.clear()
        return get(client).content.decode()
    finally:
        tables.TABLE_PAGE_ROWS = 20
        cache.clear()


def test_each_page_link_names_its_first_and_last_state(client, apmbc):
    second = get(client, page=2).content.decode()
    names = re.findall(r'<th scope="row"[^>]*><a [^>]*>([^<]+)</a></th>', second)
    nav = get(client).content.decode().split('<nav class="pager"')[1].split("</nav>")[0]
    assert len(names) == 20
    assert f'>2<span class="range">: {names[0]} \u2013 {names[-1]}</span></a>' in nav


def test_the_map_links_a_row_on_another_page_to_that_page(client, apmbc):
    html = get(client).content.decode()
    last = codes(get(client, page=3).content.decode())[0]
    first = codes(html)[0]
    assert f'<a href="?on={ON}&amp;page=3#state-{last}" class="shape"' in html
    assert f'<a href="#state-{first}" class="shape"' in html


def test_a_filter_is_kept_by_the_page_links(client, apmbc):
    html = get(client, status="party").content.decode()
    assert pager_links(html)[1] == f"?on={ON}&amp;status=party&amp;page=2#participants-h"


def test_a_page_past_the_last_sends_the_reader_to_the_last(client, apmbc):
    response = get(client, page=9, since="2023-06-01")
    assert response.status_code == 302
    assert response["Location"] == f"/treaties/apmbc/?on={ON}&since=2023-06-01&page=3"


@pytest.mark.parametrize("page", ["two", "0", "-1", "²", "2e3", "1.5"])
def test_a_page_that_is_not_a_page_number_is_explained(client, apmbc, page):
    response = get(client, page=page)
    assert response.status_code == 400
    assert f"“{page}” is not a page number; showing the first page." in response.content.decode()
    assert len(codes(response.content.decode())) == 20


def test_a_page_number_of_four_hundred_digits_is_the_last_page(client, apmbc):
    response = get(client, page="9" * 400)
    assert response.status_code == 302
    assert response["Location"].endswith("&page=3")


def test_a_table_that_fits_one_page_has_no_pages(client, apmbc):
    tables.TABLE_PAGE_ROWS = 45
    whole = get(client).content
    assert b'class="pager"' not in whole
    # The same page, but for its own address (og:url).
    assert get(client, page=1).content.replace(b"&amp;page=1", b"") == whole
    response = get(client, page=2)
    assert response.status_code == 302
    assert response["Location"] == f"/treaties/apmbc/?on={ON}"


def test_a_page_of_the_table_runs_the_same_queries(client, apmbc, django_assert_num_queries):
    with django_assert_num_queries(10):  # as the whole table: paging is done in Python
        response = get(client, page=2)
    assert len(codes(response.content.decode())) == 20
    with django_assert_num_queries(1):
        assert get(client, page=2).content == response.content


def test_a_page_served_from_another_dates_rendering_is_what_it_would_be_afresh(client):
    build_ccm()  # 31 states: two pages of 20
    rng = random.Random(14)
    days = [dt.date(2008, 1, 1) + dt.timedelta(days=rng.randrange(7000)) for _ in range(30)]
    url = "/treaties/ccm/?on={}&page=2"
    served = {}
    for day in days:
        response = client.get(url.format(day))
        if response.status_code == 200:
            served[day] = response.content
    assert len(served) > 10
    for day in list(served)[::3]:
        cache.clear()
        assert served[day] == client.get(url.format(day)).content, day
