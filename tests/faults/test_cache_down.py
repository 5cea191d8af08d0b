"""Redis, as the cache, is killed under read load: every read still answers 200, writes go
on, and /healthz says the node is degraded (issue 13, break 3: 133 of 134 reads were 500s)."""

from __future__ import annotations

import itertools
import threading
from collections import Counter

import pytest

from tests.factories import SOURCE, synthetic_states, treaty_with_participants

from .conftest import Gunicorn, RedisServer, Stack, editor_token

READS = [
    "/",
    "/treaties/apmbc/",
    "/treaties/apmbc/?on=2001-05-01",
    "/treaties/apmbc/participants.csv",
    "/api/v1/treaties/",
    "/api/v1/treaties/apmbc/",
    "/api/v1/treaties/apmbc/participants/?as_of=2001-05-01",
    "/api/v1/events/?treaty=apmbc&limit=20",
]


@pytest.mark.worker
def test_reads_and_writes_answer_after_the_cache_is_killed_under_load(stack: Stack):
    treaty_with_participants("apmbc", 45)
    [newcomer] = synthetic_states(46)[45:]
    token = editor_token()

    with RedisServer(stack) as redis, Gunicorn(stack, CACHE_URL=redis.url) as web:
        statuses: Counter[tuple[str, int]] = Counter()
        stop = threading.Event()

        def read_load() -> None:
            for path in itertools.cycle(READS):
                if stop.is_set():
                    return
                status, _ = web.request("GET", path)
                statuses["killed" if not redis.alive() else "up", status] += 1

        readers = [threading.Thread(target=read_load) for _ in range(4)]
        for reader in readers:
            reader.start()
        try:
            _, before = web.request("GET", "/healthz")
            while sum(n for (phase, _), n in statuses.items() if phase == "up") < 40:
                stop.wait(0.1)
            redis.kill()  # SIGKILL: the connections in the servers' pools die with it
            while sum(n for (phase, _), n in statuses.items() if phase == "killed") < 80:
                stop.wait(0.1)
            write_status, _ = web.request(
                "POST",
                "/api/v1/events/",
                {
                    "treaty": "apmbc",
                    "state": newcomer.code,
                    "kind": "accession",
                    "date": "2021-03-01",
                    "source_url": SOURCE,
                },
                token,
            )
            health_status, health = web.request("GET", "/healthz")
        finally:
            stop.set()
            for reader in readers:
                reader.join(timeout=60)

    assert before["cache"] == "ok"
    assert {status for (_, status) in statuses} == {200}, statuses
    assert write_status == 201
    assert (health_status, health["status"], health["cache"]) == (200, "degraded", "down")
