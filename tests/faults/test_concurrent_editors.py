"""Editors writing to one treaty at the same time, each write followed by its recomputation:
no 5xx, no deadlock, and afterwards every derived date is what a fresh recomputation gives
(issue 13, break 1: 6 deadlocks in 6 tries of two editors, 15 failures in 137 requests of 16).

Threads post, patch and delete through the API, each on its own PostgreSQL connection; the
recomputation runs in-process after each commit (as without a broker), so recomputations and
writes of the same treaty overlap all the time.
"""

from __future__ import annotations

import random
import threading
from collections import Counter

import pytest
from django.contrib.auth.models import Permission, User
from django.db import connection, connections
from rest_framework.test import APIClient

from tests.concurrency import assert_derived_dates_are_current
from tests.factories import SOURCE, synthetic_states, treaty_with_participants

pytestmark = pytest.mark.django_db(transaction=True)

EDITORS = 8
ROUNDS = 6  # each round: a POST, a PATCH, and a DELETE every other round


def _deadlocks() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()")
        return int(cursor.fetchone()[0])


def _editor_client(name: str) -> APIClient:
    user = User.objects.create_user(name, password="x" * 12)
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["add_event", "change_event", "delete_event"])
    )
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_editors_writing_to_one_treaty_at_once_get_no_error_and_leave_it_current(postgresql):
    apmbc = treaty_with_participants("apmbc", 45, withdrawals=2)
    newcomers = synthetic_states(45 + EDITORS * ROUNDS)[45:]
    clients = [_editor_client(f"editor{i}") for i in range(EDITORS)]
    deadlocks_before = _deadlocks()
    statuses: Counter[int] = Counter()
    failures: list[BaseException] = []
    start = threading.Barrier(EDITORS, timeout=30)

    def edit(index: int) -> None:
        rng = random.Random(index)
        api = clients[index]
        mine = newcomers[index * ROUNDS : (index + 1) * ROUNDS]
        try:
            start.wait()
            for round_, state in enumerate(mine):
                day = 1 + rng.randrange(27)
                response = api.post(
                    "/api/v1/events/",
                    {
                        "treaty": "apmbc",
                        "state": state.code,
                        "kind": "accession",
                        "date": f"2020-0{1 + round_ % 9}-{day:02d}",
                        "source_url": SOURCE,
                    },
                    format="json",
                )
                statuses[response.status_code] += 1
                if response.status_code != 201:
                    continue
                event_id = response.json()["id"]
                response = api.patch(
                    f"/api/v1/events/{event_id}/",
                    {"date": f"2021-0{1 + round_ % 9}-{day:02d}", "note": f"round {round_}"},
                    format="json",
                )
                statuses[response.status_code] += 1
                if round_ % 2:
                    statuses[api.delete(f"/api/v1/events/{event_id}/").status_code] += 1
        except BaseException as exc:  # a 500 is raised by the test client: count it
            failures.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=edit, args=(i,)) for i in range(EDITORS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)

    assert not any(thread.is_alive() for thread in threads), "an editor is still waiting"
    assert failures == [], failures
    writes = EDITORS * ROUNDS * 2 + EDITORS * (ROUNDS // 2)
    assert statuses == {
        201: EDITORS * ROUNDS,
        200: EDITORS * ROUNDS,
        204: writes - 2 * EDITORS * ROUNDS,
    }
    assert _deadlocks() == deadlocks_before
    assert_derived_dates_are_current(apmbc.pk)
