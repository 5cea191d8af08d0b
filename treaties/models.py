"""Treaties and their rules.

The rules are structured data (see ``rules.document.vocabulary``) that the pure-Python rule
engine reads; everything the engine derives from them is stored so that reads stay cheap.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from rules import Rules, RulesError
from rules.basis import BASES, RULES_SOURCES

from .catalogue import ABBREVIATIONS
from .querysets import TreatyQuerySet


class RulesReview(models.TextChoices):
    """An editor's decision on inferred rules (``Treaty.rules_review``)."""

    NONE = "", "nothing to review"
    PENDING = "pending", "inferred rules awaiting an editor"
    CONFIRMED = "confirmed", "confirmed by an editor"
    REJECTED = "rejected", "rejected by an editor"


def validate_rules(value: object) -> None:
    """Refuse rules the engine cannot read, with the engine's own messages."""
    if not isinstance(value, dict):
        raise ValidationError("The rules must be a JSON object.")
    try:
        Rules.from_dict(value)
    except RulesError as exc:
        raise ValidationError(list(exc.messages)) from exc


class Treaty(models.Model):
    slug = models.SlugField(max_length=80, unique=True)
    short_name = models.CharField(max_length=120)
    title = models.CharField(max_length=500)
    adopted_on = models.DateField(null=True, blank=True, help_text="Date of adoption/conclusion")
    adopted_at = models.CharField(max_length=200, blank=True, help_text="Place of adoption")
    depositary = models.CharField(max_length=300, blank=True)
    un_reference = models.CharField(
        max_length=40, null=True, blank=True, unique=True, help_text="MTDSG number, e.g. XXVI-6"
    )
    source_url = models.URLField(max_length=500, blank=True)
    entry_into_force_text = models.TextField(
        blank=True, help_text="The depositary's own wording of the entry into force, as imported"
    )
    rules = models.JSONField(default=dict, blank=True, validators=[validate_rules])
    rules_source = models.CharField(
        max_length=12,
        blank=True,
        choices=[(k, v) for k, v in RULES_SOURCES.items()],
        help_text="Where the rules come from; inferred rules are shown as not confirmed",
    )
    rules_evidence = models.JSONField(
        default=dict,
        blank=True,
        help_text="What the rules were read or inferred from (the quoted article, the fits and "
        "the deposits used), or why there are none",
    )
    rules_review = models.CharField(
        max_length=10,
        blank=True,
        choices=RulesReview.choices,
        help_text="An editor's decision on inferred rules; a rejection is kept across re-imports",
    )
    status_as_at = models.DateField(
        null=True,
        blank=True,
        help_text="The record's date: the date of the depositary status the facts were taken "
        "from (see the record's basis). Nothing after it is in this database: a later date is "
        "answered with the status on this one. Empty: an editor keeps the treaty current",
    )
    record_basis = models.CharField(
        max_length=12,
        blank=True,
        choices=[
            ("", "not stated"),
            ("as_of", "the status date given at import (--as-of)"),
            ("depositary", "the status date the depositary's record states"),
            ("latest_act", "the latest act the file records (the record is at least that recent)"),
            ("editor", "set by an editor"),
        ],
        help_text="Where the record's date (status_as_at) comes from",
    )
    record_read_at = models.DateTimeField(
        null=True, blank=True, help_text="When the depositary's record was read (the import)"
    )
    has_participant_data = models.BooleanField(
        default=True,
        help_text="The record has a participants table. Without one, nothing is known of who "
        "acted: counts are unknown (not 0), only the depositary's own header counts are shown",
    )
    recorded_entry_into_force = models.DateField(
        null=True,
        blank=True,
        help_text="The treaty's entry into force as the depositary records it (a fact)",
    )
    recorded_entry_into_force_article = models.CharField(
        max_length=300,
        blank=True,
        help_text='What the depositary cites for it, e.g. "article 36(1)"',
    )
    recorded_not_in_force_on = models.DateField(
        null=True,
        blank=True,
        help_text="The depositary's status says 'Not yet in force' on this day (the status date "
        "of the import, else the latest act in its file): a fact up to that day, nothing after",
    )
    recorded_entry_into_force_provisional = models.BooleanField(
        default=False,
        help_text="The depositary records a provisional entry into force only",
    )
    depositary_signatories = models.PositiveIntegerField(
        null=True, blank=True, help_text="Signatories in the depositary's header (as at its date)"
    )
    depositary_parties = models.PositiveIntegerField(
        null=True, blank=True, help_text="Parties in the depositary's header (as at its date)"
    )
    league_instruments = models.PositiveIntegerField(
        default=0,
        help_text="Ratifications and accessions the League of Nations received, which the "
        "depositary lists apart from the participants table (not imported as events): a state "
        "without a row may be bound by one",
    )
    league_list = models.JSONField(
        default=list,
        blank=True,
        help_text="That list as the file gives it, the instruments whose dates can be read: "
        '[{"who": "Belgium", "kind": "ratification", "date": "1937-11-27"}, ...] (names as '
        "the League wrote them; which state is bound by them today is not stated)",
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="protocols",
        help_text="The convention a protocol or amendment belongs to",
    )

    # Derived by the rule engine; never edited by hand.
    entry_into_force_date = models.DateField(null=True, blank=True, editable=False)
    entry_into_force_basis = models.CharField(
        max_length=10, blank=True, editable=False, choices=[(b, b) for b in BASES]
    )
    entry_into_force_explanation = models.JSONField(default=list, blank=True, editable=False)
    data_changed_at = models.DateTimeField(auto_now_add=True, editable=False)
    derived_at = models.DateTimeField(null=True, blank=True, editable=False)
    derived_error = models.TextField(blank=True, editable=False)
    #: The latest act recorded for the treaty (written by the recomputation): acts an editor
    #: records after the record's date extend what is known up to it.
    latest_act_on = models.DateField(null=True, blank=True, editable=False)

    history = HistoricalRecords(
        excluded_fields=[
            "entry_into_force_date",
            "entry_into_force_basis",
            "entry_into_force_explanation",
            "data_changed_at",
            "derived_at",
            "derived_error",
            "latest_act_on",
        ]
    )

    objects = TreatyQuerySet.as_manager()

    class Meta:
        ordering = ["short_name"]
        verbose_name_plural = "treaties"
        permissions = [
            # Rules decide every date published for the treaty: changing them is a separate
            # right from editing its key facts (no group has it by default).
            ("change_treaty_rules", "Can change the rules of treaty"),
        ]
        constraints = [
            models.CheckConstraint(condition=~models.Q(short_name=""), name="treaty_short_name"),
            models.CheckConstraint(condition=~models.Q(title=""), name="treaty_title"),
        ]
        indexes = [
            # The reconcile task looks for treaties whose derived data is older than their facts.
            models.Index(fields=["derived_at", "data_changed_at"], name="treaty_staleness_idx"),
            # The data version (serving/version.py) reads MAX(data_changed_at) on every request.
            models.Index(fields=["data_changed_at"], name="treaty_data_changed_idx"),
        ]

    def __str__(self) -> str:
        return self.short_name

    @property
    def abbreviation(self) -> str:
        """The abbreviation in common use ("CRC", "VCLT"; ``treaties.catalogue``), or ""."""
        return ABBREVIATIONS.get(self.un_reference or "", "")

    @property
    def name(self) -> str:
        """The treaty's name in headings: its own short name where it has one ("CCM", "Paris
        Agreement"), else the abbreviation in common use, else its whole title (an imported
        treaty's short name is its title cut short)."""
        cut = self.short_name.endswith("…") or self.short_name == self.title
        if not cut:
            return self.short_name
        return self.abbreviation or self.title

    @property
    def name_detail(self) -> str:
        """The whole title beside :attr:`name` where the name is not already that title."""
        return "" if self.name == self.title else self.title

    @property
    def participants_incomplete(self) -> bool:
        """The participants table on record is not the depositary's whole record, so whole
        counts are unknown: there is no table (``has_participant_data``), or the League of
        Nations' instruments are listed apart and not imported (``league_instruments``)."""
        return bool(self.league_instruments) or not self.has_participant_data

    @property
    def is_stale(self) -> bool:
        """True while the derived dates lag behind the latest change of events or rules."""
        return self.derived_at is None or self.derived_at < self.data_changed_at
