"""Webhook deliveries against a real receiver process: signatures, retries with exponential
backoff, disabling after repeated failures, no duplicate on a re-run, no redirect followed,
and no request to a private address."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from alerts.delivery import backoff, watch_deliver, watches_due
from alerts.matching import deliveries_create
from alerts.models import Delivery
from alerts.services import webhook_create, webhook_rotate_secret
from alerts.webhooks import UnsafeWebhook, check_url, sign, verify
from tests.factories import TreatyFactory, make_user

from .conftest import make_notice


@pytest.fixture
def hook(db, receiver):
    treaty = TreatyFactory.create(slug="t", short_name="T")
    watch = webhook_create(owner=make_user("prog"), url=receiver.url("/hook"), treaty=treaty)
    receiver.set_secret(watch.secret)
    return watch


def _queue(hook, n=1):
    notice = make_notice(hook.treaty, n=n)
    assert deliveries_create([notice]) == {hook.pk}
    return Delivery.objects.get(watch=hook, notice=notice)


def test_a_delivery_is_signed_and_carries_its_key(hook, receiver):
    delivery = _queue(hook)
    assert watch_deliver(hook.pk) == 1
    [entry] = receiver.log()
    assert entry["signature_ok"] is True
    assert entry["key"] == delivery.key
    assert entry["body"]["id"] == delivery.key and entry["body"]["version"] == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.response_status) == ("sent", 1, 200)


def test_a_rotated_secret_signs_from_then_on(hook, receiver):
    old = hook.secret
    new = webhook_rotate_secret(hook)
    assert new != old
    receiver.set_secret(old)  # the receiver still has the old secret: the signature fails
    _queue(hook)
    watch_deliver(hook.pk)
    receiver.set_secret(new)
    _queue(hook, n=2)
    watch_deliver(hook.pk)
    assert [e["signature_ok"] for e in receiver.log()] == [False, True]


def test_signature_verification():
    body = b'{"a": 1}'
    header = sign("s3cret", int(timezone.now().timestamp()), body)
    assert verify("s3cret", header, body)
    assert not verify("other", header, body)
    assert not verify("s3cret", header, body + b" ")
    stale = sign("s3cret", int(timezone.now().timestamp()) - 3600, body)
    assert not verify("s3cret", stale, body)


def test_retries_with_exponential_backoff_then_success(hook, receiver, settings):
    settings.ALERTS_RETRY_BASE_SECONDS = 60
    receiver.set_mode("fail 2")
    delivery = _queue(hook)
    later = _queue(hook, n=2)
    start = timezone.now()
    assert watch_deliver(hook.pk, now=start) == 0
    delivery.refresh_from_db()
    assert delivery.status == "pending" and delivery.attempts == 1
    assert delivery.next_attempt_at == start + timedelta(seconds=60)
    # Not due yet: nothing is sent, and the later notice waits behind it (order per watch).
    assert watch_deliver(hook.pk, now=start + timedelta(seconds=59)) == 0
    assert len(receiver.log()) == 1
    assert watches_due(start + timedelta(seconds=59)) == []
    assert watches_due(start + timedelta(seconds=60)) == [hook.pk]
    assert watch_deliver(hook.pk, now=start + timedelta(seconds=60)) == 0
    delivery.refresh_from_db()
    assert delivery.attempts == 2
    assert delivery.next_attempt_at == start + timedelta(seconds=60 + 120)  # doubled
    assert watch_deliver(hook.pk, now=start + timedelta(seconds=180)) == 2
    delivery.refresh_from_db()
    later.refresh_from_db()
    assert (delivery.status, delivery.attempts, later.status) == ("sent", 3, "sent")
    log = receiver.log()
    assert [e["status"] for e in log] == [500, 500, 200, 200]
    assert [e["key"] for e in log] == [delivery.key] * 3 + [later.key]
    assert [e["body"]["n"] for e in log] == [1, 1, 1, 2]
    hook.refresh_from_db()
    assert hook.consecutive_failures == 0 and hook.active


def test_backoff_is_capped(settings):
    settings.ALERTS_RETRY_BASE_SECONDS = 60
    settings.ALERTS_RETRY_MAX_SECONDS = 600
    assert [backoff(n).total_seconds() for n in (1, 2, 3, 4, 5, 6)] == [60, 120, 240, 480, 600, 600]


def test_disabled_after_n_failures_in_a_row(
    hook, receiver, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.ALERTS_DISABLE_AFTER = 3
    settings.ALERTS_MAX_ATTEMPTS = 2
    hook.owner.email = "dev@example.org"
    hook.owner.save()
    receiver.set_mode("fail")
    first, second = _queue(hook), _queue(hook, n=2)
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        for step in range(4):
            watch_deliver(hook.pk, now=now + timedelta(hours=step))
    first.refresh_from_db()
    second.refresh_from_db()
    hook.refresh_from_db()
    assert first.status == "failed" and first.attempts == 2  # gave up after 2 attempts
    assert second.attempts == 1
    assert not hook.active and hook.disabled_at is not None
    assert "3 failed deliveries in a row" in hook.disabled_reason
    assert "HTTP 500" in hook.disabled_reason
    assert len(receiver.log()) == 3  # nothing after the disabling
    second.refresh_from_db()
    assert second.status == "dropped"
    [notice_mail] = mailoutbox
    assert notice_mail.to == ["dev@example.org"] and "disabled" in notice_mail.subject


def test_a_rerun_sends_nothing_twice(hook, receiver):
    _queue(hook)
    assert watch_deliver(hook.pk) == 1
    assert watch_deliver(hook.pk) == 0
    # The same notice matched again makes no second delivery.
    notice = hook.deliveries.get().notice
    assert deliveries_create([notice]) == set()
    assert hook.deliveries.count() == 1
    assert watch_deliver(hook.pk) == 0
    assert len(receiver.log()) == 1


def test_a_worker_killed_mid_delivery_resends_under_the_same_key(hook, receiver, settings):
    """The worker claimed the delivery, the receiver got it, the worker died before writing
    the outcome: after the lease the delivery is sent again with the same Idempotency-Key,
    which the receiver recognises; and never a third time."""
    settings.ALERTS_SEND_LEASE_SECONDS = 120
    delivery = _queue(hook)
    from alerts import delivery as sending

    now = timezone.now()
    claimed = sending._claim(hook.pk, now)  # the worker's claim (committed)
    assert claimed is not None and claimed.pk == delivery.pk
    sending._send(claimed)  # received, then the worker dies: no outcome written
    delivery.refresh_from_db()
    assert delivery.status == "sending"
    assert watch_deliver(hook.pk, now=now + timedelta(seconds=60)) == 0  # lease still held
    assert watches_due(now + timedelta(seconds=121)) == [hook.pk]
    assert watch_deliver(hook.pk, now=now + timedelta(seconds=121)) == 1
    assert watch_deliver(hook.pk, now=now + timedelta(seconds=500)) == 0
    log = receiver.log()
    assert [e["key"] for e in log] == [delivery.key, delivery.key]
    assert [e["duplicate"] for e in log] == [False, True]  # the receiver can drop the repeat
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("sent", 2)


def test_a_redirect_is_not_followed(hook, receiver):
    receiver.set_mode("redirect http://10.0.0.1/internal")
    delivery = _queue(hook)
    assert watch_deliver(hook.pk) == 0
    delivery.refresh_from_db()
    assert delivery.response_status == 302
    assert "Redirect to http://10.0.0.1/internal not followed" in delivery.last_error
    assert len(receiver.log()) == 1


@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0.1/hook",
        "https://10.1.2.3/hook",
        "https://10.255.255.254:8443/hook",
        "https://169.254.169.254/latest/meta-data/",
        "https://[::1]/hook",
        "https://[::ffff:10.0.0.1]/hook",
        "https://192.168.1.1/",
        "https://localhost/hook",  # a name resolving to loopback
        "https://0.0.0.0/",
    ],
)
def test_private_addresses_are_refused(url, settings):
    settings.ALERTS_ALLOW_PRIVATE_WEBHOOKS = False
    with pytest.raises(UnsafeWebhook, match="not public"):
        check_url(url)


def test_plain_http_is_refused(settings):
    settings.ALERTS_ALLOW_PRIVATE_WEBHOOKS = False
    with pytest.raises(UnsafeWebhook, match="https://"):
        check_url("http://example.org/hook")


def test_a_public_address_is_called_by_the_address_checked(settings):
    settings.ALERTS_ALLOW_PRIVATE_WEBHOOKS = False
    target = check_url("https://93.184.215.14:8443/x?y=1")
    assert target.url == "https://93.184.215.14:8443/x?y=1"


def test_an_address_refused_at_delivery(hook, receiver, settings):
    """Allowed when registered; the setting is off by the time of the delivery (or the name
    now resolves elsewhere): checked again, refused, nothing sent."""
    delivery = _queue(hook)
    settings.ALERTS_ALLOW_PRIVATE_WEBHOOKS = False
    assert watch_deliver(hook.pk) == 0
    delivery.refresh_from_db()
    assert "must start with https://" in delivery.last_error
    assert receiver.log() == []
