"""Reusable reads of events and derived status."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Self, TypeVar

from django.db import models

from rules import CONSENTED, CONSENTED_UNKNOWN

if TYPE_CHECKING:
    pass


# Generic in the model (bound by ``Model.objects``): so django-stubs types ``.annotate()``.
_M = TypeVar("_M", bound=models.Model)


class EventQuerySet(models.QuerySet[_M]):
    def pending_computation(self) -> Self:
        """Events changed since the engine last computed them."""
        return self.filter(
            models.Q(computed_at__isnull=True) | models.Q(computed_at__lt=models.F("updated_at"))
        )


class StatusPeriodQuerySet(models.QuerySet[_M]):
    def on(self, day: date) -> Self:
        """The periods that contain ``day`` (at most one per treaty and state)."""
        return self.filter(valid_from__lte=day).filter(
            models.Q(valid_until__isnull=True) | models.Q(valid_until__gt=day)
        )

    def changes(self) -> Self:
        """The periods whose start is a change of the state's position, for lists of changes:
        not a "date of effect not computed" that follows "consented, not yet in force" — there
        only what is known changes (the day after the depositary's "Not yet in force", or where
        the readings of inferred rules stop agreeing), and the state did nothing."""
        known_before = self.model._default_manager.filter(
            treaty=models.OuterRef("treaty"),
            state=models.OuterRef("state"),
            status=CONSENTED,
            valid_until=models.OuterRef("valid_from"),
        )
        return self.exclude(models.Q(status=CONSENTED_UNKNOWN) & models.Exists(known_before))


class MembershipQuerySet(models.QuerySet[_M]):
    def on(self, day: date) -> Self:
        """Memberships in force on ``day``."""
        return self.filter(start__lte=day).filter(
            models.Q(end__isnull=True) | models.Q(end__gt=day)
        )
