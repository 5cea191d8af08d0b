"""The events endpoint: filters, pagination, and writes for each persona."""

from __future__ import annotations

import csv
import io

import pytest
from django.contrib.auth.models import User

from events.models import Event, EventKind
from states.models import State
from tests.factories import SOURCE

pytestmark = pytest.mark.django_db

BASE = "/api/v1/events/"


def _new_ratification(**overrides):
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


def test_the_list_filters_by_treaty_state_kind_and_dates(anon, ccm):
    body = anon.get(
        BASE,
        {"treaty": "ccm", "state": "QAA", "kind": "withdrawal", "date_from": "2024-01-01",
         "date_to": "2024-12-31"},
    ).json()  # fmt: skip
    assert body["count"] == 1
    event = body["results"][0]
    assert event["state"] == {"code": "QAA", "name": "Testland QAA"}
    assert event["treaty"] == "ccm"
    assert event["kind"] == "withdrawal"
    assert event["source_url"] == SOURCE
    assert event["derived_dates_computed"] is True
    assert event["effective_date"] is not None


def test_the_list_is_paged(anon, ccm):
    body = anon.get(BASE, {"limit": 10}).json()
    assert body["count"] == 81
    assert len(body["results"]) == 10
    dates = [e["date"] for e in body["results"]]
    assert dates == sorted(dates)


def test_the_list_comes_as_csv(anon, ccm):
    response = anon.get(BASE, {"kind": "withdrawal", "format": "csv"})
    lines = response.content.decode().splitlines()
    assert len(lines) == 2
    assert "state.code" in lines[0].split(",")


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"treaty": "nope"}, "treaty"),
        ({"state": "ZZZ"}, "state"),
        ({"kind": "handshake"}, "kind"),
        ({"date_from": "2024-02-30"}, "date_from"),
        ({"date_to": "01/02/2024"}, "date_to"),
    ],
)
def test_bad_filters_are_400s_naming_the_filter(anon, ccm, params, field):
    response = anon.get(BASE, params)
    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == [field]


def test_one_event_can_be_read(anon, ccm):
    event = ccm.events.first()
    assert anon.get(f"{BASE}{event.pk}/").json()["id"] == event.pk


def test_an_unknown_event_is_a_404(anon, db):
    assert anon.get(f"{BASE}999999/").json()["errors"][0]["code"] == "not_found"


def test_anonymous_visitors_cannot_write_and_are_told_how_to_authenticate(anon, ccm, norway):
    event = ccm.events.first()
    for response in (
        anon.post(BASE, _new_ratification(), format="json"),
        anon.patch(f"{BASE}{event.pk}/", {"note": "x"}, format="json"),
        anon.delete(f"{BASE}{event.pk}/"),
    ):
        assert response.status_code == 401
        assert response["WWW-Authenticate"] == "Token"
        assert response.json()["errors"][0]["code"] == "not_authenticated"
    assert not Event.objects.filter(state=norway).exists()
    assert Event.objects.filter(pk=event.pk, note="").exists()


def test_a_wrong_token_is_a_401_that_says_so(ccm, norway):
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")
    response = client.post(BASE, _new_ratification(), format="json")
    assert response.status_code == 401
    assert response.json()["errors"][0]["code"] == "authentication_failed"
    assert not Event.objects.filter(state=norway).exists()


def test_a_reader_without_permissions_cannot_write(reader, ccm, norway):
    assert reader.post(BASE, _new_ratification(), format="json").status_code == 403
    event = ccm.events.first()
    assert reader.patch(f"{BASE}{event.pk}/", {"note": "x"}, format="json").status_code == 403
    assert reader.delete(f"{BASE}{event.pk}/").status_code == 403
    assert not Event.objects.filter(state=norway).exists()
    assert Event.objects.filter(pk=event.pk, note="").exists()


def test_a_reader_can_read(reader, ccm):
    assert reader.get(BASE).status_code == 200


