"""Watches, the notices derived from the record, and their deliveries.

A :class:`Notice` is one change of the record worth telling (an act recorded, a corrected date,
a status taking effect, a reminder, a statement), made once under a unique ``key``: the same
change found twice is the same notice. A :class:`Delivery` is one notice for one watch, made
once (unique per watch and notice) and sent at least once with its idempotency ``key``.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models


def new_token() -> str:
    """A secret for links (confirm, unsubscribe, feed): 256 bits, URL-safe."""
    return secrets.token_urlsafe(32)


class Channel(models.TextChoices):
    EMAIL = "email", "E-mail"
    WEBHOOK = "webhook", "Webhook"


class NoticeKind(models.TextChoices):
    ACT = "act", "Act recorded"
    CORRECTION = "correction", "Correction of an act's dates"
    EFFECT = "effect", "Status change taking effect"
    REMINDER = "reminder", "Reminder before a date of effect"
    STATEMENT = "statement", "Statement recorded"
    SYNC = "sync", "A sync's changes"


class Watch(models.Model):
    """Someone (an address, or a program behind a webhook) watching a treaty, a state, a
    (treaty, state) pair, or everything (neither set)."""

    channel = models.CharField(max_length=8, choices=Channel.choices)
    treaty = models.ForeignKey(
        "treaties.Treaty", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    state = models.ForeignKey(
        "states.State", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # What to be told of.
    on_acts = models.BooleanField(default=True, help_text="Acts recorded (and corrections)")
    on_effects = models.BooleanField(default=True, help_text="Status changes taking effect")
    on_statements = models.BooleanField(default=False, help_text="Statements recorded")
    on_sync = models.BooleanField(
        default=False,
        help_text="What a sync with the depositary changed or left for an editor's review",
    )
    reminder_days = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Remind this many days before a known date of effect"
    )
    # E-mail.
    email = models.EmailField(blank=True)
    digest = models.BooleanField(default=False, help_text="One e-mail a day with everything")
    # Webhook.
    url = models.URLField(max_length=500, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True
    )
    #: The HMAC key of the webhook's signatures (shown to its owner once, at creation or
    #: rotation).
    secret = models.CharField(max_length=64, blank=True, editable=False)
    #: Grants confirming, unsubscribing and reading the watch's feeds.
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    active = models.BooleanField(default=True)
    disabled_at = models.DateTimeField(null=True, blank=True)
    disabled_reason = models.CharField(max_length=300, blank=True)
    consecutive_failures = models.PositiveIntegerField(default=0)
    #: When its sending was last queued and has not started yet (``alerts.tasks``): a watch
    #: touched by many notices in a row is queued once.
    queued_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(channel="email") & ~models.Q(email=""))
                | (models.Q(channel="webhook") & ~models.Q(url="")),
                name="watch_has_address",
            ),
        ]
        indexes = [
            models.Index(fields=["treaty", "state"], name="watch_target_idx"),
            models.Index(fields=["email"], name="watch_email_idx"),
        ]

    def __str__(self) -> str:
        target = " / ".join(str(x) for x in (self.treaty, self.state) if x) or "everything"
        return f"{self.get_channel_display()} {self.email or self.url} — {target}"

    @property
    def is_live(self) -> bool:
        """Confirmed and neither unsubscribed nor disabled: deliveries are sent."""
        return self.active and self.confirmed_at is not None


class TreatySeen(models.Model):
    """A treaty whose record the alerts have read once: its events as they stood then are the
    baseline, not news."""

    treaty = models.OneToOneField("treaties.Treaty", on_delete=models.CASCADE, primary_key=True)
    seen_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"treaty {self.treaty_id} read at {self.seen_at}"


class EventSeen(models.Model):
    """The facts and derived date of an event as last told (or as found at the baseline)."""

    event = models.OneToOneField("events.Event", on_delete=models.CASCADE, primary_key=True)
    treaty = models.ForeignKey("treaties.Treaty", on_delete=models.CASCADE, related_name="+")
    fingerprint = models.CharField(max_length=200)

    def __str__(self) -> str:
        return f"event {self.event_id}: {self.fingerprint}"


class Notice(models.Model):
    """One change of the record worth telling, made once (``key``)."""

    kind = models.CharField(max_length=12, choices=NoticeKind.choices)
    key = models.CharField(max_length=200, unique=True)
    treaty = models.ForeignKey("treaties.Treaty", on_delete=models.CASCADE, related_name="+")
    state = models.ForeignKey(
        "states.State", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    event = models.ForeignKey(
        "events.Event", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    #: For a reminder: how many days before the date of effect (only watches asking for so
    #: many days get it).
    reminder_days = models.PositiveSmallIntegerField(null=True, blank=True)
    #: The date the notice is about (a date of effect), if any.
    effective_on = models.DateField(null=True, blank=True)
    title = models.CharField(max_length=300)
    text = models.TextField()
    #: The notice as webhooks receive it (the API's field names).
    payload = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["treaty", "state"], name="notice_target_idx")]

    def __str__(self) -> str:
        return self.title


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    #: Waits for the watch's daily digest.
    DIGEST = "digest", "Waiting for the digest"
    SENDING = "sending", "Being sent"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed (gave up)"
    #: Not sent: the watch was unsubscribed or disabled before its turn.
    DROPPED = "dropped", "Not sent (watch stopped)"


class Delivery(models.Model):
    """One notice for one watch; its ``key`` is sent as the Idempotency-Key."""

    watch = models.ForeignKey(Watch, on_delete=models.CASCADE, related_name="deliveries")
    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="deliveries")
    key = models.CharField(max_length=64, unique=True)
    status = models.CharField(
        max_length=8, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["notice_id"]
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(fields=["watch", "notice"], name="delivery_once_per_watch"),
        ]
        indexes = [
            models.Index(fields=["watch", "status", "notice"], name="delivery_queue_idx"),
            models.Index(fields=["status", "next_attempt_at"], name="delivery_due_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.notice} → {self.watch} ({self.status})"
