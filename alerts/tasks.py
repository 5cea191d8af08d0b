"""Celery tasks of the alerts: thin wrappers that take ids (and a day) and call one service.

Every task is idempotent: notices are made once by key, deliveries once per watch and notice,
and a delivery sent is never sent again (``alerts.delivery``).
"""

from __future__ import annotations

from datetime import date

from celery import shared_task
from django.db import OperationalError, transaction
from django.utils import timezone

from . import delivery, mail
from .matching import deliveries_create
from .models import Delivery, DeliveryStatus, Notice, Watch
from .notices import day_notices, statement_notice, treaty_changes_detect

_RETRY = {"autoretry_for": (OperationalError,), "retry_backoff": True, "max_retries": 5}


def _queue(notices: list[Notice]) -> int:
    """Make the notices' deliveries and queue the sending, per watch, after commit."""
    with transaction.atomic():
        watch_ids = deliveries_create(notices)
    for watch_id in sorted(watch_ids):
        deliver_watch.delay(watch_id)
    return len(notices)


@shared_task(**_RETRY)  # type: ignore[untyped-decorator]  # celery has no types
def detect_treaty_changes(treaty_id: int) -> int:
    """Tell what a recomputation changed in the treaty's record; return how many notices."""
    return _queue(treaty_changes_detect(treaty_id))


@shared_task(**_RETRY)  # type: ignore[untyped-decorator]  # celery has no types
def notice_statement(statement_id: int) -> int:
    return _queue(statement_notice(statement_id))


@shared_task(**_RETRY)  # type: ignore[untyped-decorator]  # celery has no types
def daily_alerts(on: str | None = None) -> int:
    """The status changes taking effect on ``on`` (ISO date; today by default) and the
    reminders due that day. Run daily by beat; run again for a missed day, it tells nothing
    twice."""
    day = date.fromisoformat(on) if on else timezone.localdate()
    return _queue(day_notices(day))


@shared_task(**_RETRY)  # type: ignore[untyped-decorator]  # celery has no types
def deliver_watch(watch_id: int) -> int:
    """Send one watch's due deliveries, in order. A failure waits for ``deliver_due``."""
    return delivery.watch_deliver(watch_id)


@shared_task(**_RETRY)  # type: ignore[untyped-decorator]  # celery has no types
def deliver_due() -> int:
    """Queue the sending of every watch with a delivery due (retries after their backoff, a
    lost message, a send a dead worker left). Run every minute by beat."""
    ids = delivery.watches_due(timezone.now())
    for watch_id in ids:
        deliver_watch.delay(watch_id)
    return len(ids)


@shared_task(**_RETRY)  # type: ignore[untyped-decorator]  # celery has no types
def send_digests() -> int:
    """Send each digest watch its waiting notices in one e-mail. Run daily by beat."""
    ids = (
        Delivery.objects.filter(status=DeliveryStatus.DIGEST)
        .values_list("watch_id", flat=True)
        .distinct()
    )
    return sum(delivery.digest_send(watch_id) for watch_id in sorted(set(ids)))


@shared_task(**_RETRY)  # type: ignore[untyped-decorator]  # celery has no types
def send_confirmation(watch_id: int) -> bool:
    watch = Watch.objects.select_related("treaty", "state").filter(pk=watch_id).first()
    if watch is None or watch.confirmed_at is not None:
        return False
    mail.send_confirmation(watch)
    return True
