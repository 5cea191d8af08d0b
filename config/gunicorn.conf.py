"""gunicorn's configuration (``gunicorn -c config/gunicorn.conf.py config.wsgi``), used by the
Dockerfile and ``make serve``. Every value can be set in the environment (.env.example)."""

import multiprocessing
import os

bind = f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"
# Two per core plus one: requests wait on PostgreSQL and Redis more than on the CPU.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
# A request longer than this is killed and logged (WORKER TIMEOUT) instead of hanging.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# A worker is replaced after this many requests (jittered so they do not all restart at
# once), which bounds the memory a long-lived process can accumulate.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10
# Heartbeat files in memory: a container's overlay filesystem can stall them.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# Logs on standard output/error, one key=value line per request with the request id the
# application returned (django-guid) and the client as the proxy saw it.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "INFO").lower()
access_log_format = (
    'method=%(m)s path="%(U)s" query="%(q)s" status=%(s)s bytes=%(B)s duration_ms=%(M)s '
    'request_id=%({x-request-id}o)s forwarded_for="%({x-forwarded-for}i)s" agent="%(a)s"'
)
