"""Settings for Treaty Tracker, driven by the environment (see .env.example, which documents
every variable and is the production configuration that ``check --deploy`` is run under).

Production is the default: with DEBUG off (the default) a SECRET_KEY is required, HTTPS is
enforced (redirect, HSTS, secure cookies, the proxy's X-Forwarded-Proto trusted when
NUM_PROXIES says there is a proxy), static files are manifest-hashed, logs are JSON lines with
the request id. ``DEBUG=true`` (``make run``) relaxes what a developer's machine cannot have:
a throwaway key, plain HTTP. The test suite's few differences are in ``tests/settings.py``.

With no DATABASE_URL or CELERY_BROKER_URL the project runs on a bare machine: SQLite in the
project folder and Celery tasks executed in-process; CI and production set both.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import dj_database_url
import django_stubs_ext
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from .env import env_bool, env_int, env_list, env_str

# Django's generic classes as the type annotations name them (ModelAdmin[Treaty],
# ModelForm[Event], Feed[...]) are subscriptable at run time too.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=False)

_SECRET_KEY_HELP = (
    "set it to 50 or more random characters, e.g. the output of "
    "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
)
SECRET_KEY = env_str("SECRET_KEY") or ""
if not DEBUG and not SECRET_KEY:
    raise ImproperlyConfigured(f"SECRET_KEY is required unless DEBUG is on: {_SECRET_KEY_HELP}")
if not DEBUG and len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(f"SECRET_KEY is too short to sign sessions: {_SECRET_KEY_HELP}")
# Only DEBUG (a developer's machine) gets a throwaway key.
SECRET_KEY = SECRET_KEY or "insecure-debug-only-key"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # Django's admin with our site as the default (branding, log-in lockout).
    "config.apps.TreatyTrackerAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_guid",
    "simple_history",
    # The domain, lowest layer first (the pure rule engine, ``rules``, is no app).
    "states",
    "treaties",
    "events",
    # What states said when they joined: reservations, declarations, objections.
    "statements",
    # Ingestion at the edge: importers, exports, the demo and their commands.
    "ingest",
    # Alerts: watches, notices and their deliveries by e-mail and webhook.
    "alerts",
    # The surfaces: the admin's pages and the public pages (``api`` needs no app).
    "editor",
    "web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # The request id (X-Request-ID, read or made) first, so that every log line has it.
    "django_guid.middleware.guid_middleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "serving.middleware.RejectNulBytesMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Pages: anonymous clients throttled, unknown query parameters redirected away.
    "web.middleware.PageThrottleMiddleware",
    "web.middleware.KnownParametersMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Innermost, so that it sees a view's error first: a busy database is a 503, not a 500.
    "serving.busy.DatabaseBusyMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    if not DATABASE_URL.startswith(("postgres://", "postgresql://", "sqlite://")):
        raise ImproperlyConfigured("DATABASE_URL must be a postgres:// or sqlite:// URL")
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL,
            # Persistent connections: a new connection per request cost ~3x throughput.
            conn_max_age=env_int("CONN_MAX_AGE", 60),
            conn_health_checks=True,
        )
    }
    if DATABASES["default"]["ENGINE"].endswith("postgresql"):
        options: dict[str, Any] = {
            # A request never waits long for a lock or a query: after DB_LOCK_TIMEOUT_MS the
            # write is tried once more, then answered with a 503 and Retry-After (a lock queue
            # behind a long transaction would otherwise hold every worker until gunicorn kills
            # it). DB_STATEMENT_TIMEOUT_MS stays under gunicorn's 30 s worker timeout, so a
            # runaway query is a 503, not a killed worker. Celery workers lift both
            # (``config.celery``): a task is bounded by its time limit. 0 disables either.
            "options": (
                f"-c lock_timeout={env_int('DB_LOCK_TIMEOUT_MS', 5000)}"
                f" -c statement_timeout={env_int('DB_STATEMENT_TIMEOUT_MS', 25000)}"
            ),
            # A database that does not answer fails the request (and /healthz) quickly.
            "connect_timeout": env_int("DB_CONNECT_TIMEOUT", 2),
        }
        if env_bool("DB_PREPARED_STATEMENTS", default=True):
            # Server-side binding lets psycopg prepare a statement the fifth time a connection
            # runs it, so hot queries are planned once per connection: the data version
            # behind every conditional GET went from ~420 to ~150 µs. Off behind a connection
            # pooler in transaction mode (PgBouncer), which cannot keep prepared statements.
            options |= {"server_side_binding": True, "prepare_threshold": 5}
        DATABASES["default"]["OPTIONS"] = options
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("SQLITE_PATH") or str(BASE_DIR / "db.sqlite3"),
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
# The site's one date format in the admin too ("6 Sep 2024"; ISO in its date fields).
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Hashed names (site.3f2a….css), so whitenoise can let browsers cache them for ever, and
# compressed copies; `collectstatic` writes them (the Dockerfile and `make serve` run it).
# With DEBUG on the unhashed files are served from the apps' folders.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG

# --- HTTPS and security headers -------------------------------------------------------------
# Production runs behind a TLS-terminating proxy; NUM_PROXIES says how many proxies. The
# nearest one must overwrite X-Forwarded-Proto; Django then knows which requests came over
# HTTPS. Every default here is the production one; DEBUG turns off what needs HTTPS.
NUM_PROXIES = env_int("NUM_PROXIES", 0)
if NUM_PROXIES < 0:
    raise ImproperlyConfigured(f"NUM_PROXIES must be 0 or more, got {NUM_PROXIES}")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if NUM_PROXIES else None
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# Load balancers and container health checks ask over plain HTTP from inside.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", default=not DEBUG)
X_FRAME_OPTIONS = "DENY"
# Content Security Policy (django-csp): every page, the admin and the API's Swagger UI load
# scripts, styles, images and data from this origin only, and no page may be framed.
# Swagger UI's stylesheet inlines its icons as data: URIs.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# --- Cache ---------------------------------------------------------------------------------
# Holds the API's and the pages' stored renderings, the anonymous throttle, the admin login
# lockout and the markers of queued recomputations. Without CACHE_URL each process keeps its
# own (fine for one process); with several web processes set CACHE_URL so that they share
# counts and renderings.
#
# The cache fails open: when Redis is down, full, or silent past the socket timeouts, every
# read is a miss and every write is dropped (django-redis' IGNORE_EXCEPTIONS, logged). Pages
# are rendered afresh, the throttle and the lockout count nothing, queued recomputations are
# not de-duplicated: an outage of the cache costs speed, never an answer. /healthz reports it.


#: Seconds a cache key lives when its writer gives no time of its own; every writer gives one
#: (stored renderings a day, throttle and lockout windows their length), and no key is ever
#: written without one, so a Redis without maxmemory still empties itself
#: (tests/faults/test_cache_ttl.py).
CACHE_DEFAULT_SECONDS = env_int("CACHE_DEFAULT_SECONDS", 3600)


def redis_cache(location: str) -> dict[str, Any]:
    """The cache on Redis at ``location``, failing open."""
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": location,
        "TIMEOUT": CACHE_DEFAULT_SECONDS,
        "OPTIONS": {
            "IGNORE_EXCEPTIONS": True,
            # Seconds; a Redis that accepts connections but never answers costs a request at
            # most this per cache access instead of hanging it.
            "SOCKET_CONNECT_TIMEOUT": 0.5,
            "SOCKET_TIMEOUT": 0.5,
        },
    }


CACHE_URL = env_str("CACHE_URL")
CACHES: dict[str, dict[str, Any]]
if CACHE_URL:
    if not CACHE_URL.startswith(("redis://", "rediss://")):
        raise ImproperlyConfigured("CACHE_URL must be a redis:// or rediss:// URL")
    CACHES = {"default": redis_cache(CACHE_URL)}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "TIMEOUT": CACHE_DEFAULT_SECONDS,
            # Stored renderings are bounded by the data (one per change point of a treaty or
            # state, see serving/answers.py): the APMBC's page and participants on every date
            # are ~450 entries. The largest (the APMBC page) is ~240 KB and most are far
            # smaller, so the cache of one process stays under ~150 MB.
            "OPTIONS": {"MAX_ENTRIES": 1000},
        }
    }
# Each failed access to the cache is logged (logger django_redis.cache).
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
# How long the marker of a queued recomputation keeps further changes of the treaty from
# queueing another one (``events.services.pending``). Only with a cache the workers share:
# a worker cannot clear a marker kept in a web process's memory.
RECOMPUTE_DEDUP_SECONDS = env_int("RECOMPUTE_DEDUP_SECONDS", 300) if CACHE_URL else 0

# --- Celery ---------------------------------------------------------------------------------
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL")
# Without a broker the project still works: tasks run in-process at once.
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", default=not CELERY_BROKER_URL)
CELERY_TASK_EAGER_PROPAGATES = True
#: /healthz says "degraded" when a change has waited longer than this for its recomputation
#: (one period of the reconcile task, which repairs a lost message).
HEALTH_STALE_SECONDS = env_int("HEALTH_STALE_SECONDS", 300)

# Synchronisation with the depositary (ingest.sync, ``manage.py sync_untc``): the UN publishes
# each treaty's MTDSG status file at <base>Chapter <chapter>/<reference>.en.xml; a mirror with
# the same layout (docs/operations.md) may stand in for it.
UNTC_BASE_URL = (
    env_str("UNTC_BASE_URL", "https://treaties.un.org/doc/Publication/MTDSG/Volume%20I/")
    or "https://treaties.un.org/doc/Publication/MTDSG/Volume%20I/"
)
UNTC_SYNC_TIMEOUT = float(env_str("UNTC_SYNC_TIMEOUT", "30") or 30)
#: Requests per second at most.
UNTC_SYNC_RATE = float(env_str("UNTC_SYNC_RATE", "2") or 2)
UNTC_SYNC_MAX_BYTES = env_int("UNTC_SYNC_MAX_BYTES", 20_000_000)
UNTC_SYNC_RETRIES = env_int("UNTC_SYNC_RETRIES", 3)
#: Seconds before the first retry; doubled before each next one.
UNTC_SYNC_BACKOFF = float(env_str("UNTC_SYNC_BACKOFF", "2") or 2)
UNTC_SYNC_USER_AGENT = (
    "TreatyTracker-sync/0.1 (status of treaties deposited with the Secretary-General; "
    + (env_str("UNTC_SYNC_CONTACT", "") or "no contact configured")
    + ")"
)
# The scheduled sync: UNTC_SYNC_EVERY_HOURS in the environment (config/celery.py; 24 by default).
CELERY_BROKER_URL = CELERY_BROKER_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
# The queue of this deployment's tasks (two deployments, or a test run, may share a broker).
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_QUEUE", "celery")
# The longest recompute measured (issue 13's probe: a synthetic 100k-event treaty) took 82 s.
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
# A task's message is acknowledged when the task has finished, not when it starts; if the
# process running it dies (killed, out of memory), the message is given back to the broker
# and runs again. Every task is idempotent, so running twice is safe.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Redis hands an unacknowledged message to another worker after this many seconds (that is
# how the task of a whole worker killed mid-task comes back). It must exceed the longest a
# message can stay unacknowledged without its worker dying: a task's run (time limit 300 s)
# plus the wait of a retry's countdown (at most 300 s, ``retry_backoff_max``); otherwise a
# task still running is started a second time elsewhere.
CELERY_VISIBILITY_TIMEOUT = env_int("CELERY_VISIBILITY_TIMEOUT", 900)
# A broker outage must not hang a request that records an event: fail fast, the periodic
# reconcile task recomputes whatever was missed.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    # A broker that accepts connections but never answers would otherwise hang the publish
    # (seen: > 20 s, then killed); with these it fails after the timeout like a refused one.
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
}
CELERY_TIMEZONE = "UTC"
# A worker logs through LOGGING below (the same format, and the request id of the request that
# queued the task: config/celery.py), not through Celery's own root handler.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# --- Clients and rates ----------------------------------------------------------------------
# NUM_PROXIES (above): behind N proxies the client is the Nth address from the right of
# X-Forwarded-For; with 0 the header is ignored (anyone can write it). Used by the API's and
# the pages' throttles and by the log-in lockout of the admin and the token endpoint
# (serving.clients).
# Anonymous requests for pages, downloads and feeds per client (web.middleware).
PAGE_ANON_RATE = env_str("PAGE_ANON_RATE", "300/minute")

# The largest CSV file the admin's import takes (editor.admin_views). The file is staged on the
# server between preview and confirmation, so only the upload itself is this large; Django's
# DATA_UPLOAD_MAX_MEMORY_SIZE (form fields, 2.5 MB) does not apply to files.
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_MEGABYTES", 20) * 1_000_000
# Files of more lines than this are checked and imported by the worker, with a page that
# follows the job (ingest.jobs); shorter ones are previewed within the request (about 2 s).
IMPORT_INLINE_MAX_ROWS = env_int("IMPORT_INLINE_MAX_ROWS", 5000)

# --- REST framework -------------------------------------------------------------------------
#: Where the whole-dataset ZIP is built and kept (``web.dataset``): a folder every web process
#: and the worker share (a volume in docker compose).
DATASET_DIR = Path(
    env_str("DATASET_DIR") or Path(tempfile.gettempdir()) / "treaty-tracker-datasets"
)

#: API tokens stop working this many days after they were obtained (``api.tokens``).
API_TOKEN_DAYS = env_int("API_TOKEN_DAYS", 90)

REST_FRAMEWORK = {
    # Token first: DRF takes the WWW-Authenticate challenge from the first class, so an
    # anonymous write is a 401 that tells a program how to authenticate (session auth has
    # no challenge and would make it a 403).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.tokens.DigestTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.DjangoModelPermissionsOrAnonReadOnly",
    ],
    "DEFAULT_RENDERER_CLASSES": [
        "api.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    # DRF's parsers, refusing NUL characters in any field of any body (api.parsers).
    "DEFAULT_PARSER_CLASSES": [
        "api.parsers.JSONParser",
        "api.parsers.FormParser",
        "api.parsers.MultiPartParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # One error body for every 4xx: {"errors": [{"field", "code", "message"}]}.
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 100,
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.AnonReadThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": env_str("API_ANON_RATE", "120/minute")},
    # The client is the NUM_PROXIES-th address from the right of X-Forwarded-For (see
    # serving.clients, which the API's throttle uses too).
    "NUM_PROXIES": NUM_PROXIES,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Treaty Tracker API",
    "DESCRIPTION": (
        "Which states are bound by which treaties, on any date, with every date explained.\n\n"
        "Reading is open to everyone, without a key. Recording events needs a token "
        "(`Authorization: Token <key>`; an administrator creates it in the admin).\n\n"
        "Examples:\n\n"
        "- `GET /api/v1/treaties/ccm/participants/?as_of=2025-01-01` — who stood where on "
        "1 January 2025 (Lithuania: withdrawal pending)\n"
        "- `GET /api/v1/treaties/ccm/participants/?as_of=2025-01-01&format=csv` — the same "
        "as CSV\n"
        "- `GET /api/v1/states/LTU/treaties/?on=2025-03-06` — Lithuania on every treaty "
        "(`on` is the web pages' name for `as_of`)\n"
        "- `GET /api/v1/treaties/ccm/changes/?from=2024-09-01&to=2025-03-31` — status "
        "changes in a period\n\n"
        "[The API's index](/api/v1/) · [Treaty Tracker](/)"
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    # Deep links put a link inside each operation's toggle button (a control in a control,
    # which screen readers cannot operate).
    "SWAGGER_UI_SETTINGS": {"deepLinking": False},
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Document the one error body (and 304s) on every operation.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_error_responses",
    ],
    "COMPONENT_SPLIT_REQUEST": True,
    # Several fields are called "status" or "kind" with different choices: name each set.
    "ENUM_NAME_OVERRIDES": {
        "StatusEnum": "events.models.Status",
        "ParticipantStatusEnum": "api.serializers.treaties.STATUS_CHOICES",
        "EventKindEnum": "events.models.EventKind",
        "StateKindEnum": "states.models.State.Kind",
        "SourceKindEnum": ["treaty", "event"],
        # What every date rests on (docs/basis.md): one enum for all the "..._basis" fields.
        "BasisEnum": "rules.basis.BASES",
    },
}

LOGIN_URL = "admin:login"

# --- E-mail and alerts ----------------------------------------------------------------------
# Alerts (``alerts``) are sent through Django's SMTP backend to the server named here.
EMAIL_BACKEND = env_str("EMAIL_BACKEND") or "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = env_str("EMAIL_HOST") or "localhost"
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER") or ""
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD") or ""
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", default=False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL") or "Treaty Tracker <alerts@localhost>"
SERVER_EMAIL = DEFAULT_FROM_EMAIL
#: The site's address as links in e-mails and webhook payloads give it.
ALERTS_SITE_URL = env_str("SITE_URL") or "http://localhost:8000"
#: Webhooks may call http:// and private, loopback and link-local addresses (never in a
#: public deployment: it lets any API user make the server call into its own network).
ALERTS_ALLOW_PRIVATE_WEBHOOKS = env_bool("ALERTS_ALLOW_PRIVATE_WEBHOOKS", default=False)
#: Seconds a webhook may take to connect and to answer.
ALERTS_WEBHOOK_TIMEOUT = env_int("ALERTS_WEBHOOK_TIMEOUT", 5)
#: Attempts per delivery, and the backoff between them: base * 2^(attempt-1), capped.
ALERTS_MAX_ATTEMPTS = env_int("ALERTS_MAX_ATTEMPTS", 6)
ALERTS_RETRY_BASE_SECONDS = env_int("ALERTS_RETRY_BASE_SECONDS", 60)
ALERTS_RETRY_MAX_SECONDS = env_int("ALERTS_RETRY_MAX_SECONDS", 6 * 3600)
#: Failed attempts in a row after which a watch is disabled.
ALERTS_DISABLE_AFTER = env_int("ALERTS_DISABLE_AFTER", 10)
#: E-mails per address per hour (alerts and digests; more wait for the next hour).
ALERTS_EMAIL_PER_HOUR = env_int("ALERTS_EMAIL_PER_HOUR", 20)
#: Unconfirmed sign-ups per address per day (each sends a confirmation).
ALERTS_SIGNUPS_PER_DAY = env_int("ALERTS_SIGNUPS_PER_DAY", 5)
#: After this many seconds a delivery claimed by a worker that died is sent again.
ALERTS_SEND_LEASE_SECONDS = env_int("ALERTS_SEND_LEASE_SECONDS", 120)

# --- Logs -----------------------------------------------------------------------------------
# One line per record on standard output, JSON by default (LOG_FORMAT=plain for key=value
# lines a person reads), each with the request's id: django-guid takes X-Request-ID from the
# proxy when it is a UUID, makes one otherwise, and returns it in the response's X-Request-ID.
DJANGO_GUID = {
    "GUID_HEADER_NAME": "X-Request-ID",
    "VALIDATE_GUID": True,
    "RETURN_HEADER": True,
    "EXPOSE_HEADER": False,
}
LOG_FORMAT = env_str("LOG_FORMAT", "json")
if LOG_FORMAT not in ("json", "plain"):
    raise ImproperlyConfigured(f"LOG_FORMAT must be json or plain, got {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {
            "()": "django_guid.log_filters.CorrelationId",
            "correlation_id_field": "request_id",
        }
    },
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "plain": {
            "format": "time=%(asctime)s level=%(levelname)s logger=%(name)s "
            "request_id=%(request_id)s msg=%(message)r"
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # django-guid says at INFO, on every request, that it made an id.
    # httpx says at INFO every request the sync makes; the sync's own report lists them.
    "loggers": {"django_guid": {"level": "WARNING"}, "httpx": {"level": "WARNING"}},
}
