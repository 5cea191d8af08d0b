"""With the cache down, every read and write still answers; it is only slower (issue 13,
break 3).

The cache is the project's own Redis configuration (``config.settings.redis_cache``) pointed
at a port where nothing listens, so every access to it fails as it does when Redis dies.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission, User
from django.core.cache import cache
from django.test import override_settings
from rest_framework.test import APIClient

from config.settings import redis_cache
from events.models import Event
from tests.factories import PASSWORD, SOURCE, make_user, treaty_with_participants

pytestmark = pytest.mark.django_db(transaction=True)

DEAD_CACHE = {"default": redis_cache("redis://127.0.0.1:1/0")}


@pytest.fixture
def ccm():
    return treaty_with_participants("ccm", 6, withdrawals=1)


@pytest.fixture
def cache_down():
    with override_settings(CACHES=DEAD_CACHE, RECOMPUTE_DEDUP_SECONDS=60):
        cache.set("probe", 1)
        assert cache.get("probe") is None  # really down
        yield


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/treaties/ccm/",
        "/treaties/ccm/?on=2020-01-01",
        "/treaties/ccm/participants.csv",
        "/states/",
        "/api/v1/treaties/",
        "/api/v1/treaties/ccm/participants/?as_of=2020-01-01",
        "/api/v1/events/?treaty=ccm",
    ],
)
def test_pages_and_the_api_answer_while_the_cache_is_down(client, ccm, cache_down, url):
    for _ in range(2):  # the second read would have been served from the cache
        response = client.get(url)
        assert response.status_code == 200, url


def test_an_editor_writes_while_the_cache_is_down_and_the_dates_are_computed(ccm, cache_down):
    editor = User.objects.create_user("ed", password="x" * 12)
    editor.user_permissions.add(*Permission.objects.filter(codename="add_event"))
    api = APIClient()
    api.force_authenticate(editor)
    state = ccm.events.exclude(kind="withdrawal").order_by("-date").first().state
    response = api.post(
        "/api/v1/events/",
        {
            "treaty": "ccm",
            "state": state.code,
            "kind": "withdrawal",
            "date": "2025-06-02",
            "source_url": SOURCE,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    # The queued-recompute marker could not be set: the recompute was queued (and, without a
    # broker in this test, run) anyway.
    withdrawal = Event.objects.get(pk=response.json()["id"])
    assert withdrawal.effective_date is not None
    assert withdrawal.effective_date > dt.date(2025, 6, 2)


def test_the_admin_login_answers_while_the_cache_is_down(client, cache_down):
    make_user("alice-editor", "editor")
    for _ in range(7):  # past the lockout's limit: the counters are not there to count
        response = client.post(
            "/admin/login/", {"username": "alice-editor", "password": "wrong password"}
        )
        assert response.status_code == 200
    response = client.post("/admin/login/", {"username": "alice-editor", "password": PASSWORD})
    assert response.status_code == 302


def test_the_anonymous_throttle_lets_requests_through_while_the_cache_is_down(client, ccm):
    with override_settings(
        CACHES=DEAD_CACHE,
        REST_FRAMEWORK={
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {"anon": "2/minute"},
        },
    ):
        statuses = [client.get("/api/v1/treaties/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 200]
