"""``/treaties/{slug}/statements/`` and ``/states/{code}/statements/``: reservations,
declarations and objections with their filters, errors, pages and a fixed number of queries."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from statements.models import Statement, StatementKind
from statements.services import statement_record
from states.models import State
from tests.factories import SOURCE, treaty_with_participants
from treaties.models import Treaty

pytestmark = pytest.mark.django_db


def _say(treaty: Treaty, state: State, n: int, **extra) -> Statement:
    fields = {
        "kind": StatementKind.RESERVATION,
        "source_url": SOURCE,
        "source_section": f"test Declarations #{n}",
        "text": f"Reservation number {n}.",
        "made_on": date(2015, 1, 1),
    }
    return statement_record(treaty=treaty, state=state, **{**fields, **extra})


def _with_statements(slug: str, states: int) -> Treaty:
    """A treaty whose every participant made a reservation on article IX; the first one's is
    withdrawn in 2020, the second objects to the first's."""
    treaty = treaty_with_participants(slug, states)
    members = list(State.objects.filter(events__treaty=treaty).distinct().order_by("code"))
    for n, member in enumerate(members, start=1):
        _say(
            treaty,
            member,
            n,
            articles="article IX",
            withdrawn_on=date(2020, 1, 1) if n == 1 else None,
            upon_event=member.events.filter(treaty=treaty, kind="ratification").first(),
        )
    _say(
        treaty,
        members[1],
        99,
        kind=StatementKind.OBJECTION,
        objects_to=members[0],
        text="An objection.",
    )
    return treaty


@pytest.fixture
def treaty() -> Treaty:
    return _with_statements("ccm", 3)


def _results(client, url: str, **params) -> list[dict]:
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_a_treatys_statements_with_their_source(anon, treaty):
    rows = _results(anon, "/api/v1/treaties/ccm/statements/")
    assert len(rows) == 4
    objection = next(r for r in rows if r["kind"] == "objection")
    assert objection["state"] == "QAB" and objection["objects_to"] == "QAA"
    assert objection["source_url"] == SOURCE and objection["source_section"]
    reservation = next(r for r in rows if r["state"] == "QAA")
    assert reservation["withdrawn_on"] == "2020-01-01"
    assert reservation["upon_event_kind"] == "ratification"
    assert reservation["kind_label"] == "Reservation"


def test_filters_as_of_kind_article_and_objects_to(anon, treaty):
    url = "/api/v1/treaties/ccm/statements/"
    in_2021 = _results(anon, url, as_of="2021-01-01")
    assert {r["state"] for r in in_2021 if r["kind"] == "reservation"} == {"QAB", "QAC"}
    assert _results(anon, url, on="2014-12-31") == []
    assert [r["kind"] for r in _results(anon, url, kind="objection")] == ["objection"]
    assert len(_results(anon, url, article="IX")) == 3
    assert _results(anon, url, article="XIX") == []
    assert [r["state"] for r in _results(anon, url, objects_to="qaa")] == ["QAB"]


def test_a_states_statements(anon, treaty):
    rows = _results(anon, "/api/v1/states/qab/statements/")
    assert {(r["treaty"], r["kind"]) for r in rows} == {
        ("ccm", "reservation"),
        ("ccm", "objection"),
    }


@pytest.mark.parametrize(
    ("params", "field", "code"),
    [
        ({"kind": "rant"}, "kind", "invalid_choice"),
        ({"as_of": "2021-02-30"}, "as_of", "impossible_date"),
        ({"as_of": "2021-01-01", "on": "2022-01-01"}, "on", "conflicting_dates"),
        ({"objects_to": "ZZZ"}, "objects_to", "unknown_state"),
        ({"article": ""}, "article", "invalid"),
        ({"q": "  "}, "q", "invalid"),
        ({"q": "x" * 201}, "q", "invalid"),
        ({"objects": "QAA"}, "objects", "unknown_parameter"),
    ],
)
def test_a_bad_filter_is_a_400_with_the_apis_error_body(anon, treaty, params, field, code):
    for url in ("/api/v1/treaties/ccm/statements/", "/api/v1/states/QAA/statements/"):
        response = anon.get(url, params)
        assert response.status_code == 400, response.content
        assert response.json() == {
            "errors": [
                {"field": field, "code": code, "message": response.json()["errors"][0]["message"]}
            ]
        }


