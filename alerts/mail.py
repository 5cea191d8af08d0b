"""The e-mails: a confirmation (double opt-in), an alert, a digest; plain text and HTML.

Every alert and digest carries a one-click unsubscribe (RFC 8058): ``List-Unsubscribe`` with
the watch's unsubscribe URL and ``List-Unsubscribe-Post: List-Unsubscribe=One-Click``, so a
mail client's "unsubscribe" POSTs to that URL and the watch stops. The Message-ID is derived
from the delivery's key: a resend after a crash is recognisably the same message.
"""

from __future__ import annotations

from collections.abc import Sequence
from email.utils import make_msgid

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.urls import reverse

from .models import Notice, Watch
from .notices import site_url


def unsubscribe_url(watch: Watch) -> str:
    return site_url(reverse("alerts:unsubscribe", kwargs={"token": watch.token}))


def confirm_url(watch: Watch) -> str:
    return site_url(reverse("alerts:confirm", kwargs={"token": watch.token}))


def feed_url(watch: Watch) -> str:
    return site_url(reverse("alerts:feed", kwargs={"token": watch.token}))


def target_words(watch: Watch) -> str:
    """What the watch is of: "the CCM and Lithuania", "the CCM", "everything"."""
    parts = []
    if watch.treaty_id:
        parts.append(f"the {watch.treaty.short_name}")  # type: ignore[union-attr]
    if watch.state_id:
        parts.append(watch.state.short_name)  # type: ignore[union-attr]
    return " and ".join(parts) or "every treaty and state"


def _send(
    watch: Watch,
    subject: str,
    template: str,
    context: dict[str, object],
    *,
    message_key: str | None,
    unsubscribe: bool,
) -> None:
    context = {"watch": watch, "target": target_words(watch), **context}
    headers: dict[str, str] = {}
    if unsubscribe:
        url = unsubscribe_url(watch)
        context["unsubscribe_url"] = url
        context["feed_url"] = feed_url(watch)
        headers["List-Unsubscribe"] = f"<{url}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    if message_key:
        domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip(">") or "localhost"
        headers["Message-ID"] = f"<{message_key}@{domain}>"
    else:
        headers["Message-ID"] = make_msgid()
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"alerts/email/{template}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[watch.email],
        headers=headers,
        connection=get_connection(fail_silently=False),
    )
    message.attach_alternative(
        render_to_string(f"alerts/email/{template}.html", context), "text/html"
    )
    message.send()


def send_confirmation(watch: Watch) -> None:
    _send(
        watch,
        f"Confirm your alerts for {target_words(watch)}",
        "confirm",
        {"confirm_url": confirm_url(watch)},
        message_key=None,
        unsubscribe=False,
    )


def send_alert(watch: Watch, notice: Notice, key: str) -> None:
    _send(
        watch,
        notice.title,
        "alert",
        {"notices": [notice]},
        message_key=key,
        unsubscribe=True,
    )


def send_digest(watch: Watch, notices: Sequence[Notice], key: str) -> None:
    count = len(notices)
    _send(
        watch,
        f"{count} change{'s' if count != 1 else ''} for {target_words(watch)}",
        "alert",
        {"notices": notices, "digest": True},
        message_key=key,
        unsubscribe=True,
    )
