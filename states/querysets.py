"""Reusable reads of states."""

from __future__ import annotations

from django.db import models


class StateQuerySet(models.QuerySet):
    def by_name(self, name: str) -> models.QuerySet:
        """States whose code, short name, official name or any alias matches ``name`` exactly
        (after normalisation: case, accents and punctuation ignored)."""
        from .models import normalize_name

        key = normalize_name(name)
        return self.filter(
            models.Q(code__iexact=name.strip())
            | models.Q(aliases__normalized=key)
            | models.Q(short_name__iexact=name.strip())
        ).distinct()

    def search(self, text: str) -> models.QuerySet:
        """States whose code, names or aliases contain ``text`` (for search boxes)."""
        text = text.strip()
        return self.filter(
            models.Q(code__iexact=text)
            | models.Q(short_name__icontains=text)
            | models.Q(official_name__icontains=text)
            | models.Q(aliases__name__icontains=text)
        ).distinct()
