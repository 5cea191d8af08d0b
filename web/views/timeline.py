"""The treaty's timeline as JSON (what the page's slider plays without reloading) and the
embeddable view of its map and counts on a date (``/treaties/<slug>/embed/?on=``)."""

from __future__ import annotations

from dataclasses import replace

from csp.decorators import csp_replace
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET

from serving.answers import Answer
from serving.conditional import cached_page
from treaties.models import Treaty

from ..params import accepts
from ..presenters.timeline import timeline_body
from ..presenters.treaty_page import treaty_page
from .treaties import _treaty_answer


@accepts()
@require_GET
@cached_page
def treaty_timeline(request: HttpRequest, slug: str) -> HttpResponse:
    """Every state's status periods with their basis, the change points and the chart's
    series: stored per data version and day like the pages, so a repeat costs one query."""
    treaty = get_object_or_404(Treaty, slug=slug)
    body = timeline_body(treaty, timezone.localdate())
    return JsonResponse(body, json_dumps_params={"ensure_ascii": False, "separators": (",", ":")})


def _embed_answer(request: HttpRequest, slug: str, version: str, **kwargs: object) -> Answer:
    # The treaty page's answer, stored apart from the page's own rendering.
    answer = _treaty_answer(request, slug, version)
    return replace(answer, parts=(*answer.parts, "embed"))


@xframe_options_exempt
@csp_replace({"frame-ancestors": ["*"]})
@accepts("on")
@require_GET
@cached_page(answer=_embed_answer)
def treaty_embed(request: HttpRequest, slug: str, answer: Answer) -> HttpResponse:
    """The map, the counts and a citation line on ``?on=``, for another site's page (it may
    be framed by any site; nothing in it depends on a user)."""
    if answer.context["treaty"] is None:
        raise Http404("No such treaty")
    page_path = request.path.removesuffix("embed/")
    page = treaty_page(answer, page_path)  # ``page`` is not accepted: the table's first
    context = {**page.context, "page_path": page_path, "embed": True}
    return render(request, "treaties/embed.html", context, status=page.status)
