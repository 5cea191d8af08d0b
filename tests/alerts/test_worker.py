"""End to end through a real Celery worker process: an event recorded, recomputed by the
worker, told to a webhook by the worker, received and verified by a real receiver."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from alerts.models import Delivery, TreatySeen
from alerts.services import webhook_create
from events.services import event_record
from tests.events.test_tasks import SOURCE, _ccm, _lithuania
from tests.factories import make_user


def _wait_for(check, seconds=40):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_the_worker_tells_a_webhook_of_a_withdrawal(celery_worker_process, receiver):
    treaty, lithuania = _ccm(), _lithuania()
    event_record(
        treaty=treaty, state=lithuania, kind="ratification", date=dt.date(2011, 3, 24),
        source_url=SOURCE,
    )  # fmt: skip
    # The worker's first recomputation of the treaty is the alerts' baseline.
    assert _wait_for(lambda: TreatySeen.objects.filter(treaty=treaty).exists())
    hook = webhook_create(owner=make_user("newsroom"), url=receiver.url("/w"), treaty=treaty)
    receiver.set_secret(hook.secret)
    event_record(
        treaty=treaty, state=lithuania, kind="withdrawal", date=dt.date(2024, 9, 6),
        source_url=SOURCE, notification_ref="C.N.347.2024.TREATIES-XXVI-6",
    )  # fmt: skip
    assert _wait_for(lambda: receiver.log()), celery_worker_process.read_text()[-3000:]
    assert _wait_for(lambda: Delivery.objects.filter(watch=hook, status="sent").exists())
    [entry] = receiver.log()
    assert entry["signature_ok"] and not entry["duplicate"]
    assert entry["body"]["type"] == "act" and entry["body"]["event"]["kind"] == "withdrawal"
    assert entry["body"]["event"]["effective_date"] == "2025-03-06"
    log = celery_worker_process.read_text()
    assert "alerts.tasks.deliver_watches" in log and "alerts.tasks.detect_treaty_changes" in log
