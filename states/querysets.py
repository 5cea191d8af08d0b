"""Reusable reads of states."""

from __future__ import annotations

from django.db import models


class StateQuerySet(models.QuerySet):
    def current(self) -> models.QuerySet:
        """States that still exist (no end of existence recorded)."""
        return self.filter(exists_until__isnull=True)
