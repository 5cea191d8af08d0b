"""Reads of states: the one state search (pages, API and admin) and the state page's state."""

from __future__ import annotations

from django.db.models import Prefetch

from .models import State, StateAlias
from .names import normalize_name


def state_search(text: str) -> list[State]:
    """States whose code, ISO alpha-2 code, name, official name or any alias matches ``text``.

    Names match in normal form (case, accents and punctuation ignored: "turkiye" finds
    Türkiye) as a part of the name; codes match exactly. Exact code matches come first, then
    exact names, then the rest by name. Two queries: the states, and the aliases' normal forms;
    the comparison runs in Python because the database cannot strip accents portably, and
    there are only a few hundred participants.
    """
    text = text.strip()
    key = normalize_name(text)
    if not key:
        return []
    code = text.upper()
    alias_ids: set[int] = set()
    exact_alias_ids: set[int] = set()
    for state_id, normalized in StateAlias.objects.values_list("state_id", "normalized"):
        if key in normalized:
            alias_ids.add(state_id)
            if key == normalized:
                exact_alias_ids.add(state_id)
    found: list[tuple[tuple[bool, bool, str], State]] = []
    for state in State.objects.only("code", "alpha2", "short_name", "official_name", "kind"):
        names = [normalize_name(state.short_name)]
        if state.official_name:
            names.append(normalize_name(state.official_name))
        by_code = code in (state.code, state.alpha2)
        exact_name = key in names or state.pk in exact_alias_ids
        if by_code or exact_name or state.pk in alias_ids or any(key in n for n in names):
            found.append(((not by_code, not exact_name, state.short_name), state))
    found.sort(key=lambda pair: pair[0])
    return [state for _, state in found]


def state_detail(code: str) -> State | None:
    """The state with ``code`` (any case) with its aliases, predecessors and successors (four
    queries)."""
    return (
        State.objects.filter(code=code.upper())
        .prefetch_related(
            # The page lists every alias and both directions of succession: one query each.
            Prefetch("aliases", queryset=StateAlias.objects.order_by("-is_former_name", "name")),
            Prefetch("predecessors", queryset=State.objects.order_by("short_name")),
            Prefetch("successors", queryset=State.objects.order_by("short_name")),
        )
        .first()
    )
