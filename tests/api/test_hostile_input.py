"""Hostile input never reaches the database as a 500: NUL characters in bodies, Unicode
digits in ids and counts, dates beyond what the date arithmetic supports."""

from __future__ import annotations

import pytest

from api.serializers.events import EventWriteSerializer
from events.models import Event
from states.models import State

pytestmark = pytest.mark.django_db

BASE = "/api/v1/events/"
WRITE_FIELDS = sorted(EventWriteSerializer().fields)


def _body(**overrides):
    body = {
        "treaty": "ccm",
        "state": "NOR",
        "kind": "ratification",
        "date": "2025-02-10",
        "source_url": "https://treaties.un.org/doc/Publication/CN/2025/CN.1.2025-Eng.pdf",
    }
    return {**body, **overrides}


@pytest.fixture
def norway(db) -> State:
    return State.objects.create(code="NOR", short_name="Norway")


def _nul_refused(response, field: str) -> None:
    assert response.status_code == 400, response.content
    assert {"field": field, "code": "null_characters_not_allowed"} in [
        {"field": e["field"], "code": e["code"]} for e in response.json()["errors"]
    ]


@pytest.mark.parametrize("field", WRITE_FIELDS)
def test_a_nul_character_in_any_field_of_a_new_event_is_a_400_naming_it(editor, ccm, norway, field):
    response = editor.post(BASE, _body(**{field: "a\x00b"}), format="json")

    _nul_refused(response, field)
    assert not Event.objects.filter(state=norway).exists()


@pytest.mark.parametrize("field", WRITE_FIELDS)
def test_a_nul_character_in_any_field_of_a_change_is_a_400_naming_it(editor, ccm, field):
    event = ccm.events.first()

    response = editor.patch(f"{BASE}{event.pk}/", {field: "x\x00"}, format="json")

    _nul_refused(response, field)


def test_a_nul_character_in_a_form_encoded_write_is_a_400(editor, ccm, norway):
    response = editor.post(BASE, _body(treaty="a\x00b"))

    _nul_refused(response, "treaty")


def test_a_nul_character_in_a_json_key_is_a_400(editor, ccm, norway):
    response = editor.post(BASE, {**_body(), "no\x00te": "x"}, format="json")

    assert response.status_code == 400


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/events/%C2%B2/",  # "²": str.isdigit() says yes, int() says no
        "/api/v1/events/%EF%BC%91/",  # fullwidth one: int() would read it as 1
        "/api/v1/events/%E2%91%A0/",  # "①"
    ],
)
def test_an_event_id_in_unicode_digits_is_a_404(anon, ccm, url):
    response = anon.get(url)

    assert response.status_code == 404
    assert response.json()["errors"][0]["code"] == "not_found"


@pytest.mark.parametrize(
    "query",
    ["limit=%C2%B2", "offset=%E2%91%A0", "limit=%EF%BC%91", "offset=%EF%BC%91"],
)
def test_a_count_in_unicode_digits_is_a_400(anon, ccm, query):
    response = anon.get(f"{BASE}?{query}")

    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] in ("limit", "offset")


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/treaties/?as_of=9999-12-31",
        "/api/v1/treaties/ccm/?as_of=0001-06-01",
        "/api/v1/treaties/ccm/participants/?as_of=9999-12-31",
        "/api/v1/treaties/ccm/changes/?from=0001-01-01",
        "/api/v1/treaties/ccm/changes/?to=9999-12-31",
        "/api/v1/states/NOR/treaties/?as_of=1799-12-31",
        "/api/v1/events/?date_from=0001-01-01",
        "/api/v1/events/?date_to=3000-01-01",
    ],
)
def test_a_date_outside_the_supported_range_is_a_400_that_says_so(anon, ccm, norway, url):
    response = anon.get(url)

    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert "1800-01-01 to 2999-12-31" in error["message"]


def test_a_date_filter_in_unicode_digits_is_a_400(anon, ccm):
    fullwidth_2020 = "\uff12\uff10\uff12\uff10"
    response = anon.get(BASE, {"date_from": f"{fullwidth_2020}-01-01"})

    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "date_from"


def test_the_changes_start_at_the_first_supported_day_by_default(anon, ccm):
    body = anon.get("/api/v1/treaties/ccm/changes/").json()

    assert body["from"] == "1800-01-01"
    assert body["count"] > 0


@pytest.mark.parametrize("field", ["date", "published_effective_date"])
def test_an_event_dated_beyond_the_supported_range_is_refused(editor, ccm, norway, field):
    response = editor.post(BASE, _body(**{field: "9999-12-01"}), format="json")

    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == field
    assert "outside the dates" in response.json()["errors"][0]["message"]
    assert not Event.objects.filter(state=norway).exists()


def test_a_withdrawal_far_in_the_future_is_refused_rather_than_overflowing(editor, ccm):
    party = ccm.events.filter(kind="ratification").first()

    response = editor.post(
        BASE,
        _body(state=party.state.code, kind="withdrawal", date="9999-12-01"),
        format="json",
    )

    assert response.status_code == 400
