"""The broker dies: editors' writes are saved all the same, the node says it is degraded, and
once a worker reconciles, every date is what a fresh recomputation gives (issue 13)."""

from __future__ import annotations

import pytest

from events.models import Event
from events.tasks import reconcile_stale_treaties
from tests.concurrency import assert_derived_dates_are_current
from tests.factories import SOURCE, synthetic_states, treaty_with_participants
from treaties.models import Treaty

from .conftest import Gunicorn, Stack, Worker, editor_token, wait_until

DEAD_BROKER = "redis://127.0.0.1:1/0"  # nothing listens on port 1


@pytest.mark.worker
def test_writes_while_the_broker_is_down_are_kept_and_reconciled_later(stack: Stack):
    apmbc = treaty_with_participants("apmbc", 45)
    newcomers = synthetic_states(50)[45:]
    token = editor_token()

    with Gunicorn(stack, CELERY_BROKER_URL=DEAD_BROKER) as web:
        statuses = []
        created = []
        for state in newcomers:
            status, body = web.request(
                "POST",
                "/api/v1/events/",
                {
                    "treaty": "apmbc",
                    "state": state.code,
                    "kind": "accession",
                    "date": "2021-03-01",
                    "source_url": SOURCE,
                },
                token,
            )
            statuses.append(status)
            created.append(body["id"])
        status, _ = web.request(
            "PATCH", f"/api/v1/events/{created[0]}/", {"date": "2021-02-01"}, token
        )
        statuses.append(status)
        status, _ = web.request("DELETE", f"/api/v1/events/{created[1]}/", None, token)
        statuses.append(status)
        health_status, health = web.request("GET", "/healthz")

    assert statuses == [201] * len(newcomers) + [200, 204]
    assert (health_status, health["status"], health["broker"]) == (200, "degraded", "down")
    assert Event.objects.filter(pk__in=created).count() == len(created) - 1
    assert Treaty.objects.get(pk=apmbc.pk).is_stale  # nothing could be queued

    with Worker(stack) as worker:
        reconcile_stale_treaties.apply_async(queue=stack.queue)
        wait_until(
            lambda: not Treaty.objects.get(pk=apmbc.pk).is_stale,
            60,
            f"the treaty is still stale; worker log:\n{worker.text()}",
        )
        log = worker.text()
    assert "events.tasks.reconcile_stale_treaties" in log
    assert "events.tasks.recompute_treaty" in log
    assert_derived_dates_are_current(apmbc.pk)
    assert Event.objects.get(pk=created[0]).effective_date is not None
