"""Creating, confirming and stopping watches (the pages' sign-up and the API's webhooks)."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from states.models import State
from treaties.models import Treaty

from .models import Channel, Watch
from .webhooks import UnsafeWebhook, check_url


def new_secret() -> str:
    """A webhook's signing secret (shown once)."""
    return "whsec_" + secrets.token_urlsafe(32)


@transaction.atomic
def email_watch_request(
    *,
    email: str,
    treaty: Treaty | None = None,
    state: State | None = None,
    on_acts: bool = True,
    on_effects: bool = True,
    on_statements: bool = False,
    on_sync: bool = False,
    reminder_days: int | None = None,
    digest: bool = False,
) -> Watch | None:
    """An unconfirmed e-mail watch, whose confirmation mail is queued after commit; None when
    the address has asked for too many today (nothing is sent: no mail bomb through us)."""
    email = email.strip().lower()
    since = timezone.now() - timedelta(days=1)
    recent = Watch.objects.filter(
        email=email, channel=Channel.EMAIL, confirmed_at__isnull=True, created_at__gte=since
    ).count()
    if recent >= settings.ALERTS_SIGNUPS_PER_DAY:
        return None
    watch = Watch.objects.create(
        channel=Channel.EMAIL,
        email=email,
        treaty=treaty,
        state=state,
        on_acts=on_acts,
        on_effects=on_effects,
        on_statements=on_statements,
        on_sync=on_sync,
        reminder_days=reminder_days,
        digest=digest,
    )
    from .tasks import send_confirmation

    transaction.on_commit(lambda: send_confirmation.delay(watch.pk))
    return watch


def watch_confirm(watch: Watch) -> None:
    if watch.confirmed_at is None:
        watch.confirmed_at = timezone.now()
        watch.save(update_fields=["confirmed_at"])


def watch_stop(watch: Watch) -> None:
    """Unsubscribe: nothing more is sent (what is queued is dropped)."""
    if watch.active:
        watch.active = False
        watch.save(update_fields=["active"])


def webhook_url_check(url: str) -> None:
    """Refuse a webhook address the alerts would not call, with the reason."""
    try:
        check_url(url)
    except UnsafeWebhook as exc:
        raise ValidationError(str(exc), code="unsafe_url") from exc


def webhook_create(
    *,
    owner: User,
    url: str,
    treaty: Treaty | None = None,
    state: State | None = None,
    on_acts: bool = True,
    on_effects: bool = True,
    on_statements: bool = False,
    on_sync: bool = False,
    reminder_days: int | None = None,
) -> Watch:
    webhook_url_check(url)
    return Watch.objects.create(
        channel=Channel.WEBHOOK,
        url=url,
        owner=owner,
        secret=new_secret(),
        treaty=treaty,
        state=state,
        on_acts=on_acts,
        on_effects=on_effects,
        on_statements=on_statements,
        on_sync=on_sync,
        reminder_days=reminder_days,
        confirmed_at=timezone.now(),
    )


def webhook_rotate_secret(watch: Watch) -> str:
    watch.secret = new_secret()
    watch.save(update_fields=["secret"])
    return watch.secret


def webhook_enable(watch: Watch) -> None:
    """Enable again (after it was disabled): the failure count starts over."""
    watch.active = True
    watch.disabled_at = None
    watch.disabled_reason = ""
    watch.consecutive_failures = 0
    watch.save(update_fields=["active", "disabled_at", "disabled_reason", "consecutive_failures"])
