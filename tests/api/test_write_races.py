"""Two editors recording the same event at the same moment: one wins, the other is told the
event exists, and nothing is written twice.

Writers of one treaty queue on its row lock (``events.services.locking``), so the second
checks for the duplicate only once the first has committed: the race ends in a 400 that names
the duplicate, not in the database's unique constraint. The test makes both requests arrive at
the lock together.
"""

from __future__ import annotations

import threading

from django.contrib.auth.models import Permission, User
from django.db import connections
from rest_framework.test import APIClient

from events.models import Event
from events.services import events as service_events
from states.models import State
from tests.factories import SOURCE, treaty_with_participants

BODY = {
    "treaty": "ccm",
    "state": "NOR",
    "kind": "ratification",
    "date": "2025-02-10",
    "source_url": SOURCE,
}


def _editor(name: str) -> APIClient:
    user = User.objects.create_user(name, password="x" * 12)
    user.user_permissions.add(*Permission.objects.filter(codename="add_event"))
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_loser_of_a_duplicate_race_is_told_it_exists_and_nothing_is_written_twice(
    transactional_db, postgresql, monkeypatch
):
    treaty_with_participants("ccm", 3)
    State.objects.create(code="NOR", short_name="Norway")
    clients = [_editor("ed"), _editor("eve")]
    both_arrived = threading.Barrier(2, timeout=20)
    lock = service_events.treaty_lock

    def wait_then_lock(treaty_id):
        both_arrived.wait()  # both requests have parsed and validated their input
        return lock(treaty_id)

    monkeypatch.setattr(service_events, "treaty_lock", wait_then_lock)
    responses = {}

    def post(index: int) -> None:
        try:
            responses[index] = clients[index].post("/api/v1/events/", BODY, format="json")
        finally:
            connections.close_all()  # this thread's connection, before the test db is flushed

    threads = [threading.Thread(target=post, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(r.status_code for r in responses.values()) == [201, 400]
    loser = next(r for r in responses.values() if r.status_code == 400)
    [problem] = loser.json()["errors"]
    assert problem["message"] == (
        "This state already has an event of this kind on this date for this treaty."
    )
    assert Event.objects.filter(state__code="NOR", treaty__slug="ccm").count() == 1
