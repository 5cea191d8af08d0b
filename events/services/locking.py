"""The one lock order of every write, and what to do when a lock is not granted.

Every write of what a treaty's dates are computed from (events one by one or in batches,
armed conflicts, rules) and the write phase of the recomputation take the treaty's row lock
*first*, before they touch any event, period or membership row. Two writers of one treaty
therefore queue on the treaty row and never hold locks in opposite orders. (The deadlock this
prevents: an event writer locked its event row and then the treaty row to mark it changed,
while the recomputation locked the treaty row and then updated the event rows.) Writers of
several treaties lock them in id order.

A lock can still be refused: PostgreSQL's ``lock_timeout`` (set for web requests in
settings) ends a wait that is too long, and a deadlock with a writer outside this order (a
treaty or state deleted in the admin while its events are edited) is still detected. A write
that is its own outermost transaction is then tried once more (:func:`write_transaction`);
the edges answer what is left with a 503 and ``Retry-After``, never a 500.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterable
from typing import ParamSpec, TypeVar

from django.db import OperationalError, transaction

from treaties.models import Treaty

from ..exceptions import EventRejected

logger = logging.getLogger(__name__)

P = ParamSpec("P")
R = TypeVar("R")

#: SQLSTATEs of a lock not granted: worth one more try once the transaction is rolled back.
#: deadlock_detected, serialization_failure, lock_not_available (``lock_timeout``).
LOCK_NOT_GRANTED = frozenset({"40P01", "40001", "55P03"})
#: ``statement_timeout``: the database is too busy to answer in time; not worth a retry
#: (it would double a wait that was already too long), but no bug either.
STATEMENT_TIMEOUT = "57014"

#: How long a client should wait before it tries again (the ``Retry-After`` of the 503).
RETRY_AFTER_SECONDS = 2


def treaties_lock(treaty_ids: Iterable[int]) -> dict[int, Treaty]:
    """Lock the treaties' rows until the end of the transaction, in id order, and return them
    as they are now (their rules may have changed since the caller read them).

    ``FOR NO KEY UPDATE``: it excludes every other writer of these treaties, yet lets a
    transaction that only references a treaty (an insert of an unrelated row with a foreign
    key to it) go on.
    """
    ids = sorted(set(treaty_ids))
    if not ids:
        return {}
    locked = Treaty.objects.select_for_update(no_key=True).filter(pk__in=ids).order_by("pk")
    return {treaty.pk: treaty for treaty in locked}


def treaty_lock(treaty_id: int) -> Treaty:
    """:func:`treaties_lock` for one treaty; :class:`EventRejected` if it was deleted since
    the caller read it (nothing can be recorded for it any more)."""
    locked = treaties_lock([treaty_id])
    if treaty_id not in locked:
        raise EventRejected({"treaty": ["This treaty was deleted meanwhile."]})
    return locked[treaty_id]


def _sqlstate(exc: BaseException) -> str | None:
    # Django wraps the driver's error; psycopg's carries the SQLSTATE.
    return getattr(exc.__cause__, "sqlstate", None) or getattr(exc, "sqlstate", None)


def lock_not_granted(exc: BaseException) -> bool:
    """True if ``exc`` is a lock the database did not grant (deadlock, lock timeout,
    serialization failure; on SQLite, a writer that waited past its busy timeout)."""
    if not isinstance(exc, OperationalError):
        return False
    if _sqlstate(exc) in LOCK_NOT_GRANTED:
        return True
    return "database is locked" in str(exc)  # SQLite's only word for it


def database_busy(exc: BaseException) -> bool:
    """True if ``exc`` says the database is too busy right now (a lock not granted, or a
    statement cut by ``statement_timeout``): a 503 with ``Retry-After``, not a 500."""
    return lock_not_granted(exc) or (
        isinstance(exc, OperationalError) and _sqlstate(exc) == STATEMENT_TIMEOUT
    )


#: SQLSTATE classes of a database that cannot be reached or will not serve now: connection
#: exceptions (08), insufficient resources (53: too many connections, disk full), and an operator
#: or crash shutdown (57P01-57P03).
UNREACHABLE_CLASSES = ("08", "53")
UNREACHABLE_STATES = frozenset({"57P01", "57P02", "57P03"})
#: SQLite's words for a database file it cannot use right now.
SQLITE_UNREACHABLE = ("unable to open database file", "disk i/o error")


def database_unreachable(exc: BaseException) -> bool:
    """True if ``exc`` says the database cannot be reached (refused or lost connection, no
    connection slot left, a server shutting down): a 503 with ``Retry-After``, not a 500.

    An ``OperationalError`` without a SQLSTATE comes from the client library itself, which
    raises that only for a connection it could not make or lost.
    """
    if not isinstance(exc, OperationalError):
        return False
    state = _sqlstate(exc)
    if state is None:
        message = str(exc).lower()
        if any(words in message for words in SQLITE_UNREACHABLE):
            return True
        # SQLite reports a bug (no such table, a syntax error) as OperationalError too, and
        # carries no SQLSTATE: only psycopg's own connection errors count here.
        return type(exc.__cause__).__module__.startswith("psycopg")
    return state.startswith(UNREACHABLE_CLASSES) or state in UNREACHABLE_STATES


def database_unavailable(exc: BaseException) -> bool:
    """Busy or unreachable: the request changed nothing and may succeed a moment later."""
    return database_busy(exc) or database_unreachable(exc)


def write_transaction(func: Callable[P, R]) -> Callable[P, R]:
    """Run a write service in one transaction; if it is the outermost one and a lock was not
    granted, run it once more.

    The retry is safe only there: the failed attempt was rolled back whole, its after-commit
    callbacks discarded. Inside a caller's transaction (the admin's, an import's) the error is
    raised for the caller to roll back, since the statements before it are void too.
    """

    @functools.wraps(func)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        outermost = not transaction.get_connection().in_atomic_block
        try:
            with transaction.atomic():
                return func(*args, **kwargs)
        except OperationalError as exc:
            if not (outermost and lock_not_granted(exc)):
                raise
            logger.warning("%s: %s; trying once more", func.__name__, exc)
        with transaction.atomic():
            return func(*args, **kwargs)

    return run
