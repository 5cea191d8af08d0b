"""Sending deliveries: in order per watch, at least once, each attempt under the same key.

A delivery is *claimed* in a short transaction (the watch's row locked): status ``sending``,
one more attempt, the time of the claim. The sending happens outside any transaction, then
the outcome is written. Only one delivery of a watch is being sent at a time, oldest notice
first, and a delivery waiting for its retry holds back the later ones: a watch gets its
notices in order.

A worker killed while sending leaves the delivery ``sending``; once the claim is older than
``ALERTS_SEND_LEASE_SECONDS`` (longer than any send can take) the next run sends it again,
with the same Idempotency-Key (webhooks) and Message-ID (e-mail), so a receiver can tell the
repeat. A delivery that was sent is never sent again.

Failures: each failed attempt is retried after ``ALERTS_RETRY_BASE_SECONDS`` * 2^(attempt-1)
(at most ``ALERTS_RETRY_MAX_SECONDS``), up to ``ALERTS_MAX_ATTEMPTS`` attempts, then the
delivery is ``failed``. ``ALERTS_DISABLE_AFTER`` failed attempts in a row (any delivery of the
watch) disable the watch, with the reason on it (API, admin) and, for a webhook whose owner
has an e-mail address, a message to the owner.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from . import mail, webhooks
from .models import Channel, Delivery, DeliveryStatus, Watch

logger = logging.getLogger(__name__)


def backoff(attempts: int) -> timedelta:
    """The wait before the next attempt after ``attempts`` failed ones."""
    seconds = settings.ALERTS_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, settings.ALERTS_RETRY_MAX_SECONDS))


def _over_rate(watch: Watch, now: datetime) -> bool:
    """An address has had ``ALERTS_EMAIL_PER_HOUR`` messages in the last hour (a digest, which
    sends its deliveries together, counts once)."""
    sent = Delivery.objects.filter(
        watch__email=watch.email,
        watch__channel=Channel.EMAIL,
        status=DeliveryStatus.SENT,
        sent_at__gte=now - timedelta(hours=1),
    )
    single = sent.filter(watch__digest=False).count()
    digests = sent.filter(watch__digest=True).values("watch_id", "sent_at").distinct().count()
    return single + digests >= settings.ALERTS_EMAIL_PER_HOUR


@transaction.atomic
def _claim(watch_id: int, now: datetime) -> Delivery | None:
    watch = Watch.objects.select_for_update().filter(pk=watch_id).first()
    if watch is None:
        return None
    queue = Delivery.objects.filter(
        watch=watch, status__in=[DeliveryStatus.PENDING, DeliveryStatus.SENDING]
    )
    if not watch.is_live:
        queue.filter(status=DeliveryStatus.PENDING).update(status=DeliveryStatus.DROPPED)
        return None
    lease = now - timedelta(seconds=settings.ALERTS_SEND_LEASE_SECONDS)
    if queue.filter(status=DeliveryStatus.SENDING, claimed_at__gt=lease).exists():
        return None  # being sent by another run
    delivery = queue.select_related("notice__treaty", "notice__state").order_by("notice_id").first()
    if delivery is None:
        return None
    if delivery.next_attempt_at and delivery.next_attempt_at > now:
        return None  # waiting for its retry; later notices wait behind it
    if watch.channel == Channel.EMAIL and _over_rate(watch, now):
        delivery.next_attempt_at = now + timedelta(minutes=10)
        delivery.save(update_fields=["next_attempt_at"])
        return None
    delivery.status = DeliveryStatus.SENDING
    delivery.attempts += 1
    delivery.claimed_at = now
    delivery.save(update_fields=["status", "attempts", "claimed_at"])
    delivery.watch = watch
    return delivery


def webhook_body(delivery: Delivery) -> bytes:
    """The JSON body of a delivery: the notice's payload with the delivery's id."""
    payload = {**delivery.notice.payload, "id": delivery.key}
    payload["created_at"] = delivery.notice.created_at.isoformat()
    return json.dumps(payload, sort_keys=True).encode()


def _send(delivery: Delivery) -> webhooks.Outcome:
    watch = delivery.watch
    if watch.channel == Channel.WEBHOOK:
        return webhooks.post(
            watch.url,
            secret=watch.secret,
            body=webhook_body(delivery),
            key=delivery.key,
            event=delivery.notice.kind,
        )
    try:
        mail.send_alert(watch, delivery.notice, delivery.key)
    except (OSError, ValueError) as exc:  # SMTP refusals and errors, timeouts, bad headers
        return webhooks.Outcome(False, None, f"{type(exc).__name__}: {exc}"[:500])
    return webhooks.Outcome(True, None, "")


@transaction.atomic
def _record(deliveries: list[Delivery], outcome: webhooks.Outcome, now: datetime) -> None:
    watch = Watch.objects.select_for_update().get(pk=deliveries[0].watch_id)
    for delivery in deliveries:
        delivery.response_status = outcome.status
        delivery.last_error = outcome.error[:500]
        if outcome.ok:
            delivery.status = DeliveryStatus.SENT
            delivery.sent_at = now
            delivery.next_attempt_at = None
        elif delivery.attempts >= settings.ALERTS_MAX_ATTEMPTS:
            delivery.status = DeliveryStatus.FAILED
            delivery.next_attempt_at = None
        else:
            delivery.status = (
                DeliveryStatus.DIGEST
                if watch.digest and watch.channel == Channel.EMAIL
                else DeliveryStatus.PENDING
            )
            delivery.next_attempt_at = now + backoff(delivery.attempts)
        delivery.save(
            update_fields=["status", "sent_at", "next_attempt_at", "response_status", "last_error"]
        )
    if outcome.ok:
        if watch.consecutive_failures:
            watch.consecutive_failures = 0
            watch.save(update_fields=["consecutive_failures"])
        return
    watch.consecutive_failures += 1
    logger.warning(
        "Alert delivery to watch %s failed (attempt %s): %s",
        watch.pk,
        deliveries[0].attempts,
        outcome.error,
    )
    if watch.active and watch.consecutive_failures >= settings.ALERTS_DISABLE_AFTER:
        watch.active = False
        watch.disabled_at = now
        watch.disabled_reason = (
            f"Disabled after {watch.consecutive_failures} failed deliveries in a row; "
            f"the last: {outcome.error}"
        )[:300]
        transaction.on_commit(lambda: _tell_owner(watch))
    watch.save(update_fields=["consecutive_failures", "active", "disabled_at", "disabled_reason"])


def _tell_owner(watch: Watch) -> None:
    logger.warning("Watch %s disabled: %s", watch.pk, watch.disabled_reason)
    owner = watch.owner
    if watch.channel != Channel.WEBHOOK or owner is None or not owner.email:
        return
    try:
        send_mail(
            "Your Treaty Tracker webhook was disabled",
            f"The webhook {watch.url} (id {watch.pk}) was disabled: {watch.disabled_reason}\n"
            "Its delivery log is at /api/v1/webhooks/{id}/deliveries/; "
            're-enable it with PATCH /api/v1/webhooks/{id}/ and {"active": true}.'.replace(
                "{id}", str(watch.pk)
            ),
            settings.DEFAULT_FROM_EMAIL,
            [owner.email],
        )
    except (OSError, ValueError):  # the SMTP server's refusal or absence, a bad header
        logger.warning("Could not tell the owner of watch %s", watch.pk, exc_info=True)


def watch_deliver(watch_id: int, *, now: datetime | None = None, limit: int = 100) -> int:
    """Send the watch's due deliveries in order, until one fails or must wait; return how many
    were sent."""
    sent = 0
    for _ in range(limit):
        moment = now or timezone.now()
        delivery = _claim(watch_id, moment)
        if delivery is None:
            break
        outcome = _send(delivery)
        _record([delivery], outcome, now or timezone.now())
        if not outcome.ok:
            break
        sent += 1
    return sent


def digest_send(watch_id: int, *, now: datetime | None = None) -> int:
    """Send the watch's waiting notices as one e-mail; return how many it held."""
    moment = now or timezone.now()
    with transaction.atomic():
        watch = Watch.objects.select_for_update().filter(pk=watch_id).first()
        if watch is None:
            return 0
        waiting = Delivery.objects.filter(watch=watch, status=DeliveryStatus.DIGEST)
        if not watch.is_live:
            waiting.update(status=DeliveryStatus.DROPPED)
            return 0
        deliveries = list(
            waiting.select_related("notice__treaty", "notice__state").order_by("notice_id")
        )
        if not deliveries:
            return 0
        for d in deliveries:
            d.status = DeliveryStatus.SENDING
            d.attempts += 1
            d.claimed_at = moment
        Delivery.objects.bulk_update(deliveries, ["status", "attempts", "claimed_at"])
    for d in deliveries:
        d.watch = watch
    try:
        mail.send_digest(watch, [d.notice for d in deliveries], deliveries[0].key + "-digest")
        outcome = webhooks.Outcome(True, None, "")
    except (OSError, ValueError) as exc:  # as a single alert's send, above
        outcome = webhooks.Outcome(False, None, f"{type(exc).__name__}: {exc}"[:500])
    _record(deliveries, outcome, now or timezone.now())
    return len(deliveries) if outcome.ok else 0


def watches_due(now: datetime) -> list[int]:
    """Watches with a delivery to send now: pending and due, or claimed by a run that died."""
    lease = now - timedelta(seconds=settings.ALERTS_SEND_LEASE_SECONDS)
    due = Delivery.objects.filter(
        status=DeliveryStatus.PENDING, next_attempt_at__lte=now
    ) | Delivery.objects.filter(status=DeliveryStatus.PENDING, next_attempt_at__isnull=True)
    # A delivery waiting for its retry holds back the watch's later ones.
    waiting = Delivery.objects.filter(status=DeliveryStatus.PENDING, next_attempt_at__gt=now)
    stuck = Delivery.objects.filter(status=DeliveryStatus.SENDING, claimed_at__lte=lease)
    ids = set(due.values_list("watch_id", flat=True)) - set(
        waiting.values_list("watch_id", flat=True)
    )
    return sorted(ids | set(stuck.values_list("watch_id", flat=True)))
