"""E-mail alerts through a real SMTP server process: double opt-in from the pages, one-click
unsubscribe (RFC 8058), the digest, refused addresses, the rate per address."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from alerts.delivery import digest_send, watch_deliver
from alerts.matching import deliveries_create
from alerts.models import Channel, Delivery, Watch
from alerts.tasks import send_digests
from tests.factories import StateFactory, TreatyFactory

from .conftest import body_text, make_notice


@pytest.fixture
def treaty(db):
    return TreatyFactory(slug="ccm", short_name="CCM")


def _signup(client, django_capture_on_commit_callbacks, **data):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("alerts:subscribe"), data)


def test_treaty_and_state_pages_have_the_signup_form(client, treaty):
    state = StateFactory(code="LTU", short_name="Lithuania")
    page = client.get(reverse("web:treaty", kwargs={"slug": "ccm"})).content.decode()
    assert 'action="/alerts/subscribe/"' in page and 'name="treaty" value="ccm"' in page
    page = client.get(reverse("web:state", kwargs={"code": state.code})).content.decode()
    assert 'name="state" value="LTU"' in page


def test_double_opt_in(client, treaty, smtp, django_capture_on_commit_callbacks):
    response = _signup(
        client, django_capture_on_commit_callbacks, email="Ana@Example.org", treaty="ccm",
        on_acts="on", reminder_days="30",
    )  # fmt: skip
    assert response.status_code == 200
    assert b"confirmation link is on its way" in response.content
    watch = Watch.objects.get()
    assert (watch.email, watch.treaty, watch.confirmed_at, watch.reminder_days) == (
        "ana@example.org", treaty, None, 30,
    )  # fmt: skip
    assert (watch.on_acts, watch.on_effects) == (True, False)
    [confirmation] = smtp.messages()
    assert str(confirmation["To"]) == "ana@example.org"
    # Nothing is sent before the address confirms.
    deliveries_create([make_notice(treaty)])
    assert not Delivery.objects.exists()
    link = re.search(r"http://localhost:8000(/alerts/\S+/confirm/)", body_text(confirmation))
    assert link is not None
    # Following the link (as a mail scanner would) confirms nothing; the button does.
    assert client.get(link.group(1)).status_code == 200
    watch.refresh_from_db()
    assert watch.confirmed_at is None
    assert client.post(link.group(1)).status_code == 200
    watch.refresh_from_db()
    assert watch.confirmed_at is not None
    deliveries_create([make_notice(treaty, n=2)])
    assert watch_deliver(watch.pk) == 1
    assert len(smtp.messages()) == 2


def test_a_bad_signup_is_a_clear_400(client, treaty):
    response = client.post(reverse("alerts:subscribe"), {"email": "nope", "treaty": "ccm"})
    assert response.status_code == 400
    assert b"Enter a valid email address" in response.content
    response = client.post(reverse("alerts:subscribe"), {"email": "a@example.org"})
    assert response.status_code == 400 and b"Choose a treaty or a state" in response.content
    response = client.post(
        reverse("alerts:subscribe"), {"email": "a@example.org", "treaty": "no-such"}
    )
    assert response.status_code == 400 and b"No such treaty" in response.content
    assert not Watch.objects.exists()


def test_signups_per_address_are_limited(
    client, treaty, settings, django_capture_on_commit_callbacks, mailoutbox
):
    settings.ALERTS_SIGNUPS_PER_DAY = 2
    for _ in range(4):
        response = _signup(
            client, django_capture_on_commit_callbacks, email="x@example.org", treaty="ccm",
            on_acts="on",
        )  # fmt: skip
        assert response.status_code == 200  # the same answer: it says nothing of the address
    assert Watch.objects.count() == 2
    assert len(mailoutbox) == 2


def _confirmed(treaty, **extra):
    return Watch.objects.create(
        channel=Channel.EMAIL, email="reader@example.org", treaty=treaty,
        confirmed_at=timezone.now(), **extra,
    )  # fmt: skip


def test_one_click_unsubscribe(client, treaty, smtp):
    watch = _confirmed(treaty)
    deliveries_create([make_notice(treaty)])
    watch_deliver(watch.pk)
    [message] = smtp.messages()
    url = str(message["List-Unsubscribe"]).strip()[1:-1]
    assert str(message["List-Unsubscribe-Post"]) == "List-Unsubscribe=One-Click"
    assert url in body_text(message)
    # What a mail client does (RFC 8058): a POST with that body, no cookie, no CSRF token.
    csrf_client = client.__class__(enforce_csrf_checks=True)
    response = csrf_client.post(
        url.removeprefix("http://localhost:8000"), {"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 200
    watch.refresh_from_db()
    assert not watch.active
    # Queued and later notices are not sent.
    deliveries_create([make_notice(treaty, n=2)])
    assert watch_deliver(watch.pk) == 0
    assert len(smtp.messages()) == 1


def test_unknown_token_is_a_404(client, db):
    assert client.post("/alerts/not-a-token/unsubscribe/").status_code == 404
    assert client.get("/alerts/not-a-token/feed.atom").status_code == 404


def test_the_digest_sends_one_mail_a_day(treaty, smtp):
    watch = _confirmed(treaty, digest=True)
    deliveries_create([make_notice(treaty, n=n) for n in (1, 2, 3)])
    assert watch_deliver(watch.pk) == 0  # nothing one by one
    assert smtp.messages() == []
    assert send_digests() == 3
    [message] = smtp.messages()
    assert str(message["Subject"]) == "3 changes for the CCM"
    text = body_text(message)
    assert text.index("Notice 1") < text.index("Notice 2") < text.index("Notice 3")
    assert str(message["List-Unsubscribe-Post"]) == "List-Unsubscribe=One-Click"
    assert send_digests() == 0  # nothing twice
    assert len(smtp.messages()) == 1
    assert set(watch.deliveries.values_list("status", flat=True)) == {"sent"}


def test_a_refused_address_stops_after_repeated_failures(treaty, smtp, settings):
    settings.ALERTS_DISABLE_AFTER = 2
    watch = _confirmed(treaty)
    watch.email = "bounce@example.org"
    watch.save()
    deliveries_create([make_notice(treaty)])
    now = timezone.now()
    watch_deliver(watch.pk, now=now)
    delivery = watch.deliveries.get()
    assert "SMTPRecipientsRefused" in delivery.last_error
    watch_deliver(watch.pk, now=now + timedelta(days=1))
    watch.refresh_from_db()
    assert not watch.active and "2 failed deliveries in a row" in watch.disabled_reason
    assert smtp.messages() == []


def test_the_rate_per_address(treaty, smtp, settings):
    settings.ALERTS_EMAIL_PER_HOUR = 2
    watch = _confirmed(treaty)
    deliveries_create([make_notice(treaty, n=n) for n in (1, 2, 3)])
    now = timezone.now()
    assert watch_deliver(watch.pk, now=now) == 2
    third = watch.deliveries.order_by("notice_id").last()
    assert third.status == "pending" and third.next_attempt_at == now + timedelta(minutes=10)
    assert third.attempts == 0  # waiting is not failing
    assert watch_deliver(watch.pk, now=now + timedelta(hours=1, minutes=1)) == 1
    assert len(smtp.messages()) == 3


def test_digest_send_of_nothing(treaty):
    assert digest_send(_confirmed(treaty, digest=True).pk) == 0
