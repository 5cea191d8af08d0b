"""Recording an event makes its derived dates appear through Celery — with a real worker
process on the real broker, and, when the broker is down, through the periodic reconcile."""

from __future__ import annotations

import copy
import datetime as dt
import logging
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django_guid import clear_guid, get_guid, set_guid
from kombu.exceptions import EncodeError, OperationalError
from kombu.pools import ProducerPool

from config.celery import app as celery_app
from events.models import Event
from events.services import event_record, schedule_recompute, treaty_recompute
from events.tasks import reconcile_stale_treaties
from rules import CATALOGUE
from states.models import State
from treaties.models import Treaty

SOURCE = "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=XXVI-6&chapter=26"
DEAD_BROKER = "redis://127.0.0.1:1/0"  # nothing listens on port 1: the connection is refused


@contextmanager
def _publishing_to(url: str) -> Iterator[ProducerPool]:
    """Make ``task.delay()`` publish, for real, through producers connected to ``url``.

    Only the app's producer pool is swapped, for one of our own: the shared pool stays open
    for the session's worker fixture (closing it once deadlocked the test database flush
    against the worker). Setting ``conf.broker_url`` would not do: Celery reads the
    CELERY_BROKER_URL variable first, and it is set whenever the suite runs on Redis.
    """
    connections = celery_app.connection_for_write(url).Pool(limit=1)
    producers = ProducerPool(connections, limit=1)
    amqp = celery_app.amqp
    previous = (amqp._producer_pool, celery_app.conf.task_always_eager)
    amqp._producer_pool = producers
    celery_app.conf.task_always_eager = False
    try:
        yield producers
    finally:
        amqp._producer_pool, celery_app.conf.task_always_eager = previous
        producers.force_close_all()
        connections.force_close_all()


def _ccm() -> Treaty:
    entry = CATALOGUE["ccm"]
    rules = copy.deepcopy(entry["rules"])
    # The 30 instruments before Lithuania's are not recorded here; the treaty's entry into
    # force is recorded as the fact the UN published (1 Aug 2010, art. 17(1)).
    rules["entry_into_force"]["recorded_date"] = "2010-08-01"
    return Treaty.objects.create(
        slug="ccm",
        short_name=entry["short_name"],
        title=entry["title"],
        adopted_on=dt.date.fromisoformat(str(entry["adopted_on"])),
        rules=rules,
    )


def _lithuania() -> State:
    return State.objects.create(code="LTU", alpha2="LT", numeric="440", short_name="Lithuania")


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_separate_worker_process_computes_lithuanias_ccm_dates(celery_worker_process):
    treaty, lithuania = _ccm(), _lithuania()
    request_id = uuid.uuid4().hex
    set_guid(request_id)  # as the request that records the event has
    event = event_record(
        treaty=treaty,
        state=lithuania,
        kind="ratification",
        date=dt.date(2011, 3, 24),
        source_url=SOURCE,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        event.refresh_from_db()
        if event.effective_date is not None:
            break
        time.sleep(0.2)
    assert event.effective_date == dt.date(2011, 9, 1)
    assert any("17(2)" in (step.get("article") or "") for step in event.explanation)
    clear_guid()
    log = celery_worker_process.read_text()
    assert "events.tasks.recompute_treaty" in log and "succeeded" in log
    # The worker's lines for the task carry the id of the request that queued it.
    ran = [line for line in log.splitlines() if "recompute_treaty" in line and "succeeded" in line]
    assert any(request_id in line for line in ran), ran
    print("[worker] recompute_treaty executed by the separate worker process:")
    print("\n".join(line for line in log.splitlines() if "recompute_treaty" in line))


@pytest.mark.django_db(transaction=True)
def test_an_event_recorded_while_the_broker_is_down_is_saved_and_reconciled_later(caplog):
    treaty, lithuania = _ccm(), _lithuania()
    treaty_recompute(treaty_id=treaty.pk)  # derived once, so "stale" below means newer facts
    with caplog.at_level(logging.WARNING, logger="events.services"), _publishing_to(DEAD_BROKER):
        event = event_record(
            treaty=treaty,
            state=lithuania,
            kind="ratification",
            date=dt.date(2011, 3, 24),
            source_url=SOURCE,
        )

    # The publish really went to the dead broker and failed as an outage does.
    [record] = [r for r in caplog.records if "Could not queue" in r.getMessage()]
    assert record.exc_info[0] is OperationalError
    assert "Connection refused" in str(record.exc_info[1])

    assert Event.objects.filter(pk=event.pk).exists()
    event.refresh_from_db()
    assert event.effective_date is None
    treaty.refresh_from_db()
    assert treaty.derived_at is None or treaty.data_changed_at > treaty.derived_at

    assert reconcile_stale_treaties() == [treaty.pk]
    event.refresh_from_db()
    treaty.refresh_from_db()
    assert event.effective_date == dt.date(2011, 9, 1)
    assert not treaty.is_stale


def test_an_error_that_is_not_an_outage_is_raised_even_while_the_broker_is_down():
    # An argument JSON cannot carry is a bug in the caller; swallowing it would leave the
    # treaty to the reconcile task and the bug unnoticed.
    with _publishing_to(DEAD_BROKER), pytest.raises(EncodeError):
        schedule_recompute(object())  # type: ignore[arg-type]  # the bug this test is about


def test_publishing_on_a_closed_pool_is_raised_not_mistaken_for_an_outage():
    # The previous version of the outage test produced exactly this and passed for it.
    with _publishing_to(DEAD_BROKER) as producers:
        producers.force_close_all()
        with pytest.raises(RuntimeError, match="closed pool"):
            schedule_recompute(1)


def test_a_broker_that_accepts_but_never_answers_fails_fast_instead_of_hanging_the_request():
    # A listening socket that never replies: without a socket timeout the publish (which runs
    # right after the request's commit) waited for ever.
    import socket

    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        url = f"redis://127.0.0.1:{silent.getsockname()[1]}/0"
        outcome: list[bool] = []
        with _publishing_to(url):
            # In a thread, so that a regression fails this test instead of hanging the suite.
            publish = threading.Thread(target=lambda: outcome.append(schedule_recompute(1)))
            started = time.monotonic()
            publish.start()
            publish.join(timeout=15)
            elapsed = time.monotonic() - started
    assert not publish.is_alive(), "the publish to a silent broker was still waiting after 15 s"
    assert outcome == [False]
    assert elapsed < 15


@pytest.mark.django_db
def test_a_task_run_in_process_leaves_the_requests_id_as_it_was():
    # The embedded mode runs tasks inside the request: the request's id must outlive them
    # (it is logged after, and returned in the response's X-Request-ID).
    treaty = _ccm()
    set_guid("a" * 32)
    try:
        celery_app.tasks["events.tasks.recompute_treaty"].delay(treaty.pk)
        assert get_guid() == "a" * 32
    finally:
        clear_guid()
