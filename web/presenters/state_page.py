"""**The state page's context**: a state's position on every treaty on a date (rows with their
status and words decided by ``events.selectors.states.state_treaties``), its history, names,
successions, and what "not joined" means for it on that date.

The view parses the request into an ``Answer`` (``web.views.states``) and renders.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from events.selectors.history import state_history
from events.selectors.noted import NOTED_HISTORY_INTRO
from events.selectors.states import StateTreatyRow, state_treaties
from rules import NOT_ADOPTED, NOT_JOINED, NOT_RECORDED
from rules.dates import format_date
from serving.answers import Answer
from states.models import State

from .dates import date_context


def state_page(answer: Answer) -> dict[str, Any]:
    """The state page's context; the answer holds the state (not ``None``)."""
    state: State = answer.context["state"]
    today, on = answer.context["today"], answer.context["on"]
    existed = answer.context["existed"]
    aliases = list(state.aliases.all())
    rows = state_treaties(state=state, on=on.value)
    acted = [row for row in rows if _acted(row)]
    return {
        "state": state,
        **date_context(answer),
        "on_is_today": on.value == today,
        "today": today,
        "errors": [on.error] if on.error else [],
        "rows": rows,
        "acted": acted,
        "rest": [row for row in rows if not _acted(row)],
        "history": state_history(state=state),
        "former_names": [a for a in aliases if a.is_former_name],
        "other_names": [a for a in aliases if not a.is_former_name],
        "predecessors": list(state.predecessors.all()),
        "successors": list(state.successors.all()),
        "existed": existed,
        "notes": _kind_notes(state, on.value),
    }


def _acted(row: StateTreatyRow) -> bool:
    """The state has a position on the treaty on the date (it signed, consented, is bound,
    withdrew...), or the depositary's notes tell of its history: listed first; the rows that
    only say "not joined", "not recorded" or "not yet adopted" are behind "show all"."""
    if row.status not in (NOT_JOINED, NOT_RECORDED, NOT_ADOPTED) or row.since:
        return True
    return NOTED_HISTORY_INTRO in row.detail


def _kind_notes(state: State, on: date) -> list[str]:
    """What "Not joined" means for this participant on this date, in sentences."""
    notes = []
    if state.exists_until and on > state.exists_until:
        notes.append(
            f"{state.short_name} ceased to exist on {format_date(state.exists_until)}. On this "
            "date it could be bound by nothing; what it had done passed to its successors, "
            "listed above."
        )
    elif state.exists_from and on < state.exists_from:
        notes.append(
            f"{state.short_name} came into existence on {format_date(state.exists_from)}; "
            "on this date it could be bound by nothing yet."
        )
    if state.kind == State.Kind.TERRITORY:
        notes.append(
            f"{state.short_name} is a territory. It takes part in some treaties in its own "
            "name; “Not joined” below means that no act in its own name is recorded. It may "
            "be bound through the state responsible for its international relations."
        )
    elif state.kind == State.Kind.ORGANISATION:
        notes.append(
            "An international organisation can join only the treaties open to it; “Not "
            "joined” below says only that no act of it is recorded."
        )
    return notes
