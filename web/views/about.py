"""The "About the data" page: how dates are computed, what each basis means, the sources."""

from __future__ import annotations

from django.db.models import Count, Max, Min, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from serving.conditional import cached_page
from treaties.models import Treaty


@require_GET
@cached_page
def about(request: HttpRequest) -> HttpResponse:
    records = Treaty.objects.aggregate(
        count=Count("pk"),
        oldest=Min("status_as_at"),
        newest=Max("status_as_at"),
        kept_current=Count("pk", filter=Q(status_as_at__isnull=True)),
        latest_change=Max("data_changed_at"),
    )
    return render(request, "pages/about.html", {"records": records})
