"""Events are the facts; status periods and memberships are derived from them.

An editor, importer or API client records an :class:`Event` (a deposit, a notification) with
its source. The rule engine computes the effective date of each event and the membership of
each state; the results are written to the event's derived fields, to :class:`StatusPeriod`
(one row per state and status, so that "status on any date" is one indexed query) and to
:class:`Membership` (the intervals during which a state was bound).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

import rules
from rules.basis import BASES
from rules.dates import FIRST_SUPPORTED_DAY, LAST_SUPPORTED_DAY, format_date, is_supported_day

from .querysets import EventQuerySet, MembershipQuerySet, StatusPeriodQuerySet


def validate_supported_day(value: date) -> None:
    """Refuse a day the engine's period arithmetic cannot work from (``rules.dates``)."""
    if not is_supported_day(value):
        raise ValidationError(
            "%(value)s is outside the dates this project covers (%(first)s to %(last)s).",
            code="out_of_range",
            params={
                "value": value.isoformat(),
                "first": format_date(FIRST_SUPPORTED_DAY),
                "last": format_date(LAST_SUPPORTED_DAY),
            },
        )


class EventKind(models.TextChoices):
    """What a state did; the same kinds as the engine's ``rules.ALL_KINDS`` (a test checks)."""

    SIGNATURE = "signature", "Signature"
    RATIFICATION = "ratification", "Ratification"
    ACCEPTANCE = "acceptance", "Acceptance"
    APPROVAL = "approval", "Approval"
    ACCESSION = "accession", "Accession"
    SUCCESSION = "succession", "Succession"
    DEFINITIVE_SIGNATURE = "definitive_signature", "Definitive signature"
    #: The depositary records a consent under a code the importer does not know.
    CONSENT_OF_UNKNOWN_KIND = "consent_of_unknown_kind", "Consent (kind not known)"
    PROVISIONAL_APPLICATION = "provisional_application", "Provisional application"
    WITHDRAWAL = "withdrawal", "Withdrawal (denunciation)"
    WITHDRAWAL_RESCINDED = "withdrawal_rescinded", "Withdrawal rescinded"
    CONSENT_REVOKED = "consent_revoked", "Consent revoked before entry into force"
    RESERVATION = "reservation", "Reservation"
    DECLARATION = "declaration", "Declaration"
    OBJECTION = "objection", "Objection"
    TERRITORIAL_APPLICATION = "territorial_application", "Territorial application"


class EventOrigin(models.TextChoices):
    """Who wrote an event's facts last: the depositary's file (an import or a sync of it), or
    an editor. A sync may correct or remove only what the depositary's file wrote; an act an
    editor entered or changed goes to the review queue instead (``ingest.sync``)."""

    DEPOSITARY = "depositary", "The depositary's file (import or sync)"
    EDITOR = "editor", "An editor (entered or confirmed)"


# The instruments of consent: the engine's set (``EventKind`` members are those strings).
CONSENT_KINDS = rules.CONSENT_KINDS


# The facts of an event, as people enter them (admin form, API, CSV columns, services);
# the derived fields are never among them.
FACT_FIELDS = (
    "treaty",
    "state",
    "kind",
    "date",
    "source_url",
    "notification_ref",
    "note",
    "bracketed",
    "specified_effective_date",
    "published_effective_date",
    "from_note",
)


def steps_text(steps: list[dict[str, Any]] | None) -> str:
    """Stored explanation steps as one line: "deposit 24 Mar 2011 → ... → 1 Sep 2011"."""
    return " → ".join(step.get("text", "") for step in steps or [])


class Status(models.TextChoices):
    """The statuses the engine derives, with the labels people read (``rules.statuses``)."""

    SIGNATORY = rules.SIGNATORY, rules.LABELS[rules.SIGNATORY]
    CONSENTED = rules.CONSENTED, rules.LABELS[rules.CONSENTED]
    CONSENTED_UNKNOWN = rules.CONSENTED_UNKNOWN, rules.LABELS[rules.CONSENTED_UNKNOWN]
    PARTY = rules.PARTY, rules.LABELS[rules.PARTY]
    WITHDRAWAL_PENDING = rules.WITHDRAWAL_PENDING, rules.LABELS[rules.WITHDRAWAL_PENDING]
    WITHDRAWN = rules.WITHDRAWN, rules.LABELS[rules.WITHDRAWN]


