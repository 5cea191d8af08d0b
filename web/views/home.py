"""The home page and the search."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from events.selectors.feeds import recent_events, upcoming_effects
from events.selectors.record import record_day, statuses_on_record, whole_parties
from serving.conditional import cached_page
from states.names import normalize_name
from states.selectors import StateMatch, state_search
from treaties.catalogue import subject_choices
from treaties.models import Treaty
from treaties.selectors import treaty_search

from ..params import accepts
from ..presenters import browse, effect_sentence

MAX_SEARCH_LENGTH = 200
MAX_RESULTS = 50
MAX_SUGGESTIONS = 8


@accepts(*browse.FILTER_PARAMS)
@require_GET
@cached_page
def home(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    every = list(Treaty.objects.select_related("parent").order_by("short_name"))
    depositaries = sorted({t.depositary for t in every if t.depositary})
    filters = browse.parse_filters(request, depositaries)
    titles = browse.shown_titles(every)
    treaties = [t for t in every if browse.matches(t, filters, today)]
    # Each treaty counted on its record's date where that is earlier than today; no count
    # where the record has no whole participants table (events.selectors.record).
    counts = statuses_on_record(treaties, today)
    rows = browse.families(
        [
            browse.Row(
                treaty=t,
                parties=whole_parties(t, counts.get(t.pk)),
                record=record_day(t, today),
                title=titles[t.pk],
            )
            for t in treaties
        ]
    )
    upcoming = upcoming_effects(after=today, limit=10)
    context = {
        "today": today,
        "treaty_rows": rows,
        "total": len(every),
        "filters": filters,
        "subjects": subject_choices(),
        "in_force_choices": browse.IN_FORCE_CHOICES,
        "depositaries": depositaries if len(depositaries) > 1 else [],
        "recent": recent_events(limit=10),
        "upcoming": [(event, effect_sentence(event)) for event in upcoming],
    }
    status = 400 if filters.errors else 200
    return render(request, "treaties/home.html", context, status=status)


@dataclass(frozen=True)
class SearchResults:
    query: str
    treaties: list[Treaty]
    states: list[StateMatch]

    @property
    def total(self) -> int:
        return len(self.treaties) + len(self.states)

    def straight_to(self) -> str | None:
        """The one page the reader certainly means, if any: a state's code or whole name
        ("LTU", "UK", "DPRK") that no treaty's name or slug equals, or the only result."""
        key = normalize_name(self.query)
        exact_treaty = any(key in (normalize_name(t.short_name), t.slug) for t in self.treaties)
        top = [m for m in self.states if m.how in ("code", "name")]
        if len(top) == 1 and not exact_treaty and not self._also_named(key, top[0]):
            return reverse("web:state", args=[top[0].state.code])
        if self.total == 1:
            if self.treaties:
                return reverse("web:treaty", args=[self.treaties[0].slug])
            return reverse("web:state", args=[self.states[0].state.code])
        return None

    def _also_named(self, key: str, top: StateMatch) -> bool:
        """Another state found has the text as a whole word of its name ("congo": the
        Republic of the Congo and the Democratic Republic of the Congo): the reader chooses."""
        if top.how == "code":
            return False
        pattern = re.compile(rf"\b{re.escape(key)}\b")
        return any(
            pattern.search(normalize_name(m.matched))
            or pattern.search(normalize_name(m.state.short_name))
            for m in self.states
            if m.state.pk != top.state.pk
        )


def _search(query: str) -> SearchResults:
    if not query:
        return SearchResults(query, [], [])
    return SearchResults(
        query, list(treaty_search(query)[:MAX_RESULTS]), state_search(query)[:MAX_RESULTS]
    )


@accepts("q")
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:MAX_SEARCH_LENGTH]
    results = _search(query)
    target = results.straight_to()
    if target:
        return redirect(target)
    return render(request, "treaties/search.html", {"query": query, "results": results})


@accepts("q")
@require_GET
def suggest(request: HttpRequest) -> JsonResponse:
    """Type-ahead for the search box: the first results of the same search, as JSON."""
    query = request.GET.get("q", "").strip()[:MAX_SEARCH_LENGTH]
    results = _search(query)
    items = [
        {
            "label": t.name,
            "detail": t.name_detail or t.title,
            "url": reverse("web:treaty", args=[t.slug]),
        }
        for t in results.treaties
    ] + [
        {
            "label": m.state.short_name,
            "detail": f"matched: {m.matched}" if m.matched_other_name else m.state.code,
            "url": reverse("web:state", args=[m.state.code]),
        }
        for m in results.states
    ]
    response = JsonResponse({"query": query, "results": items[:MAX_SUGGESTIONS]})
    response["Cache-Control"] = "public, max-age=300"
    return response
