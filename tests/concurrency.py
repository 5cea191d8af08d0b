"""Helpers of the tests that make writers meet on PostgreSQL: threads with their own
connections, a transaction that holds a treaty's row lock, a wait for a backend to be blocked
on a lock, and the derived data of a treaty to compare with a fresh recomputation."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from django.db import connection, connections, transaction

from events.models import Event, Membership, StatusPeriod
from events.services import treaty_recompute
from treaties.models import Treaty


class InThread:
    """Run ``func`` in a thread (its own database connection, closed at the end); keep its
    result or its exception."""

    def __init__(self, func: Callable[[], Any], name: str = "writer") -> None:
        self.result: Any = None
        self.error: BaseException | None = None
        self._func = func
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self.result = self._func()
        except BaseException as exc:
            self.error = exc
        finally:
            connections.close_all()

    def join(self, timeout: float = 60) -> Any:
        self._thread.join(timeout)
        assert not self._thread.is_alive(), f"{self._thread.name} still running after {timeout} s"
        if self.error is not None:
            raise self.error
        return self.result


class TreatyLockHolder:
    """Another transaction holding the treaty's row lock (``FOR UPDATE``, as strong as any
    writer's) until :meth:`release`."""

    def __init__(self, treaty_id: int) -> None:
        self._treaty_id = treaty_id
        self._locked = threading.Event()
        self._release = threading.Event()
        self._thread = InThread(self._hold, name="lock holder")
        assert self._locked.wait(10), "the lock holder did not get the treaty's lock"

    def _hold(self) -> None:
        with transaction.atomic():
            Treaty.objects.select_for_update().get(pk=self._treaty_id)
            self._locked.set()
            self._release.wait(60)

    def release(self) -> None:
        self._release.set()
        self._thread.join()


def lock_waiters() -> int:
    """How many other backends of this database are waiting for a lock right now."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
            " AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
        )
        return int(cursor.fetchone()[0])


def wait_for_lock_waiters(count: int = 1, timeout: float = 15) -> None:
    """Wait until ``count`` backends are blocked on a lock."""
    deadline = time.monotonic() + timeout
    while lock_waiters() < count:
        assert time.monotonic() < deadline, f"no {count} backend(s) waiting for a lock"
        time.sleep(0.02)


def derived_snapshot(treaty_id: int) -> dict[str, Any]:
    """Everything the recomputation derives for a treaty, in a comparable form."""
    treaty = Treaty.objects.get(pk=treaty_id)
    return {
        "entry_into_force": (treaty.entry_into_force_date, treaty.entry_into_force_explanation),
        "error": treaty.derived_error,
        "events": sorted(
            Event.objects.filter(treaty_id=treaty_id).values_list(
                "pk", "effective_date", "condition", "disagrees_with_depositary", "superseded"
            )
        ),
        "explanations": dict(
            Event.objects.filter(treaty_id=treaty_id).values_list("pk", "explanation")
        ),
        "periods": sorted(
            StatusPeriod.objects.filter(treaty_id=treaty_id).values_list(
                "state_id", "status", "valid_from", "valid_until"
            ),
            key=repr,
        ),
        "memberships": sorted(
            Membership.objects.filter(treaty_id=treaty_id).values_list("state_id", "start", "end"),
            key=repr,
        ),
    }


def assert_derived_dates_are_current(treaty_id: int) -> None:
    """The stored derived data equals a fresh recomputation's, and the treaty says it is
    current: nothing stale, nothing that a recomputation would change."""
    treaty = Treaty.objects.get(pk=treaty_id)
    assert not treaty.is_stale, "the treaty is still marked as being recomputed"
    assert all(e.is_computed for e in Event.objects.filter(treaty_id=treaty_id)), (
        "an event is still marked as being computed"
    )
    stored = derived_snapshot(treaty_id)
    result = treaty_recompute(treaty_id=treaty_id)
    assert not result.skipped
    assert derived_snapshot(treaty_id) == stored
