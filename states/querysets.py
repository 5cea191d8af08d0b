"""Reusable reads of states."""

from __future__ import annotations

from typing import Self, TypeVar

from django.db import models

# Generic in the model (bound by ``Model.objects``): so django-stubs types ``.annotate()``.
_M = TypeVar("_M", bound=models.Model)


class StateQuerySet(models.QuerySet[_M]):
    def current(self) -> Self:
        """States that still exist (no end of existence recorded)."""
        return self.filter(exists_until__isnull=True)
