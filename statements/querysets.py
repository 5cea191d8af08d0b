"""Reusable query methods of statements."""

from __future__ import annotations

import re
from datetime import date
from typing import Self, TypeVar

from django.db import models

# Generic in the model (bound by ``Model.objects``): so django-stubs types ``.annotate()``.
_M = TypeVar("_M", bound=models.Model)


class StatementQuerySet(models.QuerySet[_M]):
    def in_effect_on(self, day: date) -> Self:
        """Made on or before ``day`` (or undated) and not withdrawn by then."""
        made = models.Q(made_on__isnull=True) | models.Q(made_on__lte=day)
        standing = models.Q(withdrawn_on__isnull=True) | models.Q(withdrawn_on__gt=day)
        return self.filter(made & standing)

    def about_article(self, article: str) -> Self:
        """Statements whose stated articles mention ``article`` (e.g. "IX", "10")."""
        word = re.escape(article.strip())
        return self.filter(articles__iregex=rf"(^|[^0-9A-Za-z]){word}([^0-9A-Za-z]|$)")
