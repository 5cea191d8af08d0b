"""Search by any name, alias or code."""

from __future__ import annotations

import pytest

from states.selectors import state_search
from tests.factories import build_apmbc, build_ccm, lithuania, treaty_from_catalogue, turkiye
from treaties.selectors import treaty_search

pytestmark = pytest.mark.django_db


def test_ottawa_reaches_the_mine_ban_convention(client):
    treaty_from_catalogue("apmbc")
    treaty_from_catalogue("ccm")
    response = client.get("/search/", {"q": "Ottawa"})
    assert response.status_code == 302
    assert response["Location"] == "/treaties/apmbc/"


def test_cluster_finds_the_ccm_by_its_title():
    treaty_from_catalogue("ccm")
    treaty_from_catalogue("apmbc")
    assert [t.slug for t in treaty_search("cluster")] == ["ccm"]


def test_a_state_code_goes_straight_to_the_state(client):
    lithuania()
    assert client.get("/search/", {"q": "ltu"})["Location"] == "/states/LTU/"


@pytest.mark.parametrize("text", ["Türkiye", "turkiye", "TURKEY"])
def test_turkiye_is_found_by_any_spelling_or_former_name(text):
    turkiye()
    lithuania()
    assert [s.code for s in state_search(text)] == ["TUR"]


def test_several_matches_are_listed(client):
    build_ccm(others=30)
    build_apmbc(states=41)
    html = client.get("/search/", {"q": "convention"}).content.decode()
    assert 'href="/treaties/ccm/"' in html
    assert 'href="/treaties/apmbc/"' in html


def test_nothing_found_says_so(client):
    response = client.get("/search/", {"q": "zzzz"})
    assert response.status_code == 200
    assert "Nothing matches" in response.content.decode()
