"""The health check for load balancers and compose: each dependency, and what it means for
the node.

* the **database** answers: the node serves (200). It does not: 503, take the node out;
* the **broker** is down: writes are still saved, their dates computed once the broker is
  back (the periodic reconcile): ``degraded``, still 200;
* the **cache** is down: every page is rendered afresh, slower but right: ``degraded``, 200;
* no **worker** answers a ping, or the oldest change still waiting for its **recomputation**
  is older than ``HEALTH_STALE_SECONDS``: pages serve dates that are not computed yet (each says
  so): ``degraded``, 200. A worker's answer is kept for ``WORKER_CHECK_SECONDS`` in each
  process, so that a check every few seconds does not ping each time; no answer is not kept
  (a worker back is seen at the next check).

Each check is bounded by about a second (a new database connection by ``DB_CONNECT_TIMEOUT``,
2 s), so that a dependency that hangs cannot hang the check. A dependency the deployment does
not use (no broker: tasks run in-process; no ``CACHE_URL``: a per-process cache) is reported
as ``in-process``.
"""

from __future__ import annotations

import logging
import time

from celery import current_app as celery_app
from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import Min
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django_redis import get_redis_connection
from redis.exceptions import RedisError

from ingest.models import SyncChange, SyncRun
from treaties.models import Treaty

logger = logging.getLogger(__name__)

#: Seconds each check may take.
TIMEOUT = 1

OK, DOWN, IN_PROCESS, BEHIND = "ok", "down", "in-process", "behind"

#: How long a worker's answer to a ping stands, per process.
WORKER_CHECK_SECONDS = 10
_worker_answered_at: float | None = None


def _database() -> str:
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # For this transaction only (SET cannot take a bound parameter).
                cursor.execute("SELECT set_config('statement_timeout', %s, true)", [f"{TIMEOUT}s"])
            cursor.execute("SELECT 1")
    except DatabaseError:
        logger.warning("Health check: the database is down", exc_info=True)
        return DOWN
    return OK


def _broker() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return IN_PROCESS
    try:
        with celery_app.connection_for_write(
            settings.CELERY_BROKER_URL,
            connect_timeout=TIMEOUT,
            transport_options={
                **celery_app.conf.broker_transport_options,
                "socket_connect_timeout": TIMEOUT,
                "socket_timeout": TIMEOUT,
            },
        ) as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, timeout=TIMEOUT)
    except Exception:  # kombu raises a transport's own errors; any of them means "down"
        logger.warning("Health check: the broker is down", exc_info=True)
        return DOWN
    return OK


def _cache() -> str:
    if not settings.CACHES["default"]["BACKEND"].startswith("django_redis."):
        return IN_PROCESS
    try:
        # The raw client: the cache itself fails open and would never say it is down.
        get_redis_connection("default").ping()
    except Exception:  # redis-py's connection and timeout errors, a refused password...
        logger.warning("Health check: the cache is down", exc_info=True)
        return DOWN
    return OK


def _cache_bound(cache: str) -> str | None:
    """What bounds the cache's memory, as its Redis says: "maxmemory 64 MB, allkeys-lru", or
    "time to live only" when it has no ``maxmemory`` (every key the site writes expires, but
    the renderings of a busy day may fill the machine: docs/operations.md). None for an
    in-process cache or one that does not answer."""
    if cache != OK:
        return None
    try:
        info = get_redis_connection("default").info("memory")
    except (RedisError, OSError):  # the check never fails the health answer
        logger.warning("Health check: the cache's memory settings could not be read", exc_info=True)
        return None
    limit = int(info.get("maxmemory", 0) or 0)
    if not limit:
        return "time to live only (no maxmemory)"
    return f"maxmemory {limit / 2**20:.0f} MB, {info.get('maxmemory_policy', 'unknown policy')}"


def _workers(broker: str) -> str:
    """Whether any Celery worker answers a ping on the broker (kept for a few seconds)."""
    global _worker_answered_at
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return IN_PROCESS
    if broker != OK:
        return DOWN  # no worker can be reached through a broker that is down
    now = time.monotonic()
    if _worker_answered_at is not None and now - _worker_answered_at < WORKER_CHECK_SECONDS:
        return OK
    try:
        answered = bool(celery_app.control.ping(timeout=TIMEOUT))
    except Exception:  # a transport's own errors: no answer
        logger.warning("Health check: the worker ping failed", exc_info=True)
        answered = False
    if not answered:
        logger.warning("Health check: no worker answered a ping within %s s", TIMEOUT)
        _worker_answered_at = None
        return DOWN
    _worker_answered_at = now
    return OK


def _recomputation() -> tuple[str, int | None]:
    """Whether the oldest change waiting for its recomputation waits longer than it should, and
    for how many seconds it has waited (None: nothing waits)."""
    oldest = Treaty.objects.stale().aggregate(oldest=Min("data_changed_at"))["oldest"]
    if oldest is None:
        return OK, None
    waited = max(0, int((timezone.now() - oldest).total_seconds()))
    return (BEHIND if waited > settings.HEALTH_STALE_SECONDS else OK), waited


def _sync() -> dict[str, object]:
    """When the record was last brought up to date from the depositary (``sync_untc``; null:
    never), and how many of its changes wait for an editor's review. Information only: a sync
    that failed or waits for review does not make the service unhealthy."""
    last = (
        SyncRun.objects.filter(outcome=SyncRun.Outcome.SUCCEEDED)
        .order_by("-finished_at")
        .values_list("finished_at", flat=True)
        .first()
    )
    return {
        "last_successful_sync": last.isoformat() if last else None,
        "sync_changes_for_review": SyncChange.objects.filter(
            status=SyncChange.Status.REVIEW
        ).count(),
    }


def healthz(request: HttpRequest) -> JsonResponse:
    """``{"status": "ok" | "degraded" | "down", "database": ..., "broker": ..., "cache": ...,
    "workers": ..., "recomputation": ..., "oldest_stale_seconds": ..., "last_successful_sync":
    ..., "sync_changes_for_review": ..., "cache_bound": ...}`` (the sync's two while the
    database answers); HTTP 200
    while the database answers, 503 when it does not."""
    checks = {"database": _database(), "broker": _broker(), "cache": _cache()}
    checks["workers"] = _workers(checks["broker"])
    waited: int | None = None
    sync: dict[str, object] = {}
    if checks["database"] == DOWN:
        status, code = "down", 503
        checks["recomputation"] = DOWN
    else:
        checks["recomputation"], waited = _recomputation()
        sync = _sync()
        degraded = DOWN in checks.values() or checks["recomputation"] == BEHIND
        status, code = ("degraded" if degraded else "ok"), 200
    body = {"status": status, **checks, "oldest_stale_seconds": waited, **sync}
    body["cache_bound"] = _cache_bound(checks["cache"])
    response = JsonResponse(body, status=code)
    response["Cache-Control"] = "no-store"
    return response
