"""Compare two treaties: who is bound by one and not the other on a date."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from events.selectors.treaties import compare_parties
from serving.conditional import cached_page
from treaties.models import Treaty

from ..params import accepts, date_param


@accepts("on", "a", "b")
@require_GET
@cached_page
def compare(request: HttpRequest) -> HttpResponse:
    treaties = list(Treaty.objects.order_by("short_name"))
    by_slug = {t.slug: t for t in treaties}
    on = date_param(request, "on", timezone.localdate())
    errors = [on.error] if on.error else []
    a_slug = request.GET.get("a", "apmbc" if "apmbc" in by_slug else "")
    b_slug = request.GET.get("b", "ccm" if "ccm" in by_slug else "")
    a, b = by_slug.get(a_slug), by_slug.get(b_slug)
    for slug, treaty in ((a_slug, a), (b_slug, b)):
        if slug and treaty is None:
            errors.append(f"No treaty “{slug[:40]}”.")
    if a is not None and a == b:
        errors.append(f"The {a.name} cannot be compared with itself: choose two treaties.")
    comparison = compare_parties(a=a, b=b, on=on.value) if a and b and a != b else None
    context = {
        "treaties": treaties,
        "a": a,
        "b": b,
        "on": on.value,
        "comparison": comparison,
        "errors": errors,
    }
    return render(request, "treaties/compare.html", context, status=400 if errors else 200)
