"""The cache of one pytest-xdist worker on a Redis database the workers share.

``make test`` runs the suite in two processes (pytest-xdist); on Redis (``CACHE_URL``, as in
CI) both would empty the same database before each test (``cache.clear()`` is a FLUSHDB).
Each worker's keys carry its name (``KEY_PREFIX``, see ``tests/settings.py``), and ``clear()``
deletes only those.
"""

from __future__ import annotations

from django_redis.cache import RedisCache


class WorkerRedisCache(RedisCache):
    def clear(self) -> None:
        # The pattern carries KEY_PREFIX and the version: this worker's keys only.
        self.delete_pattern("*")
