"""gunicorn's configuration (``gunicorn -c config/gunicorn.conf.py config.wsgi``), used by the
Dockerfile and ``make serve``. Every value can be set in the environment (.env.example)."""

import multiprocessing
import os

bind = f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"
# Threaded workers (gthread): a client that sends its request slowly holds one thread, not a
# whole process. Sync workers read each request to the end of its headers however slowly it
# comes, so a dozen connections trickling a header line every few seconds held every process
# and the site stopped answering (issue 27). A new connection costs no thread until its first
# bytes arrive, and a thread waits at most 5 s for them.
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
# One per core plus one processes, each with GUNICORN_THREADS threads: requests wait on
# PostgreSQL and Redis more than on the CPU. Every thread may hold a database connection
# (CONN_MAX_AGE): workers x threads, plus the Celery worker's, must stay under PostgreSQL's
# max_connections (100 by default): 3 x 16 = 48 on two cores.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "16"))
# Open connections per process, idle and kept-alive ones included; past it the process stops
# accepting and the kernel hands new connections to another process (or keeps them queued).
worker_connections = int(os.environ.get("GUNICORN_WORKER_CONNECTIONS", "200"))
# A worker whose main loop is stuck this long is killed and logged (WORKER TIMEOUT). With
# threads, a long request is bounded by the database's statement_timeout (settings) instead.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# Limits on what a client may send before the application sees it: the request line, the
# number of header fields and the size of each (larger requests are answered 400/431 by
# gunicorn itself). Bodies are limited by the application: DATA_UPLOAD_MAX_MEMORY_SIZE for
# forms, IMPORT_MAX_MEGABYTES for the admin's import, and the proxy's limit where one is used.
limit_request_line = 4094
limit_request_fields = 60
limit_request_field_size = 8190
graceful_timeout = 30
keepalive = 5
# 0: a web process is never recycled. A recycled gthread process stops accepting and waits
# up to graceful_timeout for its requests, and a slow client's never ends: the connections it
# had accepted waited 30 s with it (tests/faults/test_slow_clients.py; bench_load.py: 71
# requests/s and probes unanswered for 30 s with recycling at 2,000, 238 requests/s without).
# A process's memory levels off (165 MB after 14,000 requests, docs/performance.md). Set it
# only behind a buffering proxy, which holds slow clients itself.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "0"))
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
