"""What the pages do with queries nobody should send: dates beyond the supported range,
unknown parameters, too many requests."""

from __future__ import annotations

import pytest

from tests.factories import build_apmbc

pytestmark = pytest.mark.django_db


@pytest.fixture
def apmbc():
    return build_apmbc(states=5)


@pytest.mark.parametrize(
    "url",
    [
        "/treaties/apmbc/?on=9999-12-31",
        "/treaties/apmbc/?on=0001-06-01",  # Chromium's date field while a year is typed
        "/treaties/apmbc/?since=0001-01-01",
        "/treaties/apmbc/?on=1799-12-31",
        "/compare/?on=9999-12-31",
    ],
)
def test_a_page_for_a_date_beyond_the_supported_range_says_so_with_a_400(client, apmbc, url):
    response = client.get(url)

    assert response.status_code == 400
    assert "outside the dates this site covers" in response.content.decode()
    assert "1 Jan 1800" in response.content.decode()


def test_a_state_page_for_a_date_beyond_the_supported_range_says_so(client, apmbc):
    code = apmbc.events.first().state.code

    response = client.get(f"/states/{code}/", {"on": "0001-01-01"})

    assert response.status_code == 400
    assert "outside the dates this site covers" in response.content.decode()


@pytest.mark.parametrize("name", ["participants.csv", "participants.json"])
@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_a_download_for_a_date_beyond_the_supported_range_is_a_400(client, apmbc, name, day):
    response = client.get(f"/treaties/apmbc/{name}", {"on": day})

    assert response.status_code == 400
    assert "outside the dates this site covers" in response.content.decode()


def test_the_first_and_last_supported_days_are_served(client, apmbc):
    assert client.get("/treaties/apmbc/", {"on": "1800-01-01"}).status_code == 200
    assert client.get("/treaties/apmbc/", {"on": "2999-12-31"}).status_code == 200
