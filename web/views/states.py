"""State pages: a state's position on every treaty on a date, and its history.

The state page is stored per change point of the state (``serving.answers``), with the
spellings of the date asked for filled in per request.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from events.selectors.history import state_history
from events.selectors.participants import state_positions
from rules import NOT_JOINED, status_label
from serving.answers import Answer
from serving.conditional import cached_page
from states.models import State
from states.selectors import state_detail as state_with_names
from treaties.models import Treaty

from ..params import date_param
from ..presenters import url_maker
from .treaties import date_holes


@require_GET
@cached_page
def state_list(request: HttpRequest) -> HttpResponse:
    """Every participant, by name (one query)."""
    states = State.objects.order_by("short_name").only("code", "short_name", "kind")
    return render(request, "states/state_list.html", {"states": states})


def _state_answer(request: HttpRequest, code: str, version: str) -> Answer:
    """What the state page shows: stored per change point of the state and per day."""
    today = timezone.localdate()
    on = date_param(request, "on", today)
    return Answer(
        parts=("state", today.isoformat(), str(on.value == today)),
        scope=("state", code.upper()),
        on=on.value,
        holes=date_holes(on.value),
        storable=not on.error,
        context={"on": on, "today": today},
    )


@require_GET
@cached_page(answer=_state_answer)
def state_detail(request: HttpRequest, code: str, answer: Answer) -> HttpResponse:
    """Position on every treaty on ``?on=`` (default today) and the whole history."""
    state = state_with_names(code)
    if state is None:
        raise Http404("No such state")
    today, on = answer.context["today"], answer.context["on"]
    positions = {row.treaty.pk: row for row in state_positions(state=state, on=on.value)}
    rows = []
    treaty_url = url_maker("web:treaty")
    # Every treaty, so that "not joined" is stated rather than left out.
    for treaty in Treaty.objects.order_by("short_name"):
        position = positions.get(treaty.pk)
        status = position.status if position else NOT_JOINED
        rows.append(
            {
                "treaty": treaty,
                "url": treaty_url(treaty.slug),
                "status": status,
                "label": status_label(status),
                "since": position.since if position else None,
                "until": position.until if position else None,
            }
        )
    aliases = list(state.aliases.all())
    context = {
        "state": state,
        "on_iso": answer.hole("on_iso"),
        "on_day": answer.hole("on_day"),
        "on_long": answer.hole("on_long"),
        "on_is_today": on.value == today,
        "errors": [on.error] if on.error else [],
        "rows": rows,
        "history": state_history(state=state),
        "former_names": [a for a in aliases if a.is_former_name],
        "other_names": [a for a in aliases if not a.is_former_name],
        "predecessors": list(state.predecessors.all()),
        "successors": list(state.successors.all()),
    }
    return render(request, "states/state_detail.html", context, status=400 if on.error else 200)
