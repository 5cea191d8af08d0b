"""Reusable query methods of statements."""

from __future__ import annotations

import re
from datetime import date
from typing import Self, TypeVar

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connections, models

# Generic in the model (bound by ``Model.objects``): so django-stubs types ``.annotate()``.
_M = TypeVar("_M", bound=models.Model)

#: The text search configuration of the full-text index (migration 0003): the query must
#: use the same expression for PostgreSQL to use the index.
SEARCH_CONFIG = "english"


def text_vector() -> SearchVector:
    """``to_tsvector('english', COALESCE(text, ''))``: the expression the GIN index holds."""
    return SearchVector("text", config=SEARCH_CONFIG)


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

    def matching(self, words: str) -> Self:
        """Statements whose text holds ``words``.

        On PostgreSQL: full-text search (English stemming, web-search syntax: ``"a phrase"``,
        ``or``, ``-word``) over the GIN index of migration 0003, so "reserve" finds
        "reservations". Elsewhere (SQLite): every word of ``words`` appears in the text,
        ignoring case (no stemming: "reserv" finds "reservation", "reserve" does not).
        """
        if connections[self.db].vendor == "postgresql":
            query = SearchQuery(words, config=SEARCH_CONFIG, search_type="websearch")
            return self.annotate(_text_vector=text_vector()).filter(_text_vector=query)
        found = self
        for word in words.split():
            found = found.filter(text__icontains=word.strip('"'))
        return found
