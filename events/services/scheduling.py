"""Marking a treaty's derived dates stale and queueing their recomputation after commit.

Every writer that changes what a treaty's dates are computed from (events, armed conflicts,
rules, imports) calls :func:`treaty_mark_changed`. The treaty is flagged stale at once, in the
writer's transaction, and recomputed once the outermost transaction has committed — once per
treaty however many writes it held, and not at all if it rolled back.
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Iterable
from typing import Any, Protocol

from celery.exceptions import Retry
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerUnavailable

from treaties.models import Treaty

from .locking import database_busy
from .pending import pending_claim, pending_release

logger = logging.getLogger(__name__)


class RecomputeTask(Protocol):
    """What this module needs of the Celery task that recomputes one treaty."""

    app: Any

    def delay(self, treaty_id: int) -> Any: ...


#: The task that recomputes one treaty. ``events.apps`` registers it once the apps are ready:
#: the task module imports the services, so the services must not import the task module.
recompute_treaty: RecomputeTask | None = None


def recompute_task_register(task: RecomputeTask) -> None:
    """Name the task :func:`schedule_recompute` queues (called by ``EventsConfig.ready``)."""
    global recompute_treaty
    recompute_treaty = task


# Per connection (so per thread), the treaties changed in its transactions whose
# recomputation has not been queued yet.
_awaiting_recompute: weakref.WeakKeyDictionary[BaseDatabaseWrapper, set[int]] = (
    weakref.WeakKeyDictionary()
)


def treaty_mark_changed(*, treaty_id: int) -> None:
    """Flag the treaty's derived dates stale and queue its recomputation once the outermost
    transaction commits (once, however many writers in it call this)."""
    treaties_mark_changed(treaty_ids=[treaty_id])


def treaties_mark_changed(*, treaty_ids: Iterable[int]) -> None:
    """:func:`treaty_mark_changed` for several treaties, in one UPDATE."""
    ids = sorted(set(treaty_ids))
    if not ids:
        return
    Treaty.objects.filter(pk__in=ids).update(data_changed_at=timezone.now())
    for treaty_id in ids:
        recompute_after_commit(treaty_id)


def recompute_after_commit(treaty_id: int) -> None:
    """Queue one recomputation of the treaty once the outermost transaction commits, however
    many of the services in it changed the treaty."""
    connection = transaction.get_connection()
    awaiting = _awaiting_recompute.setdefault(connection, set())
    awaiting.add(treaty_id)

    def queue_once() -> None:
        # Every change registers its own callback, because Django discards exactly the
        # callbacks of a rolled-back savepoint: a treaty still has one if any of its changes
        # committed, and none if all were rolled back. The first to run takes the id out; the
        # others of this commit find it gone. An id left behind by a rolled-back transaction
        # has no callback, so it queues nothing; the next change of that treaty brings one.
        if treaty_id in awaiting:
            awaiting.discard(treaty_id)
            schedule_recompute(treaty_id)

    transaction.on_commit(queue_once)


def schedule_recompute(treaty_id: int) -> bool:
    """Queue the recomputation of one treaty, unless one is queued already and has not started
    (``pending``); return False if the broker is unreachable.

    A lost message only delays a result: the treaty stays stale and the periodic reconcile
    task recomputes it.
    """
    task = recompute_treaty
    if task is None:
        raise ImproperlyConfigured("No recomputation task is registered: is 'events' installed?")
    if not pending_claim(treaty_id):
        return True
    try:
        task.delay(treaty_id)
    except (BrokerUnavailable, OSError):
        # Celery re-raises the transport's connection and channel errors as kombu's
        # OperationalError; on Redis that is what a refused connection, an unknown host, a
        # broker gone from under a pooled connection, failed authentication, a full Redis and
        # (with a socket_timeout) a silent one all raised. OSError is the socket error
        # itself, should one get past that re-raise.
        # Anything else (a closed pool, an argument JSON cannot carry) is a bug, not an
        # outage, and must not be hidden behind the reconcile task.
        logger.warning("Could not queue recomputation of treaty %s", treaty_id, exc_info=True)
        pending_release(treaty_id)  # nothing is queued: the next change must try again
        return False
    except Exception as exc:
        pending_release(treaty_id)
        # Without a broker the task ran here, after the commit, and retried in place; a
        # database still too busy for it is no bug and must not turn the committed write into
        # a 500. The treaty stays marked stale, which is what it is.
        cause = exc.exc if isinstance(exc, Retry) and exc.exc is not None else exc
        if task.app.conf.task_always_eager and database_busy(cause):
            logger.warning("In-process recomputation of treaty %s failed: %s", treaty_id, cause)
            return False
        raise
    return True
