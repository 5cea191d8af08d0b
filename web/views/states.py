"""State pages: a state's position on every treaty on a date, and its history."""

from __future__ import annotations

from django.db.models import Exists, OuterRef
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from events.models import Event
from events.selectors.history import state_history
from events.selectors.participants import state_positions
from rules import NOT_JOINED, status_label
from serving.conditional import cached_page
from states.models import State
from states.selectors import state_detail as state_with_names
from treaties.models import Treaty

from ..params import accepts, date_param

#: A treaty whose participants the depositary's record does not list (pages only).
NOT_RECORDED = "not_recorded"


@require_GET
@cached_page
def state_list(request: HttpRequest) -> HttpResponse:
    """Every participant, by name (one query)."""
    states = State.objects.order_by("short_name").only("code", "short_name", "kind")
    return render(request, "states/state_list.html", {"states": states})


@accepts("on")
@require_GET
@cached_page
def state_detail(request: HttpRequest, code: str) -> HttpResponse:
    """Position on every treaty on ``?on=`` (default today) and the whole history."""
    state = state_with_names(code)
    if state is None:
        raise Http404("No such state")
    today = timezone.localdate()
    on = date_param(request, "on", today)
    positions = {row.treaty.pk: row for row in state_positions(state=state, on=on.value)}
    rows = []
    # Every treaty, so that "not joined" is stated rather than left out — but only where the
    # depositary's participants are recorded: a file without a participants table (the Rome
    # Statute's in 2018) says nothing about who joined.
    recorded = Exists(Event.objects.filter(treaty=OuterRef("pk")))
    for treaty in Treaty.objects.annotate(participants_recorded=recorded).order_by("short_name"):
        position = positions.get(treaty.pk)
        status = position.status if position else NOT_JOINED
        label = status_label(status)
        if position is None and not treaty.participants_recorded:
            status, label = NOT_RECORDED, "Not recorded (no participants on record)"
        rows.append(
            {
                "treaty": treaty,
                "status": status,
                "label": label,
                "since": position.since if position else None,
                "until": position.until if position else None,
            }
        )
    aliases = list(state.aliases.all())
    context = {
        "state": state,
        "on": on.value,
        "today": today,
        "errors": [on.error] if on.error else [],
        "rows": rows,
        "history": state_history(state=state),
        "former_names": [a for a in aliases if a.is_former_name],
        "other_names": [a for a in aliases if not a.is_former_name],
        "predecessors": list(state.predecessors.all()),
        "successors": list(state.successors.all()),
    }
    return render(request, "states/state_detail.html", context, status=400 if on.error else 200)
