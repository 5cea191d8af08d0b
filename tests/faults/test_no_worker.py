"""/healthz says "degraded" when no Celery worker answers: a change's dates are then not computed
(a new event stays ``derived_up_to_date: false``), and the node must not claim all is well.

The stack's processes use a Redis of this test's own as the broker, so that no other worker of
the suite can answer the ping.
"""

from __future__ import annotations

import time

import pytest

from web.views.health import WORKER_CHECK_SECONDS

from .conftest import Gunicorn, RedisServer, Stack, Worker, wait_until


@pytest.mark.worker
def test_healthz_reports_the_worker_and_degrades_when_it_is_gone(stack: Stack):
    with RedisServer(stack) as redis:
        broker = {"CELERY_BROKER_URL": redis.url}
        with Gunicorn(stack, **broker) as web:
            _, alone = web.request("GET", "/healthz")
            with Worker(stack, env=broker) as worker:
                wait_until(
                    lambda: web.request("GET", "/healthz")[1]["workers"] == "ok",
                    30,
                    f"no worker answered the ping:\n{worker.text()}",
                )
                _, served = web.request("GET", "/healthz")
                worker.kill()
            # Each gunicorn process trusts a worker's answer for WORKER_CHECK_SECONDS.
            time.sleep(WORKER_CHECK_SECONDS + 1)
            answers = [web.request("GET", "/healthz") for _ in range(4)]
    assert (alone["status"], alone["workers"]) == ("degraded", "down")
    assert (served["status"], served["workers"], served["broker"]) == ("ok", "ok", "ok")
    assert {(status, gone["status"], gone["workers"]) for status, gone in answers} == {
        (200, "degraded", "down")
    }
