"""A worker killed with SIGKILL in the middle of a recomputation loses nothing: the task runs
again and the dates end right (issue 13, break 7: the task was acknowledged at its start, and
gone with the worker).

"In the middle" is made certain: another transaction holds the treaty's row lock, so the
recomputation has read and computed everything and waits to write when it is killed.
"""

from __future__ import annotations

import os
import signal
import time

import pytest
from django.utils import timezone

from events.models import Event
from events.tasks import recompute_treaty
from tests.concurrency import TreatyLockHolder, assert_derived_dates_are_current, lock_waiters
from tests.factories import treaty_with_participants
from treaties.models import Treaty

from .conftest import Stack, Worker, wait_until

#: The broker gives an unacknowledged message back after this many seconds (900 by default;
#: short here so that the test does not wait a quarter of an hour).
VISIBILITY_TIMEOUT = 3


def _stale_treaty() -> Treaty:
    apmbc = treaty_with_participants("apmbc", 45)
    # Facts changed and nothing derived from them yet; no task queued by the change.
    Event.objects.filter(treaty=apmbc).update(effective_date=None)
    Treaty.objects.filter(pk=apmbc.pk).update(data_changed_at=timezone.now())
    return apmbc


def _current(treaty_id: int) -> bool:
    return not Treaty.objects.get(pk=treaty_id).is_stale


@pytest.mark.worker
def test_a_pool_process_killed_mid_recomputation_is_replaced_and_the_task_runs_again(
    stack: Stack,
):
    apmbc = _stale_treaty()
    with Worker(stack, pool="prefork", concurrency=1) as worker:
        holder = TreatyLockHolder(apmbc.pk)
        try:
            recompute_treaty.apply_async(args=[apmbc.pk], queue=stack.queue)
            wait_until(lambda: lock_waiters() >= 1, 30, f"no recompute waiting:\n{worker.text()}")
            [child] = worker.children()
            os.kill(child, signal.SIGKILL)
            wait_until(lambda: child not in worker.children(), 15, "the pool process survived")
        finally:
            holder.release()
        wait_until(lambda: _current(apmbc.pk), 60, f"not recomputed:\n{worker.text()}")
        # The task's work is committed before the worker logs its success: wait for the line.
        wait_until(lambda: "succeeded" in worker.text(), 30, f"no success:\n{worker.text()}")
        log = worker.text()
    assert "WorkerLostError" in log  # the first run really died
    assert "succeeded" in log  # and the task ran again
    assert_derived_dates_are_current(apmbc.pk)


@pytest.mark.worker
def test_a_whole_worker_killed_mid_recomputation_leaves_the_task_to_the_next_worker(
    stack: Stack,
):
    apmbc = _stale_treaty()
    env = {"CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT)}
    # Prefork, as deployed (``make worker``): the main process and its pool die together.
    first = Worker(stack, pool="prefork", env=env)
    holder = TreatyLockHolder(apmbc.pk)
    try:
        recompute_treaty.apply_async(args=[apmbc.pk], queue=stack.queue)
        wait_until(lambda: lock_waiters() >= 1, 30, f"no recompute waiting:\n{first.text()}")
        first.kill(signal.SIGKILL)  # the whole process group
    finally:
        holder.release()
        first.stop()
    assert "recompute_treaty" in first.text() and "succeeded" not in first.text()
    assert not _current(apmbc.pk)

    # The next worker to start finds the message its predecessor never acknowledged, once the
    # visibility timeout has passed.
    time.sleep(VISIBILITY_TIMEOUT + 1)
    with Worker(stack, pool="prefork", env=env) as second:
        wait_until(lambda: _current(apmbc.pk), 60, f"not recomputed:\n{second.text()}")
        assert "events.tasks.recompute_treaty" in second.text()
    assert_derived_dates_are_current(apmbc.pk)
