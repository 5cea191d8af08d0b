"""A write that cannot get its treaty's lock in time is tried once more, then answered with a
503 and ``Retry-After`` in the API's error body — never a 500 (issue 13, break 1).

The lock is really held, by another transaction on PostgreSQL, and the request's connection
waits at most 300 ms for it (``lock_timeout``, 5 s for web requests in settings).
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission, User
from django.db import connection
from rest_framework.test import APIClient

from events.models import Event
from events.services import events as service_events
from states.models import State
from tests.concurrency import TreatyLockHolder
from tests.factories import SOURCE, treaty_with_participants

pytestmark = pytest.mark.django_db(transaction=True)

BODY = {
    "treaty": "ccm",
    "state": "NOR",
    "kind": "ratification",
    "date": "2025-02-10",
    "source_url": SOURCE,
}


@pytest.fixture
def ccm(postgresql):
    treaty = treaty_with_participants("ccm", 3)
    State.objects.create(code="NOR", short_name="Norway")
    # This test's requests run on this thread's connection.
    with connection.cursor() as cursor:
        cursor.execute("SET lock_timeout = '300ms'")
    yield treaty
    with connection.cursor() as cursor:
        cursor.execute("RESET lock_timeout")


@pytest.fixture
def editor() -> APIClient:
    user = User.objects.create_user("ed", password="x" * 12)
    user.user_permissions.add(*Permission.objects.filter(codename="add_event"))
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_write_refused_the_lock_twice_is_a_503_with_retry_after_and_writes_nothing(
    ccm, editor, monkeypatch
):
    attempts: list[int] = []
    lock = service_events.treaty_lock

    def counted(treaty_id):
        attempts.append(treaty_id)
        return lock(treaty_id)

    monkeypatch.setattr(service_events, "treaty_lock", counted)
    holder = TreatyLockHolder(ccm.pk)
    try:
        response = editor.post("/api/v1/events/", BODY, format="json")
    finally:
        holder.release()

    assert response.status_code == 503
    assert response["Retry-After"] == "2"
    [error] = response.json()["errors"]
    assert error["code"] == "busy"
    assert "changed nothing" in error["message"]
    assert attempts == [ccm.pk, ccm.pk]  # tried once more before giving up
    assert not Event.objects.filter(state__code="NOR").exists()


def test_a_write_refused_the_lock_once_succeeds_on_its_second_try(ccm, editor, monkeypatch):
    holder = TreatyLockHolder(ccm.pk)
    attempts: list[int] = []
    lock = service_events.treaty_lock

    def release_before_the_second_try(treaty_id):
        attempts.append(treaty_id)
        if len(attempts) == 2:
            holder.release()  # the other transaction commits between the two tries
        return lock(treaty_id)

    monkeypatch.setattr(service_events, "treaty_lock", release_before_the_second_try)
    try:
        response = editor.post("/api/v1/events/", BODY, format="json")
    finally:
        if len(attempts) < 2:
            holder.release()

    assert response.status_code == 201, response.content
    assert len(attempts) == 2
    assert Event.objects.filter(state__code="NOR").count() == 1