def test_an_editor_records_an_event_and_it_is_computed_after_commit(
    editor, ccm, norway, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = editor.post(BASE, _new_ratification(), format="json")
    assert response.status_code == 201, response.json()
    event = Event.objects.get(state=norway, treaty=ccm)
    assert event.kind == EventKind.RATIFICATION
    # The response is written before the recomputation ran (on commit).
    assert response.json()["derived_dates_computed"] is False
    after = editor.get(f"{BASE}{event.pk}/").json()
    assert after["derived_dates_computed"] is True
    assert after["effective_date"] == "2025-08-01"  # first day of the sixth month after


def test_an_editor_updates_an_event(editor, ccm):
    event = ccm.events.get(state__code="QAB", kind="ratification")
    response = editor.patch(f"{BASE}{event.pk}/", {"note": "Corrected date"}, format="json")
    assert response.status_code == 200, response.json()
    event.refresh_from_db()
    assert event.note == "Corrected date"


def test_an_editor_deletes_an_event(editor, ccm):
    event = ccm.events.get(state__code="QAB", kind="signature")
    assert editor.delete(f"{BASE}{event.pk}/").status_code == 204
    assert not Event.objects.filter(pk=event.pk).exists()


def test_deleting_what_a_withdrawal_depends_on_is_refused(editor, ccm):
    ratification = ccm.events.get(state__code="QAA", kind="ratification")
    response = editor.delete(f"{BASE}{ratification.pk}/")
    assert response.status_code == 400
    assert response.json()["errors"]
    assert Event.objects.filter(pk=ratification.pk).exists()


def test_a_withdrawal_by_a_non_party_is_rejected_and_nothing_is_written(editor, ccm, norway):
    before = Event.objects.count()
    response = editor.post(
        BASE, _new_ratification(kind="withdrawal", date="2025-03-01"), format="json"
    )
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert set(error) == {"field", "code", "message"}
    assert "withdraw" in error["message"].lower() or "party" in error["message"].lower()
    assert Event.objects.count() == before


def test_a_duplicate_event_is_rejected(editor, ccm):
    existing = ccm.events.get(state__code="QAB", kind="signature")
    response = editor.post(
        BASE,
        _new_ratification(state="QAB", kind="signature", date=existing.date.isoformat()),
        format="json",
    )
    assert response.status_code == 400
    assert "already has an event" in response.json()["errors"][0]["message"]
    assert ccm.events.filter(state__code="QAB", kind="signature").count() == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"date": "2025-02-30"}, "date"),
        ({"treaty": "nope"}, "treaty"),
        ({"state": "ZZZ"}, "state"),
        ({"kind": "handshake"}, "kind"),
        ({"source_url": ""}, "source_url"),
    ],
)
def test_bad_input_names_the_field(editor, ccm, norway, overrides, field):
    response = editor.post(BASE, _new_ratification(**overrides), format="json")
    assert response.status_code == 400
    assert field in [e["field"] for e in response.json()["errors"]]
    assert not Event.objects.filter(state=norway).exists()


def test_a_missing_source_is_required(editor, ccm, norway):
    body = _new_ratification()
    del body["source_url"]
    response = editor.post(BASE, body, format="json")
    assert response.json()["errors"] == [
        {"field": "source_url", "code": "required", "message": "This field is required."}
    ]


def test_token_authentication_works_for_writes(ccm, norway, editor_user):
    from rest_framework.test import APIClient

    from api.tokens import token_issue

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_issue(user=editor_user)}")
    assert client.post(BASE, _new_ratification(), format="json").status_code == 201


def test_session_authentication_needs_csrf(ccm, norway, editor_user):
    from rest_framework.test import APIClient

    client = APIClient(enforce_csrf_checks=True)
    client.force_login(User.objects.get(pk=editor_user.pk))
    response = client.post(BASE, _new_ratification(), format="json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["errors"][0]["message"]


def test_a_csv_cell_a_spreadsheet_would_run_is_neutralised(anon, ccm):
    Event.objects.filter(kind="withdrawal").update(note="@SUM(1+1)*cmd|' /C calc'!A0")

    response = anon.get(BASE, {"kind": "withdrawal", "format": "csv"})

    row = next(csv.DictReader(io.StringIO(response.content.decode())))
    assert row["note"] == "'@SUM(1+1)*cmd|' /C calc'!A0"
