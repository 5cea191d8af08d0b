"""Queued recomputations (issue 13, break 7): one queued per treaty however many changes
arrive before it starts, none that does anything for a treaty already current, and the
periodic reconcile as one task per stale treaty."""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from collections.abc import Iterator

import pytest
from celery.signals import task_prerun
from django.core.cache import cache
from django.db import OperationalError, connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from config.celery import app as celery_app
from events import tasks
from events.models import Event
from events.services import event_record, event_update, pending, scheduling
from events.tasks import recompute_treaty, reconcile_stale_treaties
from tests.events.test_tasks import DEAD_BROKER, _publishing_to
from tests.factories import SOURCE, StateFactory, treaty_with_participants
from treaties.models import Treaty

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def recomputed() -> Iterator[Counter[int]]:
    """How many times ``recompute_treaty`` ran, by treaty id (in-process, eagerly)."""
    runs: Counter[int] = Counter()

    def count(sender, args, **_):
        if sender.name == "events.tasks.recompute_treaty":
            runs[args[0]] += 1

    task_prerun.connect(count, weak=False)
    yield runs
    task_prerun.disconnect(count)


class Published:
    """Stands in for the task's ``delay`` while eager mode is off: the ids it was asked to
    publish (what reaches the broker is the broker tests' business)."""

    def __init__(self) -> None:
        self.ids: list[int] = []

    def delay(self, treaty_id: int) -> None:
        self.ids.append(treaty_id)


def _ratify(treaty: Treaty, code: str, day: dt.date):
    return event_record(
        treaty=treaty,
        state=StateFactory.create(code=code, short_name=code),
        kind="ratification",
        date=day,
        source_url=SOURCE,
    )


def test_a_queued_recomputation_of_a_current_treaty_writes_nothing():
    ccm = treaty_with_participants("ccm", 5)
    assert not ccm.is_stale
    with CaptureQueriesContext(connection) as queries:
        outcome = recompute_treaty(ccm.pk)
    assert outcome["skipped"] == "up to date"
    writes = [q["sql"] for q in queries if not q["sql"].lstrip().upper().startswith("SELECT")]
    assert writes == []


def test_the_reconcile_queues_one_recomputation_per_stale_treaty(recomputed):
    ccm = treaty_with_participants("ccm", 4)
    apmbc = treaty_with_participants("apmbc", 4)
    current = treaty_with_participants("tpnw", 4)
    Treaty.objects.filter(pk__in=[ccm.pk, apmbc.pk]).update(data_changed_at=timezone.now())

    assert sorted(reconcile_stale_treaties()) == sorted([ccm.pk, apmbc.pk])

    assert recomputed == {ccm.pk: 1, apmbc.pk: 1}
    assert not Treaty.objects.stale().exists()
    assert current.pk not in recomputed


@override_settings(RECOMPUTE_DEDUP_SECONDS=60)
def test_changes_arriving_before_the_queued_recomputation_starts_queue_it_once(monkeypatch):
    ccm = treaty_with_participants("ccm", 3)
    published = Published()
    monkeypatch.setattr(scheduling, "recompute_treaty", published)
    monkeypatch.setattr(celery_app.conf, "task_always_eager", False)

    events = [
        _ratify(ccm, f"XZ{chr(65 + i)}", dt.date(2012, 1, 1) + dt.timedelta(days=i))
        for i in range(5)
    ]
    for event in events:
        event_update(event=event, note="Checked.")

    assert published.ids == [ccm.pk]  # ten committed changes, one queued recomputation
    recompute_treaty(ccm.pk)  # the worker starts it: the marker is cleared before it reads
    _ratify(ccm, "XZZ", dt.date(2013, 1, 1))
    assert published.ids == [ccm.pk, ccm.pk]


@override_settings(RECOMPUTE_DEDUP_SECONDS=60)
def test_without_a_broker_every_change_is_recomputed_at_once_and_nothing_stays_queued(
    recomputed,
):
    # Embedded mode: the task runs in-process right after the commit.
    ccm = treaty_with_participants("ccm", 3)
    for i in range(3):
        _ratify(ccm, f"XZ{chr(65 + i)}", dt.date(2012, 1, 1) + dt.timedelta(days=i))
        ccm.refresh_from_db()
        assert not ccm.is_stale
        assert cache.get(pending._key(ccm.pk)) is None
    assert recomputed == {ccm.pk: 3}


@override_settings(RECOMPUTE_DEDUP_SECONDS=60)
def test_a_change_whose_recomputation_could_not_be_queued_leaves_no_marker_behind(caplog):
    ccm = treaty_with_participants("ccm", 3)
    with caplog.at_level(logging.WARNING, logger="events.services"), _publishing_to(DEAD_BROKER):
        _ratify(ccm, "XYA", dt.date(2012, 1, 1))
        _ratify(ccm, "XYB", dt.date(2012, 1, 2))
    # Both changes tried to queue: the first failure did not leave a marker that silenced the
    # second.
    assert len([r for r in caplog.records if "Could not queue" in r.getMessage()]) == 2
    assert cache.get(pending._key(ccm.pk)) is None


def test_an_in_process_recomputation_refused_by_a_busy_database_leaves_the_write_and_a_stale_flag(
    monkeypatch, caplog
):
    # Embedded mode: the recomputation runs after the commit, in the request. It is retried in
    # place; a database still busy after that must not turn the committed write into an error.
    ccm = treaty_with_participants("ccm", 3)

    def busy(**kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(tasks, "treaty_recompute", busy)
    with caplog.at_level(logging.WARNING, logger="events.services"):
        event = _ratify(ccm, "XYC", dt.date(2012, 1, 1))
    assert Event.objects.filter(pk=event.pk).exists()
    ccm.refresh_from_db()
    assert ccm.is_stale  # truthfully: its dates do not include the new event yet
    assert any("In-process recomputation" in r.getMessage() for r in caplog.records)
