"""A statement is what a state said about a treaty, quoted from the depositary's record.

Reservations, declarations (interpretative or under an article), objections to another
state's statement, territorial applications and exclusions, notifications, and the later
withdrawals or modifications of any of them. The text is verbatim from the depositary and
every statement names where it was published (``source_url`` and ``source_section``).

A statement is in effect on a day when it was made on or before it (or its date is unknown)
and it was not withdrawn by then (``StatementQuerySet.in_effect_on``).
"""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from events.models import validate_supported_day

from .querysets import StatementQuerySet

__all__ = ["Statement", "StatementKind"]


class StatementKind(models.TextChoices):
    """What kind of statement the depositary's record says it is."""

    RESERVATION = "reservation", "Reservation"
    DECLARATION = "declaration", "Declaration"
    INTERPRETATIVE_DECLARATION = "interpretative_declaration", "Interpretative declaration"
    #: The depositary heads the section "Declarations and Reservations" and the entry does not
    #: say which it is (or is titled both): we do not guess.
    DECLARATION_OR_RESERVATION = (
        "declaration_or_reservation",
        "Declaration(s) or reservation(s): the record does not say which",
    )
    OBJECTION = "objection", "Objection"
    DECLARATION_UNDER_ARTICLE = "declaration_under_article", "Declaration under an article"
    TERRITORIAL_APPLICATION = "territorial_application", "Territorial application"
    TERRITORIAL_EXCLUSION = "territorial_exclusion", "Territorial exclusion"
    NOTIFICATION = "notification", "Notification"
    WITHDRAWAL = "withdrawal", "Withdrawal"
    MODIFICATION = "modification", "Modification"


#: Kinds that act on an earlier statement (``withdraws`` may point at it).
ACTING_ON_KINDS = (StatementKind.WITHDRAWAL, StatementKind.MODIFICATION)


class Statement(models.Model):
    """One statement of one state on one treaty, as the depositary published it."""

    state = models.ForeignKey("states.State", on_delete=models.PROTECT, related_name="statements")
    treaty = models.ForeignKey(
        "treaties.Treaty", on_delete=models.PROTECT, related_name="statements"
    )
    kind = models.CharField(max_length=32, choices=StatementKind.choices)
    made_on = models.DateField(
        null=True,
        blank=True,
        validators=[validate_supported_day],
        help_text="Date made or received by the depositary; empty if the record gives none",
    )
    made_upon = models.CharField(
        max_length=200,
        blank=True,
        help_text='When it was made, as the record says (e.g. "upon ratification")',
    )
    upon_event = models.ForeignKey(
        "events.Event",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="statements",
        help_text="The instrument of consent (or signature) it was made upon",
    )
    text = models.TextField(blank=True, help_text="Verbatim from the depositary's record")
    articles = models.CharField(
        max_length=300, blank=True, help_text="The articles it concerns, where stated"
    )
    objects_to = models.ForeignKey(
        "states.State",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="objections_received",
        help_text="For an objection: the state whose statement it objects to",
    )
    withdraws = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="withdrawals",
        help_text="For a withdrawal or modification: the statement it acts on",
    )
    withdrawn_on = models.DateField(
        null=True,
        blank=True,
        validators=[validate_supported_day],
        help_text="The date the whole statement was withdrawn (a partial withdrawal leaves it "
        "empty and is its own statement)",
    )
    source_url = models.URLField(max_length=500, help_text="Where the text was published")
    source_section = models.CharField(
        max_length=200,
        help_text='File and section it was read from, e.g. "III-2.en.xml Objections #1"',
    )
    notification = models.CharField(
        max_length=80, blank=True, help_text="Depositary notification (C.N. number), where given"
    )
    note = models.TextField(
        blank=True, help_text="The depositary's endnotes the entry cites, verbatim"
    )
    needs_review = models.CharField(
        max_length=300,
        blank=True,
        help_text="Why the importer could not read all of it (e.g. a withdrawal without a date)",
    )

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    objects = StatementQuerySet.as_manager()

    class Meta:
        ordering = ["treaty", "state", "made_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=StatementKind.values),
                name="statement_kind_known",
            ),
            # First principle: every fact carries its source.
            models.CheckConstraint(
                condition=~models.Q(source_url="") & ~models.Q(source_section=""),
                name="statement_has_source",
                violation_error_message="Every statement needs its source and section.",
            ),
            # Only an objection objects to a state.
            models.CheckConstraint(
                condition=models.Q(objects_to__isnull=True) | models.Q(kind="objection"),
                name="statement_objects_to_only_objection",
                violation_error_message="Only an objection can name the state it objects to.",
            ),
            # Only a withdrawal or modification acts on another statement.
            models.CheckConstraint(
                condition=models.Q(withdraws__isnull=True)
                | models.Q(kind__in=[k.value for k in ACTING_ON_KINDS]),
                name="statement_withdraws_only_withdrawal",
                violation_error_message="Only a withdrawal or a modification acts on another "
                "statement.",
            ),
            # Withdrawn before it was made is a typing mistake.
            models.CheckConstraint(
                condition=models.Q(withdrawn_on__isnull=True)
                | models.Q(made_on__isnull=True)
                | models.Q(withdrawn_on__gte=models.F("made_on")),
                name="statement_withdrawn_after_made",
                violation_error_message="A statement cannot be withdrawn before it was made.",
            ),
            # An import run twice must not record the same entry twice.
            models.UniqueConstraint(
                fields=["treaty", "state", "source_section"],
                name="statement_unique_per_section_entry",
                violation_error_message="This state already has a statement from this section "
                "entry for this treaty.",
            ),
        ]
        indexes = [
            # The treaty's statements (its page and API), filtered by kind.
            models.Index(fields=["treaty", "kind", "made_on"], name="statement_treaty_kind_idx"),
            # A state's statements across treaties (its page and API).
            models.Index(fields=["state", "treaty"], name="statement_state_treaty_idx"),
            # Objections a state received (``objects_to`` filter).
            models.Index(fields=["objects_to", "treaty"], name="statement_objects_to_idx"),
        ]

    def __str__(self) -> str:
        when = f" — {self.made_on:%d %b %Y}" if self.made_on else ""
        return f"{self.state} — {self.get_kind_display()}{when}"
