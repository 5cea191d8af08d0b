"""Reads of statements: what a state said about a treaty, in effect on a day."""

from __future__ import annotations

from datetime import date

from states.models import State
from treaties.models import Treaty

from .models import Statement
from .querysets import StatementQuerySet

__all__ = ["statements_on"]


def statements_on(
    *,
    treaty: Treaty | None = None,
    state: State | None = None,
    on: date | None = None,
    kind: str | None = None,
    article: str | None = None,
    objects_to: State | None = None,
    q: str | None = None,
) -> StatementQuerySet[Statement]:
    """The statements of ``treaty`` or of ``state`` (at least one), each with its state,
    treaty, target and the instrument it was made upon loaded (a fixed number of queries).

    With ``on``: in effect that day, i.e. made on or before it (or undated: the record does
    not say when, so it is not excluded) and not withdrawn by then. ``article`` matches the
    stated articles as a whole word ("IX" does not match "XIX"). ``q`` searches the text
    (``StatementQuerySet.matching``: full-text on PostgreSQL, every word on SQLite).
    """
    if treaty is None and state is None:
        raise ValueError("statements_on needs a treaty or a state")
    qs: StatementQuerySet[Statement] = Statement.objects.select_related(
        "state", "treaty", "objects_to", "upon_event", "withdraws"
    )
    if treaty is not None:
        qs = qs.filter(treaty=treaty)
    if state is not None:
        qs = qs.filter(state=state)
    if on is not None:
        qs = qs.in_effect_on(on)
    if kind:
        qs = qs.filter(kind=kind)
    if article:
        qs = qs.about_article(article)
    if objects_to is not None:
        qs = qs.filter(objects_to=objects_to)
    if q:
        qs = qs.matching(q)
    return qs.order_by("treaty__un_reference", "state__short_name", "made_on", "pk")
