"""Writers of one treaty meet on its row lock and nowhere else (issue 13, breaks 1 and 7).

Each test makes the meeting happen for real on PostgreSQL, with threads holding their own
connections: an editor's write against the recomputation (the probe's deadlock), a write
against a transaction holding the treaty, a recomputation whose facts change under it.
"""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import DatabaseError, transaction
from django.utils import timezone

from events.exceptions import EventRejected
from events.models import Event
from events.services import event_delete, event_record, event_update, recompute, treaty_recompute
from events.services import events as service_events
from states.models import State
from tests.concurrency import (
    InThread,
    TreatyLockHolder,
    assert_derived_dates_are_current,
    wait_for_lock_waiters,
)
from tests.factories import SOURCE, treaty_with_participants
from treaties.models import Treaty

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def ccm(postgresql) -> Treaty:
    return treaty_with_participants("ccm", 6, withdrawals=1)


def test_an_edit_waits_for_the_treaty_before_it_locks_its_event(ccm):
    event = Event.objects.filter(treaty=ccm, kind="ratification").first()
    assert event is not None
    holder = TreatyLockHolder(ccm.pk)
    edit = InThread(lambda: event_update(event=event, note="Checked against the depositary."))
    try:
        wait_for_lock_waiters()
        # The edit is queued on the treaty and holds nothing else: its event can be locked.
        # (It used to update its event first and then wait for the treaty with that row held.)
        with transaction.atomic():
            Event.objects.select_for_update(nowait=True).get(pk=event.pk)
    finally:
        holder.release()
    edit.join()
    event.refresh_from_db()
    assert event.note == "Checked against the depositary."


def test_an_edit_and_the_recomputation_meeting_mid_write_do_not_deadlock(ccm, monkeypatch):
    # The probe's deadlock, made to happen every time: the editor's write has written its
    # event and not yet marked the treaty changed when the recomputation comes to write.
    event = Event.objects.filter(treaty=ccm, kind="ratification").first()
    assert event is not None
    written, go_on = threading.Event(), threading.Event()
    mark_changed = service_events.treaty_mark_changed

    def pause_then_mark(**kwargs):
        written.set()
        assert go_on.wait(30)
        mark_changed(**kwargs)

    monkeypatch.setattr(service_events, "treaty_mark_changed", pause_then_mark)
    edit = InThread(lambda: event_update(event=event, date=event.date.replace(day=1)))
    assert written.wait(15)
    rerun = InThread(lambda: treaty_recompute(treaty_id=ccm.pk), name="recompute")
    try:
        wait_for_lock_waiters()  # the recomputation is blocked, waiting to write
    finally:
        go_on.set()
    edit.join()  # a deadlock would raise here or in the recomputation
    rerun.join()
    assert_derived_dates_are_current(ccm.pk)
    event.refresh_from_db()
    assert event.date.day == 1


def test_the_recomputation_holds_no_lock_while_the_rule_engine_computes(ccm, monkeypatch):
    could_lock: list[bool] = []
    engine = recompute.compute

    def compute_while_another_transaction_locks_the_treaty(*args, **kwargs):
        def lock_nowait() -> bool:
            try:
                with transaction.atomic():
                    Treaty.objects.select_for_update(nowait=True).get(pk=ccm.pk)
            except DatabaseError:
                return False
            return True

        could_lock.append(InThread(lock_nowait).join())
        return engine(*args, **kwargs)

    monkeypatch.setattr(recompute, "compute", compute_while_another_transaction_locks_the_treaty)
    Treaty.objects.filter(pk=ccm.pk).update(data_changed_at=timezone.now())
    result = treaty_recompute(treaty_id=ccm.pk)
    assert could_lock == [True]
    assert not result.skipped


def test_a_recomputation_whose_facts_changed_meanwhile_writes_nothing(ccm, monkeypatch):
    engine = recompute.compute
    before = sorted(Event.objects.filter(treaty=ccm).values_list("pk", "effective_date"))

    def compute_while_a_change_commits(*args, **kwargs):
        # Another transaction changes the facts (and commits) while the engine runs.
        InThread(
            lambda: Treaty.objects.filter(pk=ccm.pk).update(data_changed_at=timezone.now())
        ).join()
        Event.objects.filter(treaty=ccm).update(effective_date=None)
        return engine(*args, **kwargs)

    monkeypatch.setattr(recompute, "compute", compute_while_a_change_commits)
    result = treaty_recompute(treaty_id=ccm.pk)

    assert result.skipped == "changed meanwhile"
    ccm.refresh_from_db()
    assert ccm.is_stale  # left for the recomputation that change queued
    assert all(
        d is None for d in Event.objects.filter(treaty=ccm).values_list("effective_date", flat=True)
    )
    monkeypatch.setattr(recompute, "compute", engine)
    assert not treaty_recompute(treaty_id=ccm.pk).skipped
    assert sorted(Event.objects.filter(treaty=ccm).values_list("pk", "effective_date")) == before


def test_recording_an_event_for_a_treaty_deleted_meanwhile_is_refused_not_a_crash():
    treaty = treaty_with_participants("tpnw", 0)
    state = State.objects.create(code="NOR", short_name="Norway")
    Treaty.objects.filter(pk=treaty.pk).delete()  # by someone else, after we read it
    with pytest.raises(EventRejected, match="deleted meanwhile"):
        event_record(
            treaty=treaty,
            state=state,
            kind="signature",
            date=dt.date(2017, 9, 20),
            source_url=SOURCE,
        )
    assert not Event.objects.exists()


def test_deleting_an_event_deleted_meanwhile_is_refused_and_leaves_one_deletion_in_history():
    ccm = treaty_with_participants("ccm", 3)
    event = Event.objects.filter(treaty=ccm, kind="signature").first()
    assert event is not None
    stale_copy = Event.objects.get(pk=event.pk)
    event_delete(event=event)
    with pytest.raises(EventRejected, match="deleted meanwhile"):
        event_delete(event=stale_copy)
    assert Event.history.filter(id=stale_copy.pk, history_type="-").count() == 1
