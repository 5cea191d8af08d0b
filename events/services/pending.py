"""One queued recomputation per treaty: a short-lived marker in the shared cache.

A treaty edited 200 times while the worker is busy needs one recomputation, not 200. The
marker is set (atomically, ``cache.add``) when a recomputation is queued and cleared when the
task *starts*, before it reads the facts. So a change that finds the marker set was committed
before the queued task reads anything, and that task sees it; a change arriving after the task
started finds no marker and queues the next one.

The marker only helps: every task is idempotent and skips a treaty that is no longer stale,
and the periodic reconcile queues every stale treaty whatever the markers say. So a cache
outage (the marker cannot be read or written) queues as if there were no marker, and a
marker whose message was lost expires after ``RECOMPUTE_DEDUP_SECONDS``. Without a cache
shared with the workers (``CACHE_URL`` unset) the setting is 0 and nothing is de-duplicated:
a worker could not clear a marker kept in a web process's memory.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache


def _key(treaty_id: int) -> str:
    return f"recompute-queued:{treaty_id}"


def _seconds() -> int:
    return int(getattr(settings, "RECOMPUTE_DEDUP_SECONDS", 0))


def pending_claim(treaty_id: int) -> bool:
    """Claim the queueing of the treaty's recomputation: False if one is queued already and
    has not started; True otherwise (also when the cache cannot answer)."""
    seconds = _seconds()
    if seconds <= 0:
        return True
    # Django's backends answer True/False; django-redis answers None when the cache is down
    # and told to fail open (IGNORE_EXCEPTIONS): queue then, as without a marker.
    return cache.add(_key(treaty_id), 1, seconds) is not False


def pending_set(treaty_id: int) -> None:
    """Mark the treaty's recomputation queued whether or not it was (the reconcile task)."""
    seconds = _seconds()
    if seconds > 0:
        cache.set(_key(treaty_id), 1, seconds)


def pending_release(treaty_id: int) -> None:
    """Clear the marker: the queued recomputation has started (or could not be queued)."""
    if _seconds() > 0:
        cache.delete(_key(treaty_id))
