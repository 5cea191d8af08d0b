"""Search by any name, alias, short form or code, with typing mistakes forgiven."""

from __future__ import annotations

import pytest

from states.selectors import state_search
from states.services import states_load
from tests.factories import build_apmbc, build_ccm, lithuania, treaty_from_catalogue, turkiye
from treaties.selectors import treaty_search

pytestmark = pytest.mark.django_db


@pytest.fixture
def reference_states():
    """Every state of the reference data with its aliases (short forms included)."""
    states_load()


def test_ottawa_reaches_the_mine_ban_convention(client):
    treaty_from_catalogue("apmbc")
    treaty_from_catalogue("ccm")
    response = client.get("/search/", {"q": "Ottawa"})
    assert response.status_code == 302
    assert response["Location"] == "/treaties/apmbc/"


def test_ottawa_misspelt_still_reaches_the_mine_ban_convention(client):
    treaty_from_catalogue("apmbc")
    treaty_from_catalogue("ccm")
    assert [t.slug for t in treaty_search("ottowa")] == ["apmbc"]
    assert client.get("/search/", {"q": "ottowa"})["Location"] == "/treaties/apmbc/"


def test_cluster_finds_the_ccm_by_its_title():
    treaty_from_catalogue("ccm")
    treaty_from_catalogue("apmbc")
    assert [t.slug for t in treaty_search("cluster")] == ["ccm"]


def test_a_state_code_goes_straight_to_the_state(client):
    lithuania()
    assert client.get("/search/", {"q": "ltu"})["Location"] == "/states/LTU/"


@pytest.mark.parametrize(
    ("text", "code"),
    [("US", "USA"), ("UK", "GBR"), ("GB", "GBR"), ("UAE", "ARE"), ("DPRK", "PRK"),
     ("USSR", "SUN"), ("usa", "USA"), ("Lithunia", "LTU")],
)  # fmt: skip
def test_codes_short_forms_and_misspellings_rank_the_meant_state_first(
    reference_states, text, code
):
    assert state_search(text)[0].state.code == code


@pytest.mark.parametrize(
    ("text", "code"), [("US", "USA"), ("UK", "GBR"), ("GB", "GBR"), ("UAE", "ARE"), ("DPRK", "PRK")]
)
def test_a_short_form_goes_straight_to_its_state(client, reference_states, text, code):
    treaty_from_catalogue("apmbc")
    treaty_from_catalogue("ccm")
    assert client.get("/search/", {"q": text})["Location"] == f"/states/{code}/"


def test_uk_is_not_taken_for_ukraine(reference_states):
    results = state_search("UK")
    assert results[0].state.code == "GBR"
    assert results[0].matched == "UK"
    assert [m.state.code for m in results].index("UKR") > 0


def test_each_result_says_which_name_matched(client, reference_states):
    html = client.get("/search/", {"q": "united"}).content.decode()
    assert "Mexico" in html
    assert "matched: United Mexican States" in html


def test_a_misspelt_name_is_found_as_a_similar_spelling(reference_states):
    (match,) = [m for m in state_search("Lithunia") if m.state.code == "LTU"]
    assert match.how == "similar"
    assert match.matched == "Lithuania"


def test_short_text_is_never_taken_for_a_misspelling(reference_states):
    assert state_search("qz") == []


@pytest.mark.parametrize("text", ["Türkiye", "turkiye", "TURKEY"])
def test_turkiye_is_found_by_any_spelling_or_former_name(text):
    turkiye()
    lithuania()
    assert [m.state.code for m in state_search(text)] == ["TUR"]


def test_the_type_ahead_answers_with_the_same_search(client, reference_states):
    body = client.get("/search/suggest.json", {"q": "UK"}).json()
    assert body["results"][0]["url"] == "/states/GBR/"
    assert body["results"][0]["detail"] == "matched: UK"


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


def test_congo_offers_both_congos_instead_of_jumping_to_one(client, reference_states):
    response = client.get("/search/", {"q": "congo"})
    assert response.status_code == 200  # no redirect: the reader chooses
    html = response.content.decode()
    assert 'href="/states/COG/"' in html and 'href="/states/COD/"' in html
    # A whole name no other state's name holds as a word still goes straight there.
    assert client.get("/search/", {"q": "niger"})["Location"] == "/states/NER/"
    assert client.get("/search/", {"q": "UK"})["Location"] == "/states/GBR/"


def test_a_name_starting_with_the_text_ranks_first(reference_states):
    assert state_search("lit")[0].state.code == "LTU"
    assert [m.state.code for m in state_search("lit")[:1]] == ["LTU"]
    assert client_suggestions_first("lit") == "Lithuania"


def client_suggestions_first(text: str) -> str:
    from web.views.home import _search

    return _search(text).states[0].state.short_name
