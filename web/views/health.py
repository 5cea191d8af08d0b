"""The health check for load balancers and compose: each dependency, and what it means for
the node.

* the **database** answers: the node serves (200). It does not: 503, take the node out;
* the **broker** is down: writes are still saved, their dates computed once the broker is
  back (the periodic reconcile): ``degraded``, still 200;
* the **cache** is down: every page is rendered afresh, slower but right: ``degraded``, 200.

Each check is bounded by about a second (a new database connection by ``DB_CONNECT_TIMEOUT``,
2 s), so that a dependency that hangs cannot hang the check. A dependency the deployment does
not use (no broker: tasks run in-process; no ``CACHE_URL``: a per-process cache) is reported
as ``in-process``.
"""

from __future__ import annotations

import logging

from celery import current_app as celery_app
from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.http import HttpRequest, JsonResponse
from django_redis import get_redis_connection

logger = logging.getLogger(__name__)

#: Seconds each check may take.
TIMEOUT = 1

OK, DOWN, IN_PROCESS = "ok", "down", "in-process"


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


def healthz(request: HttpRequest) -> JsonResponse:
    """``{"status": "ok" | "degraded" | "down", "database": ..., "broker": ..., "cache": ...}``;
    HTTP 200 while the database answers, 503 when it does not."""
    checks = {"database": _database(), "broker": _broker(), "cache": _cache()}
    if checks["database"] == DOWN:
        status, code = "down", 503
    elif DOWN in checks.values():
        status, code = "degraded", 200
    else:
        status, code = "ok", 200
    response = JsonResponse({"status": status, **checks}, status=code)
    response["Cache-Control"] = "no-store"
    return response
