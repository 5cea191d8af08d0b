"""Celery tasks of the alerts: thin wrappers that take ids (and a day) and call one service.

Every task is idempotent: notices are made once by key, deliveries once per watch and notice,
and a delivery sent is never sent again (``alerts.delivery``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from celery import shared_task
from django.conf import settings
from django.db import OperationalError, connection, transaction
from django.utils import timezone

from . import delivery, mail
from .matching import deliveries_create
from .models import Delivery, DeliveryStatus, Notice, Watch
from .notices import day_notices, statement_notice, treaty_changes_detect
from .sync_notices import sync_notices

_RETRY = {"autoretry_for": (OperationalError,), "retry_backoff": True, "max_retries": 5}


#: Watches per sending task: a sync touching every watch publishes a few hundred messages, not
#: one per watch (publishing is what the matching's time went into: 30,000 messages ~ 180 s).
CHUNK = 50


def _queue(notices: list[Notice]) -> int:
    """Make the notices' deliveries and queue their sending (watches not queued already)."""
    with transaction.atomic():
        watch_ids = deliveries_create(notices)
    queue_watches(watch_ids)
    return len(notices)


def queue_watches(watch_ids: Iterable[int]) -> None:
    """Queue the sending of these watches, in tasks of ``CHUNK``, skipping those already
    queued and not started (a marker older than the lease is taken as lost)."""
    ids = sorted(set(watch_ids))
    if not ids:
        return
    now = timezone.now()
    lost = now - timedelta(seconds=settings.ALERTS_SEND_LEASE_SECONDS)
    table = Watch._meta.db_table
    fresh: list[int] = []
    with connection.cursor() as cursor:
        for start in range(0, len(ids), 1000):
            chunk = ids[start : start + 1000]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(
                f'UPDATE "{table}" SET queued_at = %s WHERE id IN ({marks})'
                " AND (queued_at IS NULL OR queued_at < %s) RETURNING id",
                [now, *chunk, lost],
            )
            fresh.extend(row[0] for row in cursor.fetchall())
    fresh.sort()
    for start in range(0, len(fresh), CHUNK):
        deliver_watches.delay(fresh[start : start + CHUNK])


@shared_task(**_RETRY)  # type: ignore[untyped-decorator]  # celery has no types
def detect_treaty_changes(treaty_id: int) -> int:
    """Tell what a recomputation changed in the treaty's record; return how many notices."""
    return _queue(treaty_changes_detect(treaty_id))


@shared_task(**_RETRY)  # type: ignore[untyped-decorator]  # celery has no types
def notice_statement(statement_id: int) -> int:
    return _queue(statement_notice(statement_id))


@shared_task(**_RETRY)  # type: ignore[untyped-decorator]  # celery has no types
def notice_sync_run(run_id: int) -> int:
    """Tell what a finished sync with the depositary changed, treaty by treaty."""
    return _queue(sync_notices(run_id))


@shared_task(**_RETRY)  # type: ignore[untyped-decorator]  # celery has no types
def daily_alerts(on: str | None = None) -> int:
    """The status changes taking effect on ``on`` (ISO date; today by default) and the
    reminders due that day. Run daily by beat; run again for a missed day, it tells nothing
    twice."""
    day = date.fromisoformat(on) if on else timezone.localdate()
    return _queue(day_notices(day))


@shared_task(**_RETRY)  # type: ignore[untyped-decorator]  # celery has no types
def deliver_watches(watch_ids: list[int]) -> int:
    """Send these watches' due deliveries, each watch's in order. A failure waits for
    ``deliver_due``. The queued marker is cleared first: a delivery made from now on queues
    another run."""
    Watch.objects.filter(pk__in=watch_ids).update(queued_at=None)
    return sum(delivery.watch_deliver(watch_id) for watch_id in watch_ids)


@shared_task(**_RETRY)  # type: ignore[untyped-decorator]  # celery has no types
def deliver_due() -> int:
    """Queue the sending of every watch with a delivery due (retries after their backoff, a
    lost message, a send a dead worker left). Run every minute by beat."""
    ids = delivery.watches_due(timezone.now())
    # Queued whatever the markers say: this is the repair of lost messages.
    Watch.objects.filter(pk__in=ids).update(queued_at=None)
    queue_watches(ids)
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
