"""State endpoints: list, detail, positions on every treaty."""

from __future__ import annotations

import pytest

from states.models import State

pytestmark = pytest.mark.django_db

BASE = "/api/v1/states/"


def test_the_list_pages_through_states_in_name_order(anon, ccm):
    body = anon.get(BASE, {"limit": 5, "offset": 5}).json()
    assert body["count"] == 40
    assert [s["code"] for s in body["results"]] == ["QAF", "QAG", "QAH", "QAI", "QAJ"]
    assert "offset=10" in body["next"]


def test_the_list_filters_by_kind_and_search(anon, db):
    State.objects.create(code="EUU", short_name="European Union", kind="organisation")
    State.objects.create(code="NOR", short_name="Norway")
    assert [s["code"] for s in anon.get(BASE, {"kind": "organisation"}).json()["results"]] == [
        "EUU"
    ]
    assert [s["code"] for s in anon.get(BASE, {"search": "norw"}).json()["results"]] == ["NOR"]


def test_an_unknown_kind_is_a_400(anon, db):
    response = anon.get(BASE, {"kind": "planet"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "kind"


def test_the_detail_is_found_by_code_in_any_case(anon, db):
    State.objects.create(code="NOR", short_name="Norway", official_name="Kingdom of Norway")
    body = anon.get(f"{BASE}nor/").json()
    assert body["code"] == "NOR"
    assert body["name"] == "Norway"
    assert body["official_name"] == "Kingdom of Norway"


def test_an_unknown_state_is_a_404_that_names_it(anon, db):
    response = anon.get(f"{BASE}XYZ/")
    assert response.status_code == 404
    assert response.json()["errors"][0]["message"] == "No state with code 'XYZ'."
    assert anon.get(f"{BASE}XYZ/treaties/").status_code == 404


def test_a_states_treaties_give_its_position_on_the_date(anon, ccm):
    body = anon.get(f"{BASE}QAA/treaties/", {"as_of": "2024-12-01"}).json()
    assert body["state"] == "QAA"
    assert body["count"] == 1
    position = body["results"][0]
    assert position["treaty"] == {"slug": "ccm", "short_name": "CCM"}
    assert position["status"] == "withdrawal_pending"
    assert position["status_since"] == "2024-09-06"
    assert position["status_until"] == position["withdrawal_effective_on"] == "2025-03-06"
    assert position["withdrawal_notified_on"] == "2024-09-06"
    assert position["consent_kind"] == "ratification"
    assert len(position["intervals"]) == 1
    # Every date with its basis, as in the treaty's participants.
    assert position["entry_into_force_basis"] == position["withdrawal_effective_basis"]
    assert position["entry_into_force_basis"] == "computed"
    participants = anon.get("/api/v1/treaties/ccm/participants/", {"as_of": "2024-12-01"})
    row = next(r for r in participants.json()["results"] if r["state"]["code"] == "QAA")
    assert {k: v for k, v in row.items() if k != "state"} == {
        k: v
        for k, v in position.items()
        # The record's date is the list's in the participants, each row's in the positions.
        if k not in ("treaty", "status_since", "status_until", "record_as_of", "past_record")
    }


def test_a_states_treaties_before_it_acted_are_empty(anon, ccm):
    body = anon.get(f"{BASE}QAA/treaties/", {"as_of": "2000-01-01"}).json()
    assert body["results"] == []


def test_a_states_treaties_come_as_csv(anon, ccm):
    response = anon.get(f"{BASE}QAB/treaties/", {"format": "csv", "as_of": "2025-06-01"})
    lines = response.content.decode().splitlines()
    assert lines[0].startswith("treaty.slug,treaty.short_name,status")
    assert lines[1].startswith("ccm,CCM,party")
