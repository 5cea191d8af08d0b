"""The history the depositary's endnotes tell but that could not be dated
(``events.models.NotedHistory``), as the pages quote it: one query each."""

from __future__ import annotations

from states.models import State
from treaties.models import Treaty

from ..models import NotedHistory

__all__ = ["NOTED_HISTORY_INTRO", "noted_history_by_state", "noted_history_by_treaty"]

#: How a page introduces the quotation.
NOTED_HISTORY_INTRO = "The depositary's notes record earlier history not in the table"


def noted_history_by_state(*, treaty: Treaty) -> dict[int, list[str]]:
    """State id → the quoted notes of ``treaty`` on that state, in note order."""
    found: dict[int, list[str]] = {}
    for state_id, text in (
        NotedHistory.objects.filter(treaty=treaty)
        .order_by("state_id", "note")
        .values_list("state_id", "text")
    ):
        found.setdefault(state_id, []).append(text)
    return found


def noted_history_by_treaty(*, state: State) -> dict[int, list[str]]:
    """Treaty id → the quoted notes on ``state`` of that treaty, in note order."""
    found: dict[int, list[str]] = {}
    for treaty_id, text in (
        NotedHistory.objects.filter(state=state)
        .order_by("treaty_id", "note")
        .values_list("treaty_id", "text")
    ):
        found.setdefault(treaty_id, []).append(text)
    return found