class Event(models.Model):
    """A dated act of a state towards a treaty, as received by the depositary."""

    treaty = models.ForeignKey("treaties.Treaty", on_delete=models.PROTECT, related_name="events")
    state = models.ForeignKey("states.State", on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=32, choices=EventKind.choices)
    date = models.DateField(
        help_text="Date of deposit, notification or receipt by the depositary",
        validators=[validate_supported_day],
    )
    source_url = models.URLField(max_length=500, help_text="Where this fact was published")
    notification_ref = models.CharField(
        max_length=80,
        blank=True,
        help_text="Depositary notification, e.g. C.N.347.2024.TREATIES-XXVI-6",
    )
    note = models.TextField(blank=True, help_text="Footnote, in our own words")
    bracketed = models.BooleanField(
        default=False,
        help_text="The depositary prints this instrument in brackets: the state has since "
        "withdrawn (the withdrawal itself should be recorded as its own event)",
    )
    specified_effective_date = models.DateField(
        null=True,
        blank=True,
        validators=[validate_supported_day],
        help_text="A later date specified in a withdrawal notification, or the date from which a "
        "succession takes effect (e.g. the date of independence)",
    )
    published_effective_date = models.DateField(
        null=True,
        blank=True,
        validators=[validate_supported_day],
        help_text="The effective date as published by the depositary, where it published one",
    )
    from_note = models.BooleanField(
        default=False,
        help_text="Read from the depositary's endnote on the state, not from its participants "
        "table (the note field says which note and quotes it)",
    )

    origin = models.CharField(
        max_length=12,
        choices=EventOrigin.choices,
        default=EventOrigin.EDITOR,
        editable=False,
        help_text="Who wrote the facts last: the depositary's file (a sync may correct them) or "
        "an editor (a sync never changes them without review)",
    )

    # Derived by the rule engine; never edited by hand.
    effective_date = models.DateField(null=True, blank=True, editable=False)
    #: What ``effective_date`` rests on (``rules.basis``): computed, inferred, recorded, unknown.
    effective_date_basis = models.CharField(
        max_length=10, blank=True, editable=False, choices=[(b, b) for b in BASES]
    )
    explanation = models.JSONField(default=list, blank=True, editable=False)
    condition = models.TextField(blank=True, editable=False)
    disagrees_with_depositary = models.BooleanField(default=False, editable=False)
    superseded = models.BooleanField(
        default=False, editable=False, help_text="Rescinded or revoked before it took effect"
    )
    computed_at = models.DateTimeField(null=True, blank=True, editable=False)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(
        excluded_fields=[
            "effective_date",
            "effective_date_basis",
            "explanation",
            "condition",
            "disagrees_with_depositary",
            "superseded",
            "computed_at",
            "created_at",
            "updated_at",
        ]
    )

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["treaty", "date", "state", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["treaty", "state", "kind", "date"],
                name="event_unique_per_day",
                violation_error_message="This state already has an event of this kind on this "
                "date for this treaty.",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=EventKind.values),
                name="event_kind_known",
            ),
            models.CheckConstraint(
                condition=~models.Q(source_url=""),
                name="event_has_source",
                violation_error_message="Every event needs the URL of its source.",
            ),
            models.CheckConstraint(
                condition=models.Q(specified_effective_date__isnull=True)
                | models.Q(kind__in=[EventKind.WITHDRAWAL, EventKind.SUCCESSION]),
                name="event_specified_date_only_for_withdrawal_or_succession",
                violation_error_message="Only a withdrawal or a succession can specify its "
                "effective date.",
            ),
        ]
        indexes = [
            # Participants table and engine input: all events of one treaty.
            models.Index(fields=["treaty", "state", "date"], name="event_treaty_state_date_idx"),
            # State pages: a state's events across treaties.
            models.Index(fields=["state", "treaty"], name="event_state_treaty_idx"),
            # Recent events (home page, feeds).
            models.Index(fields=["-date"], name="event_date_desc_idx"),
            # Upcoming effective dates.
            models.Index(fields=["effective_date"], name="event_effective_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.state} — {self.get_kind_display()} — {self.date:%d %b %Y}"

    @property
    def is_computed(self) -> bool:
        return self.computed_at is not None and self.computed_at >= self.updated_at

    @property
    def explanation_text(self) -> str:
        """The computed explanation as one line (empty before computation)."""
        return steps_text(self.explanation)


class StatusPeriod(models.Model):
    """A derived period during which a state had one status towards a treaty.

    Periods of one state never overlap; ``valid_until`` is exclusive and null for "still".
    """

    treaty = models.ForeignKey("treaties.Treaty", on_delete=models.CASCADE, related_name="periods")
    state = models.ForeignKey("states.State", on_delete=models.CASCADE, related_name="periods")
    status = models.CharField(max_length=24, choices=Status.choices)
    valid_from = models.DateField()
    valid_until = models.DateField(null=True, blank=True)

    objects = StatusPeriodQuerySet.as_manager()

    class Meta:
        ordering = ["treaty", "state", "valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_until__gt=models.F("valid_from")),
                name="period_not_empty",
            ),
            models.UniqueConstraint(
                fields=["treaty", "state", "valid_from"], name="period_unique_start"
            ),
        ]
        indexes = [
            # "Status of every participant of treaty T on date D": one range scan per treaty.
            models.Index(
                fields=["treaty", "valid_from", "valid_until"], name="period_treaty_on_idx"
            ),
            # "Position of state S on every treaty on date D".
            models.Index(fields=["state", "valid_from", "valid_until"], name="period_state_on_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.state} {self.status} {self.valid_from} to {self.valid_until or 'now'}"


class Membership(models.Model):
    """A derived interval [start, end) during which a state was bound by a treaty."""

    treaty = models.ForeignKey(
        "treaties.Treaty", on_delete=models.CASCADE, related_name="memberships"
    )
    state = models.ForeignKey("states.State", on_delete=models.CASCADE, related_name="memberships")
    start = models.DateField()
    end = models.DateField(null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["treaty", "state", "start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__isnull=True) | models.Q(end__gt=models.F("start")),
                name="membership_not_empty",
            ),
            models.UniqueConstraint(fields=["treaty", "state", "start"], name="membership_unique"),
        ]
        indexes = [
            # Timeline of the number of parties: all intervals of a treaty by start.
            models.Index(fields=["treaty", "start"], name="membership_treaty_start_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.state} party to {self.treaty} from {self.start} to {self.end or 'now'}"


class ArmedConflict(models.Model):
    """A recorded armed conflict of a state, as a fact with its source.

    Treaties with an armed-conflict clause (CCM, APMBC, TPNW) postpone a withdrawal while the
    withdrawing state is engaged in one at the expiry of the notice period.
    """

    state = models.ForeignKey("states.State", on_delete=models.PROTECT, related_name="conflicts")
    started_on = models.DateField(validators=[validate_supported_day])
    ended_on = models.DateField(null=True, blank=True, validators=[validate_supported_day])
    description = models.CharField(max_length=300)
    source_url = models.URLField(max_length=500)
    history = HistoricalRecords()

    class Meta:
        ordering = ["state", "started_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="conflict_ordered",
                violation_error_message="A conflict cannot end before it started.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.state}: {self.description}"


class StatusChange(models.Model):
    """A change of status that took effect on a day, recorded by the daily task (for feeds)."""

    treaty = models.ForeignKey("treaties.Treaty", on_delete=models.CASCADE)
    state = models.ForeignKey("states.State", on_delete=models.CASCADE)
    status = models.CharField(max_length=24, choices=Status.choices)
    effective_on = models.DateField()
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-effective_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["treaty", "state", "status", "effective_on"], name="status_change_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.state} became {self.status} on {self.effective_on}"


class NotedHistory(models.Model):
    """History of a state towards a treaty that the depositary tells in an endnote but that
    could not be read into dated events (``rules.depositary.endnote_events``): kept as the
    note's words, to be quoted, never guessed at."""

    treaty = models.ForeignKey(
        "treaties.Treaty", on_delete=models.CASCADE, related_name="noted_history"
    )
    state = models.ForeignKey(
        "states.State", on_delete=models.CASCADE, related_name="noted_history"
    )
    #: The note's number (its marker in the source text).
    note = models.CharField(max_length=16)
    text = models.TextField(help_text="The note's words, as the depositary published them")
    source_url = models.URLField(max_length=500)

    class Meta:
        ordering = ["treaty", "state", "note"]
        constraints = [
            models.UniqueConstraint(
                fields=["treaty", "state", "note"], name="noted_history_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.state} — {self.treaty} — note {self.note}"
