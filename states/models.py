"""Participants in treaties: sovereign states, organisations, territories, historical states."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models.functions import Upper
from simple_history.models import HistoricalRecords

from .names import normalize_name
from .querysets import StateQuerySet

__all__ = ["State", "StateAlias", "normalize_name"]


class State(models.Model):
    """Anything that can be bound by a treaty.

    ``code`` is the ISO 3166-1 alpha-3 code for current states, the ISO 3166-3 alpha-3 code
    for historical ones (SUN for the USSR), and a documented project code for participants ISO
    does not cover (EUU for the European Union, X-prefixed codes for other organisations; ISO
    reserves X.. for user assignment).
    """

    class Kind(models.TextChoices):
        STATE = "state", "Sovereign state"
        ORGANISATION = "organisation", "International organisation"
        TERRITORY = "territory", "Territory"
        HISTORICAL = "historical", "Historical state"

    code = models.CharField(max_length=8, unique=True, help_text="ISO 3166 alpha-3 or project code")
    alpha2 = models.CharField(max_length=2, blank=True)
    numeric = models.CharField(max_length=3, blank=True, help_text="ISO 3166-1 numeric / UN M49")
    short_name = models.CharField(max_length=200)
    official_name = models.CharField(max_length=300, blank=True)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.STATE)
    exists_from = models.DateField(null=True, blank=True)
    exists_until = models.DateField(null=True, blank=True)
    #: The date from which the state's notifications of succession bind it (VCSST arts. 23
    #: and 34: the date of succession), with its source; empty when it cannot be sourced, and
    #: then the state's successions have an unknown date of effect.
    succession_date = models.DateField(
        null=True,
        blank=True,
        help_text="Date of succession: the state's successions bind it from this date",
    )
    succession_source = models.CharField(
        max_length=500, blank=True, help_text="Where the date of succession comes from"
    )
    predecessors = models.ManyToManyField(
        "self", symmetrical=False, related_name="successors", blank=True
    )
    history = HistoricalRecords(excluded_fields=["predecessors"])

    objects = StateQuerySet.as_manager()

    class Meta:
        ordering = ["short_name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__regex=r"^[A-Z]{3,8}$"),
                name="state_code_upper_letters",
                violation_error_message="The code must be 3 to 8 capital letters (ISO alpha-3).",
            ),
            models.CheckConstraint(
                condition=models.Q(exists_until__isnull=True)
                | models.Q(exists_from__isnull=True)
                | models.Q(exists_until__gte=models.F("exists_from")),
                name="state_existence_ordered",
                violation_error_message="A state cannot cease to exist before it began.",
            ),
            models.CheckConstraint(
                condition=models.Q(succession_date__isnull=True) | ~models.Q(succession_source=""),
                name="state_succession_date_sourced",
                violation_error_message="A date of succession needs its source.",
            ),
            models.CheckConstraint(
                condition=~models.Q(short_name=""),
                name="state_short_name_required",
            ),
        ]
        indexes = [
            # Search box and importers look states up by upper-cased short name.
            models.Index(Upper("short_name"), name="state_short_name_upper_idx"),
        ]

    def __str__(self) -> str:
        return self.short_name


class StateAlias(models.Model):
    """Another name of a state: the UN's spelling, a former name, an official name.

    Importers match participant names through ``normalized``, which is unique: one name
    means one state.
    """

    state = models.ForeignKey(State, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=300)
    normalized = models.CharField(max_length=300, unique=True, editable=False)
    is_former_name = models.BooleanField(default=False)
    # An alias decides which state a depositary's name means and what search finds: its
    # edits are part of the data version, like every other fact.
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "state aliases"

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Derived key kept in step with the name; no business logic here.
        self.normalized = normalize_name(self.name)
        super().save(*args, **kwargs)