def test_search_in_the_text(anon, treaty):
    """Every word of ``q`` in the text (case ignored); full-text on PostgreSQL finds the same
    statements for whole words."""
    url = "/api/v1/treaties/ccm/statements/"
    assert [r["kind"] for r in _results(anon, url, q="OBJECTION")] == ["objection"]
    assert {r["source_section"] for r in _results(anon, url, q="reservation number 2")} == {
        "test Declarations #2"
    }
    assert _results(anon, url, q="reservation unheard") == []
    state_url = "/api/v1/states/QAB/statements/"
    assert [r["kind"] for r in _results(anon, state_url, q="objection")] == ["objection"]


def test_the_treaty_list_filters_by_state_and_the_state_list_by_treaty(anon, treaty):
    other = _with_statements("apmbc", 2)
    rows = _results(anon, "/api/v1/treaties/ccm/statements/", state="qab")
    assert {(r["state"], r["kind"]) for r in rows} == {("QAB", "reservation"), ("QAB", "objection")}
    rows = _results(anon, "/api/v1/states/QAA/statements/", treaty=other.slug)
    assert {r["treaty"] for r in rows} == {other.slug}
    for url, params, field, code in (
        ("/api/v1/treaties/ccm/statements/", {"state": "ZZZ"}, "state", "unknown_state"),
        ("/api/v1/states/QAA/statements/", {"treaty": "nope"}, "treaty", "unknown_treaty"),
        # Each list takes the other scope only: a treaty's list has no treaty filter.
        ("/api/v1/treaties/ccm/statements/", {"treaty": "ccm"}, "treaty", "unknown_parameter"),
    ):
        response = anon.get(url, params)
        assert response.status_code == 400, response.content
        assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [(field, code)]


def test_unknown_treaty_or_state_is_a_404(anon, treaty):
    assert anon.get("/api/v1/treaties/nope/statements/").status_code == 404
    assert anon.get("/api/v1/states/ZZZ/statements/").status_code == 404


def test_pages_like_the_other_lists(anon, treaty):
    body = anon.get("/api/v1/treaties/ccm/statements/", {"limit": 1}).json()
    assert body["count"] == 4 and len(body["results"]) == 1 and body["next"]


def test_the_schema_documents_both_endpoints(anon):
    paths = anon.get("/api/v1/schema/", {"format": "json"}).json()["paths"]
    for path in ("/api/v1/treaties/{slug}/statements/", "/api/v1/states/{code}/statements/"):
        names = {p["name"] for p in paths[path]["get"]["parameters"]}
        assert {"as_of", "kind", "article", "objects_to", "q", "limit", "offset"} <= names


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(captured)


@pytest.mark.parametrize("path", ["treaties/{slug}/statements/", "states/QAB/statements/"])
def test_statements_take_a_fixed_number_of_queries(anon, path):
    small = _with_statements("ccm", 3)
    n_small = _queries(anon, "/api/v1/" + path.format(slug=small.slug) + "?as_of=2021-01-01")
    large = _with_statements("apmbc", 40)
    n_large = _queries(anon, "/api/v1/" + path.format(slug=large.slug) + "?as_of=2021-01-01")
    assert n_small == n_large <= 6


@pytest.mark.parametrize("path", ["treaties/{slug}/statements/", "states/QAB/statements/"])
def test_searching_and_filtering_take_a_fixed_number_of_queries(anon, path):
    query = "?q=reservation&kind=reservation&objects_to=QAA&article=IX"
    small = _with_statements("ccm", 3)
    n_small = _queries(anon, "/api/v1/" + path.format(slug=small.slug) + query)
    large = _with_statements("apmbc", 40)
    n_large = _queries(anon, "/api/v1/" + path.format(slug=large.slug) + query)
    assert n_small == n_large <= 7
