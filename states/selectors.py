"""Reusable reads of states."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import State


def states_by_code(codes: list[str] | None = None) -> dict[str, State]:
    """States keyed by code (all of them, or only ``codes``), in one query."""
    qs: QuerySet[State] = State.objects.all()
    if codes is not None:
        qs = qs.filter(code__in=codes)
    return {s.code: s for s in qs}
