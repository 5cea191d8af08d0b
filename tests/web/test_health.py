"""/healthz: each dependency's state, and the node's: 200 while the database answers (ok, or
degraded with the broker or the cache down), 503 when it does not (issue 13, break 3)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import override_settings

from config.settings import redis_cache

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent.parent
DEAD = "redis://127.0.0.1:1/0"  # nothing listens on port 1


@pytest.fixture
def silent() -> Iterator[str]:
    """A Redis URL whose server accepts connections and never answers."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        yield f"redis://127.0.0.1:{server.getsockname()[1]}/0"


def test_each_dependency_is_reported(client):
    # Tasks in-process: no worker to find (a deployment with a broker and no worker is degraded:
    # tests/faults/test_no_worker.py).
    with override_settings(CELERY_TASK_ALWAYS_EAGER=True):
        response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {
        "status", "database", "broker", "cache", "workers", "recomputation", "oldest_stale_seconds",
        "last_successful_sync", "sync_changes_for_review", "cache_bound",
    }  # fmt: skip
    assert body["database"] == "ok"
    assert body["status"] == "ok"
    assert response["Cache-Control"] == "no-store"


def test_the_cache_says_what_bounds_its_memory(client):
    from django.conf import settings

    body = client.get("/healthz").json()
    if not settings.CACHES["default"]["BACKEND"].startswith("django_redis."):
        assert body["cache"] == "in-process" and body["cache_bound"] is None
        return
    from django_redis import get_redis_connection

    redis = get_redis_connection("default")
    before = redis.config_get("maxmemory*")
    try:
        redis.config_set("maxmemory", 0)
        assert client.get("/healthz").json()["cache_bound"] == "time to live only (no maxmemory)"
        # A limit far above what the tests' shared Redis holds: nothing is evicted meanwhile.
        redis.config_set("maxmemory", 4096 * 2**20)
        redis.config_set("maxmemory-policy", "allkeys-lru")
        assert client.get("/healthz").json()["cache_bound"] == "maxmemory 4096 MB, allkeys-lru"
    finally:
        redis.config_set("maxmemory", before["maxmemory"])
        redis.config_set("maxmemory-policy", before["maxmemory-policy"])


def test_a_broker_down_leaves_the_node_serving_but_degraded(client):
    with override_settings(CELERY_BROKER_URL=DEAD, CELERY_TASK_ALWAYS_EAGER=False):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "degraded",
        "database": "ok",
        "broker": "down",
        "cache": response.json()["cache"],
        "workers": "down",
        "recomputation": "ok",
        "oldest_stale_seconds": None,
        "last_successful_sync": None,
        "sync_changes_for_review": 0,
        "cache_bound": response.json()["cache_bound"],
    }


def test_a_cache_down_leaves_the_node_serving_but_degraded(client):
    with override_settings(CACHES={"default": redis_cache(DEAD)}):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["cache"] == "down"


def test_dependencies_that_never_answer_do_not_hang_the_check(client, silent):
    outcome: list = []
    with override_settings(
        CELERY_BROKER_URL=silent,
        CELERY_TASK_ALWAYS_EAGER=False,
        CACHES={"default": redis_cache(silent)},
    ):
        # In a thread, so that a regression fails the test instead of hanging the suite.
        check = threading.Thread(target=lambda: outcome.append(client.get("/healthz")))
        check.start()
        check.join(timeout=15)
    assert not check.is_alive(), "the health check was still waiting after 15 s"
    [response] = outcome
    assert response.status_code == 200
    assert response.json()["broker"] == response.json()["cache"] == "down"


def test_a_database_down_takes_the_node_out_with_a_503():
    # In a process of its own, whose database is a port where nothing listens.
    code = (
        "import django; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/healthz'); print(r.status_code, r.json())"
    )
    env = {
        **os.environ,
        "DATABASE_URL": "postgres://postgres@127.0.0.1:1/nothing",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "TESTING": "1",
    }
    env.pop("CELERY_BROKER_URL", None)
    env.pop("CACHE_URL", None)
    result = subprocess.run(
        [sys.executable, "-W", "ignore", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip().splitlines()[-1] == (
        "503 {'status': 'down', 'database': 'down', 'broker': 'in-process', 'cache': 'in-process', "
        "'workers': 'in-process', 'recomputation': 'down', 'oldest_stale_seconds': None, "
        "'cache_bound': None}"
    ), result.stderr[-2000:]


def test_a_change_waiting_too_long_for_its_recomputation_degrades_the_node(client, settings):
    # No worker took the change (the message was lost, or no worker runs): its treaty stays
    # stale, and after HEALTH_STALE_SECONDS the node says so.
    import datetime as dt

    from django.utils import timezone

    from tests.factories import treaty_with_participants
    from treaties.models import Treaty

    treaty = treaty_with_participants("ccm", 3)
    assert client.get("/healthz").json()["recomputation"] == "ok"
    waited = timezone.now() - dt.timedelta(seconds=settings.HEALTH_STALE_SECONDS + 30)
    Treaty.objects.filter(pk=treaty.pk).update(
        data_changed_at=waited, derived_at=waited - dt.timedelta(seconds=1)
    )
    body = client.get("/healthz").json()
    assert (body["status"], body["recomputation"]) == ("degraded", "behind")
    assert body["oldest_stale_seconds"] >= settings.HEALTH_STALE_SECONDS + 30
