"""State pages: a state's position on every treaty on a date, and its history.

The state page is stored per change point of the state (``serving.answers``), with the
spellings of the date asked for filled in per request.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Exists, OuterRef
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from events.models import Event
from events.selectors.history import state_history
from events.selectors.record import positions_on_record, record_day, until_known
from rules import NOT_JOINED, status_label
from rules.dates import format_date
from serving.answers import Answer, remember
from serving.conditional import cached_page
from states.models import State, StateAlias
from states.names import normalize_name, sort_key
from states.selectors import state_detail as state_with_names
from treaties.models import Treaty

from ..params import accepts, date_param
from .treaties import date_context, date_holes

#: A treaty whose participants the depositary's record does not list (pages only).
NOT_RECORDED = "not_recorded"
#: A treaty not yet adopted on the date: no state could have joined it (pages only).
NOT_ADOPTED = "not_adopted"


@require_GET
@cached_page
def state_list(request: HttpRequest) -> HttpResponse:
    """Every participant, by name, accents ignored (one query)."""
    states = sorted(
        State.objects.only("code", "short_name", "kind"), key=lambda s: sort_key(s.short_name)
    )
    return render(request, "states/state_list.html", {"states": states})


def _kind_notes(state: State, on: date, existed: bool) -> list[str]:
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


def _state_answer(request: HttpRequest, code: str, version: str) -> Answer:
    """What the state page shows: stored per change point of the state and per day."""
    today = timezone.localdate()
    on = date_param(request, "on", today)
    # The state with its names and successions, read once per data version.
    state = remember(version, ("state-page", code), lambda: state_with_names(code))
    day = on.value
    # Whether the state existed on the date is no change point of its events.
    before = bool(state and state.exists_from and day < state.exists_from)
    after = bool(state and state.exists_until and day > state.exists_until)
    return Answer(
        parts=("state", today.isoformat(), *map(str, (day == today, before, after))),
        scope=("state", state.code if state else code),
        on=day,
        holes=date_holes(request, day),
        storable=state is not None and not on.error,
        context={"state": state, "on": on, "today": today, "existed": not (before or after)},
    )


@accepts("on")
@require_GET
@cached_page(answer=_state_answer)
def state_detail(request: HttpRequest, code: str, answer: Answer) -> HttpResponse:
    """Position on every treaty on ``?on=`` (default today) and the whole history."""
    state = answer.context["state"]
    if state is None:
        raise Http404("No such state")
    today, on = answer.context["today"], answer.context["on"]
    # Each treaty's row on its record's date where that is earlier (events.selectors.record).
    positions = {row.treaty.pk: row for row in positions_on_record(state=state, on=on.value)}
    existed = answer.context["existed"]
    rows = []
    # Every treaty, so that "not joined" is stated rather than left out — but only where the
    # depositary's participants are recorded: a file without a participants table (the Rome
    # Statute's in 2018) says nothing about who joined, nor does one whose pre-1946 parties are
    # in the League of Nations' list. A state that did not exist on the date is said so,
    # whatever the treaty.
    recorded = Exists(Event.objects.filter(treaty=OuterRef("pk")))
    aliases = list(state.aliases.all())
    names = _names(state, aliases)
    for treaty in Treaty.objects.annotate(participants_recorded=recorded).order_by("short_name"):
        position = positions.get(treaty.pk)
        status = position.status if position else NOT_JOINED
        label = status_label(status)
        detail = ""
        # -- the record's gaps and dates (events.selectors.record)
        record = record_day(treaty, on.value)
        if position is None and treaty.adopted_on and on.value < treaty.adopted_on:
            status, label = NOT_ADOPTED, "Not yet adopted"
            detail = f"The treaty was adopted on {format_date(treaty.adopted_on)}."
        elif position is None and existed and not treaty.has_participant_data:
            status, label = NOT_RECORDED, "Not recorded: no participants table"
            detail = "The depositary's record of this treaty has no participants table."
        # -- end
        elif position is None and existed and not treaty.participants_recorded:
            status, label = NOT_RECORDED, "Not recorded (no participants on record)"
        elif position is None and existed and treaty.league_instruments:
            # The League of Nations' instruments are listed apart and not imported: "not
            # joined" would deny a ratification the depositary records.
            status, label = NOT_RECORDED, "Not in the UN's participants table"
            detail = _league_detail(treaty, names)
        rows.append(
            {
                "treaty": treaty,
                "status": status,
                "label": label,
                "detail": detail,
                "since": position.since if position else None,
                "until": position.until if position else None,
                # The change that ends the status was recorded after the date asked for.
                "until_later": bool(position and not until_known(position, record.day)),
                "record": record,
                "absent": not existed and status == NOT_JOINED,
            }
        )
    context = {
        "state": state,
        **date_context(answer),
        "on_is_today": on.value == today,
        "today": today,
        "errors": [on.error] if on.error else [],
        "rows": rows,
        "history": state_history(state=state),
        "former_names": [a for a in aliases if a.is_former_name],
        "other_names": [a for a in aliases if not a.is_former_name],
        "predecessors": list(state.predecessors.all()),
        "successors": list(state.successors.all()),
        "existed": existed,
        "notes": _kind_notes(state, on.value, existed),
    }
    return render(request, "states/state_detail.html", context, status=400 if on.error else 200)


def _names(state: State, aliases: list[StateAlias]) -> set[str]:
    """The state's names as matched against the League of Nations' list ("The Netherlands"
    is "Netherlands")."""
    every = [state.short_name, state.official_name, *(a.name for a in aliases)]
    return {_league_key(name) for name in every if name}


def _league_key(name: str) -> str:
    return normalize_name(name).removeprefix("the ")


def _league_detail(treaty: Treaty, names: set[str]) -> str:
    """What the state page adds for a treaty whose League of Nations instruments are not
    imported: the list's own entries under the state's name, quoted, if it has any."""
    named = [e for e in treaty.league_list if _league_key(e["who"]) in names]
    if not named:
        return (
            f"The League of Nations' list of {treaty.league_instruments} instruments is not"
            " imported."
        )
    acts = "; ".join(f"{e['kind']} of {format_date(date.fromisoformat(e['date']))}" for e in named)
    return (
        f"The League of Nations' list names it: {acts} (not imported: whether that binds the"
        " state today is not in the table)."
    )
