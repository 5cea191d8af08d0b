"""The home page and the search."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from events.selectors.feeds import recent_events, upcoming_effects
from events.selectors.participants import status_counts
from serving.conditional import cached_page
from states.models import State
from states.selectors import state_search
from treaties.models import Treaty
from treaties.selectors import treaty_search

from ..params import accepts
from ..presenters import effect_sentence

MAX_SEARCH_LENGTH = 200
MAX_RESULTS = 50


@require_GET
@cached_page
def home(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    treaties = list(Treaty.objects.order_by("short_name"))
    counts = status_counts(treaty_ids=[t.pk for t in treaties], on=today)
    rows = [{"treaty": t, "parties": _parties(counts.get(t.pk))} for t in treaties]
    upcoming = upcoming_effects(after=today, limit=10)
    context = {
        "today": today,
        "treaty_rows": rows,
        "recent": recent_events(limit=10),
        "upcoming": [(event, effect_sentence(event)) for event in upcoming],
    }
    return render(request, "treaties/home.html", context)


@dataclass(frozen=True)
class SearchResults:
    treaties: list[Treaty]
    states: list[State]

    @property
    def total(self) -> int:
        return len(self.treaties) + len(self.states)


@accepts("q")
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:MAX_SEARCH_LENGTH]
    results = SearchResults(
        list(treaty_search(query)[:MAX_RESULTS]) if query else [],
        state_search(query)[:MAX_RESULTS] if query else [],
    )
    exact = [s for s in results.states if s.code.upper() == query.upper()]
    # One match, or a state's exact code: take the reader straight there ("LTU" → Lithuania).
    if exact and not results.treaties:
        return redirect("web:state", code=exact[0].code)
    if results.total == 1:
        if results.treaties:
            return redirect("web:treaty", slug=results.treaties[0].slug)
        return redirect("web:state", code=results.states[0].code)
    return render(request, "treaties/search.html", {"query": query, "results": results})


def _parties(counts: dict[str, int] | None) -> int | None:
    """Parties today; None (not computed) while some consents' dates of effect are unknown."""
    if not counts:
        return 0
    if counts.get("consented_unknown"):
        return None
    return counts["party"] + counts["withdrawal_pending"]
