"""The test suite's settings (pytest-django's ``DJANGO_SETTINGS_MODULE``): the project's own,
read from the environment exactly as in production, and only what tests cannot have.

The key is set in the environment, not here, so that the processes tests start (a Celery
worker, a fresh interpreter reading the settings) have it too.
"""

from __future__ import annotations

import os

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-" + "0123456789" * 5)

from config.settings import *  # noqa: F403
from config.settings import STORAGES

# The test client and the browser tests' live server speak plain HTTP.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# Static files from the apps' folders, without a collectstatic before every run.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
# The lockout tests log in hundreds of times; production's password hashing would make that
# minutes.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# The whole-dataset ZIPs of this test run, apart from any other run's (the processes of a
# fault test share the folder the test names in DATASET_DIR).
if not os.environ.get("DATASET_DIR"):
    DATASET_DIR = __import__("pathlib").Path(
        __import__("tempfile").mkdtemp(prefix="treaty-tracker-test-datasets-")
    )

# pytest-xdist's workers (make test runs two) share the Redis cache of CACHE_URL: each keeps
# its keys apart and empties only those (tests/cache.py). The Celery worker a test starts
# inherits the variable, so it shares the cache of the pytest process that started it.
_XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER")
if _XDIST_WORKER and CACHES["default"]["BACKEND"] == "django_redis.cache.RedisCache":  # noqa: F405
    CACHES["default"]["BACKEND"] = "tests.cache.WorkerRedisCache"  # noqa: F405
    CACHES["default"]["KEY_PREFIX"] = f"pytest-{_XDIST_WORKER}"  # noqa: F405

# The tests' webhook receivers are local processes (127.0.0.1, plain HTTP), in this process
# and in the Celery worker the worker tests start; the tests of the refusal of private
# addresses turn this off.
ALERTS_ALLOW_PRIVATE_WEBHOOKS = True
