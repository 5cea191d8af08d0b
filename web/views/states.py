"""State pages: a state's position on every treaty on a date, and its history.

The state page is stored per change point of the state (``serving.answers``), with the
spellings of the date asked for filled in per request.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from serving.answers import Answer, remember
from serving.conditional import cached_page
from states.models import State
from states.names import sort_key
from states.selectors import state_detail as state_with_names

from ..params import accepts, date_param
from ..presenters.dates import date_holes
from ..presenters.state_page import state_page


@require_GET
@cached_page
def state_list(request: HttpRequest) -> HttpResponse:
    """Every participant, by name, accents ignored (one query)."""
    states = sorted(
        State.objects.only("code", "short_name", "kind"), key=lambda s: sort_key(s.short_name)
    )
    return render(request, "states/state_list.html", {"states": states})


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
    """Position on every treaty on ``?on=`` (default today) and the whole history: its
    context is built by ``web.presenters.state_page``."""
    if answer.context["state"] is None:
        raise Http404("No such state")
    context = state_page(answer)
    return render(
        request, "states/state_detail.html", context, status=400 if context["errors"] else 200
    )
