"""The cache is bounded by the application, whatever the operator's Redis says (issue 27,
break 10): every key the site writes while serving pages, downloads, the API, a write and a
refused log-in has a time to live, so a Redis without ``maxmemory`` still empties itself."""

from __future__ import annotations

import redis as redis_client

from tests.factories import SOURCE, synthetic_states, treaty_with_participants

from .conftest import Gunicorn, RedisServer, Stack, editor_token

READS = [
    "/",
    "/treaties/apmbc/",
    "/treaties/apmbc/?on=2001-05-01",
    "/treaties/apmbc/?on=2019-11-30",
    "/treaties/apmbc/participants.csv",
    "/treaties/apmbc/participants.csv?on=2003-01-01",
    "/states/QAA/",
    "/states/QAA/?on=2002-02-02",
    "/compare/?a=apmbc&b=ccm&on=2010-01-01",
    "/search/?q=test",
    "/api/v1/treaties/",
    "/api/v1/treaties/apmbc/",
    "/api/v1/treaties/apmbc/participants/?as_of=2001-05-01",
    "/api/v1/states/QAA/treaties/?as_of=2005-05-05",
    "/api/v1/events/?treaty=apmbc&limit=20",
    "/healthz",
]


def test_every_key_the_site_writes_has_a_time_to_live(stack: Stack) -> None:
    treaty_with_participants("apmbc", 45)
    treaty_with_participants("ccm", 10)
    [newcomer] = synthetic_states(46)[45:]
    token = editor_token()

    with RedisServer(stack) as server, Gunicorn(stack, CACHE_URL=server.url) as web:
        statuses = {(path, web.request("GET", path)[0]) for path in READS * 2}
        written, _ = web.request(
            "POST",
            "/api/v1/events/",
            {"treaty": "apmbc", "state": newcomer.code, "kind": "accession",
             "date": "2021-03-01", "source_url": SOURCE},
            token,
        )  # fmt: skip
        refused, _ = web.request(
            "POST", "/api/v1/auth/token/", {"username": "ed", "password": "wrong" * 3}
        )
        statuses |= {(path, web.request("GET", path)[0]) for path in READS[:6]}
        client = redis_client.Redis(host="127.0.0.1", port=server.port)
        keys = list(client.scan_iter(count=1000))
        ttls = {key.decode(errors="replace"): client.ttl(key) for key in keys}

    # 503: /healthz, degraded with no worker.
    assert {status for _, status in statuses} <= {200, 503}, [s for s in statuses if s[1] != 200]
    assert written == 201 and refused in (400, 401), (written, refused)
    assert len(keys) >= len(READS), sorted(ttls)  # the run did fill the cache
    forever = sorted(key for key, ttl in ttls.items() if ttl < 0)
    assert not forever, f"{len(forever)} of {len(keys)} keys without a TTL: {forever[:10]}"
