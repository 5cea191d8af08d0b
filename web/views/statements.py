"""The statements pages: a treaty's (or a state's) reservations, declarations and objections,
searched in their text (``?q=``) and filtered by kind and by state (or treaty).

The treaty and state pages link here from their statements section (its form): they are
stored per change point and do not vary with a search. These pages are stored per data
version and address like any other; a bad filter is a 400 page saying which and why.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from serving.conditional import cached_page
from statements.filters import parse_filters
from statements.models import Statement, StatementKind
from statements.selectors import statements_on
from states.models import State
from treaties.models import Treaty

from ..params import accepts
from ..presenters.statements import SEARCH_NOTE, filter_form, statement_groups


def _described(filters: dict[str, Any]) -> str:
    parts = []
    if filters.get("kind"):
        parts.append(f"of the kind “{StatementKind(filters['kind']).label}”")
    if isinstance(filters.get("state"), State):
        parts.append(f"by {filters['state'].short_name}")
    if isinstance(filters.get("treaty"), Treaty):
        parts.append(f"on {filters['treaty'].short_name}")
    if filters.get("q"):
        parts.append(f"matching “{filters['q']}”")
    return ", ".join(parts)


def _search(
    request: HttpRequest, *, treaty: Treaty | None, state: State | None, names: tuple[str, ...]
) -> HttpResponse:
    # A field of the form left empty is no filter (the API answers an empty ``q`` with a 400).
    given = {k: request.GET[k] for k in request.GET if request.GET[k].strip()}
    filters, problems = parse_filters(given, names)
    errors = [f"{p.field}: {p.message}" for p in problems]
    rows: list[Statement] = []
    if not errors:
        rows = list(
            statements_on(
                treaty=treaty or filters.get("treaty"),
                state=state or filters.get("state"),
                kind=filters.get("kind"),
                q=filters.get("q"),
            )
        )
    if treaty is not None:
        pairs = Statement.objects.filter(treaty=treaty).values_list(
            "state__code", "state__short_name"
        )
        scope_name, scope_url = treaty.short_name, reverse("web:treaty", args=[treaty.slug])
        api = reverse("api:treaty-statements", args=[treaty.slug])
    else:
        assert state is not None
        pairs = Statement.objects.filter(state=state).values_list(
            "treaty__slug", "treaty__short_name"
        )
        scope_name, scope_url = state.short_name, reverse("web:state", args=[state.code])
        api = reverse("api:state-statements", args=[state.code])
    choices = sorted(set(pairs), key=lambda pair: pair[1])
    query = {k: v for k, v in given.items() if k in names}
    context = {
        "scope_name": scope_name,
        "scope_url": scope_url,
        "api_url": f"{api}?{urlencode(query)}" if query and not errors else api,
        "errors": errors,
        "count": len(rows),
        "described": "" if errors else _described(filters),
        "groups": statement_groups(rows, by_state=treaty is not None),
        "shown": {s.pk for s in rows},
        "search_note": SEARCH_NOTE,
        **filter_form(treaty=treaty, state=state, choices=choices, filters=filters),
    }
    return render(
        request, "statements/statement_search.html", context, status=400 if errors else 200
    )


@accepts("q", "kind", "state")
@require_GET
@cached_page
def treaty_statements(request: HttpRequest, slug: str) -> HttpResponse:
    """The treaty's statements matching ``?q=`` (words of the text), ``?kind=``, ``?state=``."""
    treaty = get_object_or_404(Treaty, slug=slug)
    return _search(request, treaty=treaty, state=None, names=("q", "kind", "state"))


@accepts("q", "kind", "treaty")
@require_GET
@cached_page
def state_statements(request: HttpRequest, code: str) -> HttpResponse:
    """The state's statements matching ``?q=``, ``?kind=``, ``?treaty=`` (a treaty's slug)."""
    state = get_object_or_404(State, code=code.upper())
    return _search(request, treaty=None, state=state, names=("q", "kind", "treaty"))
