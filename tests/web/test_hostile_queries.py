"""What the pages do with queries nobody should send: dates beyond the supported range,
unknown parameters, too many requests."""

from __future__ import annotations

import pytest
from django.test import override_settings

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
    assert "outside the dates this site shows" in response.content.decode()
    assert "1 Jan 1800" in response.content.decode()


def test_a_state_page_for_a_date_beyond_the_supported_range_says_so(client, apmbc):
    code = apmbc.events.first().state.code

    response = client.get(f"/states/{code}/", {"on": "0001-01-01"})

    assert response.status_code == 400
    assert "outside the dates this site shows" in response.content.decode()


@pytest.mark.parametrize("name", ["participants.csv", "participants.json"])
@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_a_download_for_a_date_beyond_the_supported_range_is_a_400(client, apmbc, name, day):
    response = client.get(f"/treaties/apmbc/{name}", {"on": day})

    assert response.status_code == 400
    assert "outside the dates this site shows" in response.content.decode()


def test_the_first_and_last_supported_days_are_served(client, apmbc):
    assert client.get("/treaties/apmbc/", {"on": "1800-01-01"}).status_code == 200
    assert client.get("/treaties/apmbc/", {"on": "2999-12-31"}).status_code == 200


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("/treaties/apmbc/?utm_x=abc", "/treaties/apmbc/"),
        ("/treaties/apmbc/?on=2020-01-01&utm_x=abc&fbclid=1", "/treaties/apmbc/?on=2020-01-01"),
        (
            "/treaties/apmbc/participants.csv?on=2020-01-01&x=1",
            "/treaties/apmbc/participants.csv?on=2020-01-01",
        ),
        ("/states/?page=2", "/states/"),
        ("/?x=1", "/"),
        ("/compare/?a=apmbc&b=ccm&junk=1", "/compare/?a=apmbc&b=ccm"),
        ("/search/?q=ottawa&ref=mail", "/search/?q=ottawa"),
        ("/feeds/events.atom?x=1", "/feeds/events.atom"),
        ("/treaties/apmbc/events.atom?x=1", "/treaties/apmbc/events.atom"),
        ("/map/world.svg?v=2", "/map/world.svg"),
    ],
)
def test_a_page_redirects_unknown_parameters_to_its_canonical_url(client, apmbc, url, canonical):
    response = client.get(url)

    assert response.status_code == 301
    assert response["Location"] == canonical


def test_a_junk_parameter_stores_no_rendering_of_its_own(client, apmbc):
    from django.core.cache import cache

    client.get("/treaties/apmbc/")
    before = _stored_keys(cache)

    for n in range(20):
        client.get(f"/treaties/apmbc/?utm_x={n}")

    assert _stored_keys(cache) == before


def _stored_keys(cache) -> set:
    if hasattr(cache, "keys"):  # django-redis (CI)
        return set(cache.keys("*"))
    return set(cache._cache)  # the per-process cache of a bare machine


def test_every_page_declares_the_parameters_it_reads():
    from django.urls import URLPattern, get_resolver

    from web.params import accepted

    declared = {
        pattern.name: accepted(pattern.callback)
        for pattern in get_resolver("web.urls").url_patterns
        if isinstance(pattern, URLPattern)
    }

    assert declared["treaty"] == {"on", "since", "status", "page"}
    assert declared["treaty-csv"] == declared["treaty-json"] == {"on", "status"}
    assert declared["state"] == {"on"}
    assert declared["compare"] == {"on", "a", "b"}
    assert declared["search"] == {"q"}
    assert declared["home"] == {"subject", "in_force", "from", "to", "depositary", "data"}
    assert declared["states"] == frozenset()


@override_settings(PAGE_ANON_RATE="3/minute")
def test_anonymous_clients_are_throttled_on_pages_with_a_plain_429(client, apmbc):
    for _ in range(3):
        assert client.get("/treaties/apmbc/").status_code == 200

    response = client.get("/treaties/apmbc/")

    assert response.status_code == 429
    assert response["Content-Type"].startswith("text/plain")
    assert int(response["Retry-After"]) > 0
    assert "Too many requests" in response.content.decode()


@override_settings(PAGE_ANON_RATE="3/minute", NUM_PROXIES=0)
def test_a_throttled_client_gains_nothing_on_pages_by_forging_forwarded_for(client, apmbc):
    for _ in range(3):
        client.get("/")

    assert client.get("/", HTTP_X_FORWARDED_FOR="198.51.100.9").status_code == 429


@override_settings(PAGE_ANON_RATE="3/minute")
def test_signed_in_editors_are_not_throttled_on_pages(client, apmbc):
    from tests.factories import make_user

    client.force_login(make_user("alice-editor", "editor"))

    for _ in range(5):
        assert client.get("/").status_code == 200


@override_settings(PAGE_ANON_RATE="3/minute")
def test_the_health_check_is_not_throttled(client, db):
    for _ in range(5):
        assert client.get("/healthz").status_code == 200


@pytest.mark.parametrize(
    ("url", "target"),
    [
        ("/treaties/CCM/", "/treaties/ccm/"),
        ("/treaties/Ccm/?on=2020-01-01", "/treaties/ccm/?on=2020-01-01"),
        ("/treaties/CCM/participants.csv", "/treaties/ccm/participants.csv"),
    ],
)
def test_treaty_addresses_in_capitals_redirect_to_the_treaty(client, url, target):
    from tests.factories import treaty_from_catalogue

    treaty_from_catalogue("ccm")
    response = client.get(url)
    assert response.status_code == 301
    assert response["Location"] == target
    assert client.get("/treaties/NOPE/").status_code == 404
