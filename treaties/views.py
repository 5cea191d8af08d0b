"""Public pages: home, search, treaty status on any date, downloads, compare, map geometry.

Views parse the query string, call selectors and render; every page runs a fixed number of
queries whatever the size of the treaty (asserted in tests/pages).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import etag, require_GET

from config.caching import cached_page
from events.selectors import (
    NOT_JOINED,
    ParticipantRow,
    changes_between,
    participants_on,
    party_timeline,
    recent_events,
    status_counts,
    upcoming_effects,
)

from . import page_selectors as ps
from . import worldmap
from .models import Treaty

MAX_SEARCH_LENGTH = 200


@dataclass(frozen=True)
class DateParam:
    value: date
    error: str = ""


def parse_date(request: HttpRequest, name: str, default: date) -> DateParam:
    """A YYYY-MM-DD query parameter, or ``default`` with a message saying what was wrong."""
    raw = request.GET.get(name, "").strip()
    if not raw:
        return DateParam(default)
    try:
        return DateParam(date.fromisoformat(raw))
    except ValueError:
        return DateParam(default, f"“{raw[:40]}” is not a date; use the form YYYY-MM-DD.")


def _status_param(request: HttpRequest) -> tuple[str, str]:
    status = request.GET.get("status", "").strip()
    if status and status not in ps.STATUS_LABELS:
        return "", f"Unknown status “{status[:40]}”; showing every status."
    return status, ""


# --- Home and search --------------------------------------------------------------------------


@require_GET
@cached_page
def home(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    treaties = list(ps.all_treaties())
    counts = status_counts(treaty_ids=[t.pk for t in treaties], on=today)
    rows = [
        {"treaty": t, "parties": counts[t.pk]["party"] + counts[t.pk]["withdrawal_pending"]}
        if t.pk in counts
        else {"treaty": t, "parties": 0}
        for t in treaties
    ]
    upcoming = upcoming_effects(after=today, limit=10)
    context = {
        "today": today,
        "treaty_rows": rows,
        "recent": recent_events(limit=10),
        "upcoming": [(event, ps.effect_sentence(event)) for event in upcoming],
    }
    return render(request, "treaties/home.html", context)


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:MAX_SEARCH_LENGTH]
    results = ps.search(query) if query else ps.SearchResults([], [])
    exact = [s for s in results.states if s.code.upper() == query.upper()]
    # One match, or a state's exact code: take the reader straight there ("LTU" → Lithuania).
    if exact and not results.treaties:
        return redirect("treaties:states:state", code=exact[0].code)
    if results.total == 1:
        if results.treaties:
            return redirect("treaties:treaty", slug=results.treaties[0].slug)
        return redirect("treaties:states:state", code=results.states[0].code)
    return render(request, "treaties/search.html", {"query": query, "results": results})


# --- Treaty page ------------------------------------------------------------------------------


def _counts(rows: list[ParticipantRow]) -> list[dict[str, Any]]:
    tally = dict.fromkeys(ps.STATUS_ORDER, 0)
    for row in rows:
        tally[row.status] = tally.get(row.status, 0) + 1
    return [
        {"status": s, "label": ps.status_label(s), "count": tally[s]}
        for s in ps.STATUS_ORDER
        if s != NOT_JOINED or tally[s]
    ]


def _map_items(rows: list[ParticipantRow]) -> list[dict[str, str]]:
    statuses = ps.map_statuses(rows)
    items = []
    for country in worldmap.countries():
        status, name = statuses.get(country.numeric, (NOT_JOINED, country.name))
        items.append(
            {
                "numeric": country.numeric,
                "name": name,
                "status": status,
                "label": ps.status_label(status),
            }
        )
    return items


CHART_W, CHART_H, CHART_PAD = 640, 200, 36


def _timeline_chart(series: list[tuple[date, int]], on: date, today: date) -> dict[str, Any]:
    """A step chart of the number of parties, as SVG coordinates (no JavaScript needed)."""
    if not series:
        return {}
    start = series[0][0]
    end = max(today, on, series[-1][0]) + timedelta(days=30)
    span = max((end - start).days, 1)
    peak = max(n for _, n in series) or 1
    inner_w = CHART_W - 2 * CHART_PAD
    inner_h = CHART_H - 2 * CHART_PAD

    def x(day: date) -> float:
        return CHART_PAD + inner_w * (day - start).days / span

    def y(n: int) -> float:
        return CHART_H - CHART_PAD - inner_h * n / peak

    points = [f"M{x(start):.1f},{y(0):.1f}"]
    for day, n in series:
        points.append(f"H{x(day):.1f}V{y(n):.1f}")
    points.append(f"H{x(end):.1f}")
    years = range(start.year + 1, end.year + 1, max(1, (end.year - start.year) // 6 or 1))
    on_count = 0
    for day, n in series:
        if day <= on:
            on_count = n
    return {
        "width": CHART_W,
        "height": CHART_H,
        "path": "".join(points),
        "peak": peak,
        "peak_y": y(peak),
        "base_y": y(0),
        "left": CHART_PAD,
        "right": CHART_W - CHART_PAD,
        "ticks": [{"x": x(date(year, 1, 1)), "label": year} for year in years],
        "on_x": x(on) if start <= on <= end else None,
        "on_count": on_count,
        "series": series,
    }


def _treaty_context(request: HttpRequest, treaty: Treaty) -> dict[str, Any]:
    today = timezone.localdate()
    on = parse_date(request, "on", today)
    since = parse_date(request, "since", on.value - timedelta(days=365))
    status, status_error = _status_param(request)
    all_rows = participants_on(treaty=treaty, on=on.value)
    rows = [r for r in all_rows if r.status == status] if status else all_rows
    return {
        "treaty": treaty,
        "today": today,
        "on": on.value,
        "since": since.value,
        "status": status,
        "errors": [e for e in (on.error, since.error, status_error) if e],
        "all_rows": all_rows,
        "rows": rows,
    }


@require_GET
@cached_page
def treaty_detail(request: HttpRequest, slug: str) -> HttpResponse:
    treaty = get_object_or_404(Treaty, slug=slug)
    context = _treaty_context(request, treaty)
    on, since = context["on"], context["since"]
    changes = (
        changes_between(treaty=treaty, start=since, end=on)
        if since < on
        else changes_between(treaty=treaty, start=on, end=since)
    )
    context.update(
        {
            "counts": _counts(context["all_rows"]),
            "table": [(row, ps.status_label(row.status)) for row in context["rows"]],
            "status_label": ps.status_label(context["status"]) if context["status"] else "",
            "status_keep": [("status", context["status"])] if context["status"] else [],
            "map_items": _map_items(context["all_rows"]),
            "map_height": worldmap.HEIGHT,
            "chart": _timeline_chart(party_timeline(treaty=treaty), on, context["today"]),
            "changes": [{"change": c, "label": ps.status_label(c.status)} for c in changes],
            "status_choices": [(s, ps.status_label(s)) for s in ps.STATUS_ORDER],
            "download_query": _download_query(on, context["status"]),
            "permalink": f"{request.path}?on={on.isoformat()}",
            "explanation": " → ".join(
                step.get("text", "") for step in treaty.entry_into_force_explanation or []
            ),
        }
    )
    response = render(
        request, "treaties/treaty_detail.html", context, status=400 if context["errors"] else 200
    )
    return response


def _download_query(on: date, status: str) -> str:
    params = {"on": on.isoformat()}
    if status:
        params["status"] = status
    return "&".join(f"{k}={v}" for k, v in params.items())


def _download_name(context: dict[str, Any]) -> str:
    suffix = f"-{context['status']}" if context["status"] else ""
    return f"{context['treaty'].slug}-{context['on'].isoformat()}{suffix}"


CSV_COLUMNS = (
    "state",
    "code",
    "status",
    "status_label",
    "signature",
    "consent_kind",
    "consent_date",
    "entry_into_force",
    "entry_into_force_explanation",
    "withdrawal_notified",
    "withdrawal_effective",
    "withdrawal_explanation",
    "notes",
    "notification_refs",
    "sources",
)


@require_GET
@cached_page
def treaty_csv(request: HttpRequest, slug: str) -> HttpResponse:
    """The participants table exactly as the page shows it for the same ``on`` and ``status``."""
    treaty = get_object_or_404(Treaty, slug=slug)
    context = _treaty_context(request, treaty)
    if context["errors"]:
        return HttpResponse(
            "\n".join(context["errors"]), status=400, content_type="text/plain; charset=utf-8"
        )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_download_name(context)}.csv"'
    writer = csv.DictWriter(response, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    for row in context["rows"]:
        record = ps.participant_record(row)
        for key in ("notes", "notification_refs", "sources"):
            record[key] = " | ".join(record[key])
        writer.writerow(record)
    return response


@require_GET
@cached_page
def treaty_json(request: HttpRequest, slug: str) -> HttpResponse:
    """The participants table as JSON, with the date and filter it was taken for."""
    treaty = get_object_or_404(Treaty, slug=slug)
    context = _treaty_context(request, treaty)
    if context["errors"]:
        return JsonResponse({"errors": context["errors"]}, status=400)
    body = {
        "treaty": {"slug": treaty.slug, "short_name": treaty.short_name, "title": treaty.title},
        "on": context["on"].isoformat(),
        "status": context["status"] or None,
        "participants": [ps.participant_record(row) for row in context["rows"]],
    }
    response = JsonResponse(body, json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Content-Disposition"] = f'attachment; filename="{_download_name(context)}.json"'
    return response


# --- Compare ----------------------------------------------------------------------------------


@require_GET
@cached_page
def compare(request: HttpRequest) -> HttpResponse:
    treaties = list(ps.all_treaties())
    by_slug = {t.slug: t for t in treaties}
    today = timezone.localdate()
    on = parse_date(request, "on", today)
    errors = [on.error] if on.error else []
    a_slug = request.GET.get("a", "apmbc" if "apmbc" in by_slug else "")
    b_slug = request.GET.get("b", "ccm" if "ccm" in by_slug else "")
    a, b = by_slug.get(a_slug), by_slug.get(b_slug)
    for slug, treaty in ((a_slug, a), (b_slug, b)):
        if slug and treaty is None:
            errors.append(f"No treaty “{slug[:40]}”.")
    comparison = ps.compare_parties(a=a, b=b, on=on.value) if a and b else None
    context = {
        "treaties": treaties,
        "a": a,
        "b": b,
        "on": on.value,
        "comparison": comparison,
        "errors": errors,
    }
    return render(request, "treaties/compare.html", context, status=400 if errors else 200)


# --- Map geometry -----------------------------------------------------------------------------


def _sprite_etag(request: HttpRequest) -> str:
    return f"w{len(worldmap.sprite_svg())}"


@require_GET
@etag(_sprite_etag)
def world_svg(request: HttpRequest) -> HttpResponse:
    """The shapes every map on the site references; cached by browsers for a day."""
    response = HttpResponse(worldmap.sprite_svg(), content_type="image/svg+xml")
    response["Cache-Control"] = "public, max-age=86400"
    return response


def treaty_or_404(slug: str) -> Treaty:
    """The treaty with this slug, or a 404 (used by the feeds)."""
    try:
        return Treaty.objects.get(slug=slug)
    except Treaty.DoesNotExist as exc:
        raise Http404("No such treaty") from exc


def treaty_url(treaty: Treaty) -> str:
    return reverse("treaties:treaty", kwargs={"slug": treaty.slug})
