"""Reusable reads of treaties."""

from __future__ import annotations

from typing import Self, TypeVar

from django.db import models

# Generic in the model (bound by ``Model.objects``): so django-stubs types ``.annotate()``.
_M = TypeVar("_M", bound=models.Model)


class TreatyQuerySet(models.QuerySet[_M]):
    def stale(self) -> Self:
        """Treaties whose derived dates are older than their latest change."""
        return self.filter(
            models.Q(derived_at__isnull=True) | models.Q(derived_at__lt=models.F("data_changed_at"))
        )

    def matching(self, text: str) -> Self:
        """Treaties whose slug, short name or title contains ``text``, or whose UN reference
        is ``text``."""
        text = text.strip()
        return self.filter(
            models.Q(slug__icontains=text)
            | models.Q(short_name__icontains=text)
            | models.Q(title__icontains=text)
            | models.Q(un_reference__iexact=text)
        )
