"""What the statements sections show: the statements grouped (by state on a treaty, by treaty
on a state) and the search form's choices, from rows already read (no query of its own)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import groupby
from typing import Any

from django.urls import reverse

from statements.filters import Q_MAX
from statements.models import Statement, StatementKind
from states.models import State
from treaties.models import Treaty

#: Said under every search: the search is not the same on both databases.
SEARCH_NOTE = (
    "The words are searched in the depositary's text: on PostgreSQL as a full-text search in "
    'English (so "reserve" finds "reservations"; "a phrase", or, -word), otherwise every word '
    "as written."
)


def statement_groups(
    rows: Sequence[Statement], *, by_state: bool
) -> list[tuple[str, list[Statement]]]:
    """(heading, statements): per state (a treaty's statements) or per treaty (a state's)."""
    if by_state:
        ordered = sorted(
            rows, key=lambda s: (s.state.short_name, s.made_on is None, s.made_on, s.pk)
        )
        return [
            (who, list(items)) for who, items in groupby(ordered, key=lambda s: s.state.short_name)
        ]
    return [(what, list(items)) for what, items in groupby(rows, key=lambda s: s.treaty.short_name)]


def filter_form(
    *,
    treaty: Treaty | None,
    state: State | None,
    choices: Sequence[tuple[str, str]],
    filters: Mapping[str, Any],
) -> dict[str, Any]:
    """The context of ``includes/statement_filters.html``: on a treaty the states that made
    statements, on a state the treaties it made statements on (``choices``, value and label)."""
    if treaty is not None:
        action = reverse("web:treaty-statements", args=[treaty.slug])
        name, label, chosen = "state", "State", filters.get("state")
        picked = chosen.code if isinstance(chosen, State) else ""
    else:
        assert state is not None
        action = reverse("web:state-statements", args=[state.code])
        name, label, chosen = "treaty", "Treaty", filters.get("treaty")
        picked = chosen.slug if isinstance(chosen, Treaty) else ""
    return {
        "filter_action": action,
        "filters": {
            "q": filters.get("q", ""),
            "kind": filters.get("kind", "") if filters.get("kind") in StatementKind.values else "",
            "choice": picked,
        },
        "kinds": StatementKind.choices,
        "choices": choices,
        "choice_name": name,
        "choice_label": label,
        "q_max": Q_MAX,
    }


def choices_of(rows: Sequence[Statement], *, by_state: bool) -> list[tuple[str, str]]:
    """The states (or treaties) of ``rows``, once each, by name."""
    found: dict[str, str] = {}
    for s in rows:
        if by_state:
            found.setdefault(s.state.code, s.state.short_name)
        else:
            found.setdefault(s.treaty.slug, s.treaty.short_name)
    return sorted(found.items(), key=lambda item: item[1])
