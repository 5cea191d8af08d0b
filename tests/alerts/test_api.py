"""Webhooks through the API: registered with a token, the secret shown once, the delivery log
visible to its owner only, private addresses refused with a clear message; the watch's feeds."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from alerts.delivery import watch_deliver
from alerts.matching import deliveries_create
from alerts.models import Watch
from api.tokens import token_issue
from tests.factories import StateFactory, TreatyFactory, make_user

from .conftest import make_notice


def _client(username):
    user = make_user(username)
    return APIClient(HTTP_AUTHORIZATION=f"Token {token_issue(user=user)}"), user


@pytest.fixture
def treaty(db):
    StateFactory(code="LTU", short_name="Lithuania")
    return TreatyFactory(slug="ccm", short_name="CCM")


def test_register_list_rotate_log_and_delete(treaty, receiver):
    client, _ = _client("newsroom")
    response = client.post(
        "/api/v1/webhooks/",
        {"url": receiver.url("/h"), "treaty": "ccm", "state": "LTU", "events": ["act"],
         "reminder_days": 30},
        format="json",
    )  # fmt: skip
    assert response.status_code == 201, response.json()
    body = response.json()
    secret = body["secret"]
    assert secret.startswith("whsec_") and len(secret) > 40
    assert body["events"] == ["act"] and body["treaty"] == "ccm" and body["state"] == "LTU"
    hook_id = body["id"]
    listed = client.get("/api/v1/webhooks/").json()
    assert [h["id"] for h in listed["results"]] == [hook_id]
    assert "secret" not in listed["results"][0]
    assert "secret" not in client.get(f"/api/v1/webhooks/{hook_id}/").json()

    new_secret = client.post(f"/api/v1/webhooks/{hook_id}/rotate-secret/").json()["secret"]
    assert new_secret != secret
    receiver.set_secret(new_secret)
    watch = Watch.objects.get(pk=hook_id)
    deliveries_create([make_notice(treaty, watch.state)])
    watch_deliver(watch.pk)
    assert [e["signature_ok"] for e in receiver.log()] == [True]
    log = client.get(f"/api/v1/webhooks/{hook_id}/deliveries/").json()
    assert [(d["status"], d["attempts"], d["response_status"]) for d in log] == [("sent", 1, 200)]
    assert log[0]["idempotency_key"] == receiver.log()[0]["key"]

    # Another account sees none of it.
    other, _ = _client("someone-else")
    assert other.get("/api/v1/webhooks/").json()["results"] == []
    assert other.get(f"/api/v1/webhooks/{hook_id}/deliveries/").status_code == 404
    assert other.delete(f"/api/v1/webhooks/{hook_id}/").status_code == 404

    assert client.delete(f"/api/v1/webhooks/{hook_id}/").status_code == 204
    assert not Watch.objects.exists()


def test_a_disabled_webhook_is_enabled_again(treaty, receiver):
    client, _ = _client("newsroom")
    hook_id = client.post("/api/v1/webhooks/", {"url": receiver.url("/h")}, format="json").json()[
        "id"
    ]
    Watch.objects.filter(pk=hook_id).update(
        active=False, disabled_reason="Disabled after 10 failed deliveries", consecutive_failures=10
    )
    shown = client.get(f"/api/v1/webhooks/{hook_id}/").json()
    assert shown["active"] is False and shown["disabled_reason"].startswith("Disabled after")
    response = client.patch(f"/api/v1/webhooks/{hook_id}/", {"active": True}, format="json")
    assert response.status_code == 200
    assert response.json()["active"] is True and response.json()["consecutive_failures"] == 0


def test_anonymous_clients_cannot_register(treaty):
    response = APIClient().post("/api/v1/webhooks/", {"url": "https://example.org/h"})
    assert response.status_code == 401


@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0.1/h",
        "https://10.0.0.8/h",
        "https://localhost/h",
        "https://169.254.169.254/",
    ],
)
def test_private_addresses_are_refused_at_registration(treaty, settings, url):
    settings.ALERTS_ALLOW_PRIVATE_WEBHOOKS = False
    client, _ = _client("newsroom")
    response = client.post("/api/v1/webhooks/", {"url": url}, format="json")
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["field"] == "url" and "not public" in error["message"]
    assert not Watch.objects.exists()


def test_bad_input_is_a_clear_400(treaty, receiver):
    client, _ = _client("newsroom")
    response = client.post(
        "/api/v1/webhooks/",
        {"url": receiver.url(), "treaty": "nope", "events": ["everything"]},
        format="json",
    )
    assert response.status_code == 400
    fields = {e["field"] for e in response.json()["errors"]}
    assert {"treaty", "events.0"} <= fields


def test_the_schema_documents_webhooks(client, db):
    schema = client.get("/api/v1/schema/").content.decode()
    assert "/api/v1/webhooks/" in schema and "X-Treaty-Tracker-Signature" in schema
    assert "rotate-secret" in schema


def test_a_watch_has_an_atom_feed_and_a_calendar(client, treaty):
    watch = Watch.objects.create(
        channel="email", email="a@example.org", treaty=treaty, confirmed_at="2025-01-01T00:00Z"
    )
    deliveries_create([make_notice(treaty, n=1), make_notice(treaty, n=2)])
    feed = client.get(f"/alerts/{watch.token}/feed.atom")
    assert feed.status_code == 200 and feed["Content-Type"].startswith("application/atom+xml")
    text = feed.content.decode()
    assert text.index("Notice 2 on the CCM") < text.index("Notice 1 on the CCM")
    calendar = client.get(f"/alerts/{watch.token}/calendar.ics")
    assert calendar.status_code == 200 and calendar.content.startswith(b"BEGIN:VCALENDAR")
