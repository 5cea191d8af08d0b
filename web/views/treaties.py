"""The treaty page (status on any date) and its downloads (CSV, JSON).

Views parse the query string, call selectors and render; every page runs a fixed number of
queries whatever the size of the treaty (asserted in tests/web).
"""

from __future__ import annotations

import csv
from datetime import date, timedelta
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from events.models import steps_text
from events.selectors.participants import ParticipantRow, participants_on
from events.selectors.treaties import changes_between, party_timeline
from events.spreadsheet import neutralise
from rules import CONSENTED_UNKNOWN, NOT_JOINED, ORDER, status_label
from serving.conditional import cached_page
from treaties.models import Treaty

from .. import worldmap
from ..chart import timeline_chart
from ..params import accepts, date_param, status_param
from ..presenters import map_statuses, participant_record


def _counts(rows: list[ParticipantRow]) -> list[dict[str, Any]]:
    tally = dict.fromkeys(ORDER, 0)
    for row in rows:
        tally[row.status] = tally.get(row.status, 0) + 1
    return [
        {"status": s, "label": status_label(s), "count": tally[s]}
        for s in ORDER
        if s != NOT_JOINED or tally[s]
    ]


def _map_items(rows: list[ParticipantRow]) -> list[dict[str, str]]:
    statuses = map_statuses(rows)
    items = []
    for country in worldmap.countries():
        status, name = statuses.get(country.numeric, (NOT_JOINED, country.name))
        items.append(
            {
                "numeric": country.numeric,
                "name": name,
                "status": status,
                "label": status_label(status),
            }
        )
    return items


def _treaty_context(request: HttpRequest, treaty: Treaty) -> dict[str, Any]:
    today = timezone.localdate()
    on = date_param(request, "on", today)
    since = date_param(request, "since", on.value - timedelta(days=365))
    status, status_error = status_param(request)
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


@accepts("on", "since", "status")
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
            "table": [(row, status_label(row.status)) for row in context["rows"]],
            "status_label": status_label(context["status"]) if context["status"] else "",
            "status_keep": [("status", context["status"])] if context["status"] else [],
            "map_items": _map_items(context["all_rows"]),
            "map_height": worldmap.HEIGHT,
            "chart": timeline_chart(party_timeline(treaty=treaty), on, context["today"]),
            "uncounted": sum(r.status == CONSENTED_UNKNOWN for r in context["all_rows"]),
            "changes": [{"change": c, "label": status_label(c.status)} for c in changes],
            "status_choices": [(s, status_label(s)) for s in ORDER],
            "download_query": _download_query(on, context["status"]),
            "permalink": f"{request.path}?on={on.isoformat()}",
            "explanation": steps_text(treaty.entry_into_force_explanation),
        }
    )
    return render(
        request, "treaties/treaty_detail.html", context, status=400 if context["errors"] else 200
    )


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
    "entry_into_force_basis",
    "entry_into_force_explanation",
    "withdrawal_notified",
    "withdrawal_effective",
    "withdrawal_effective_basis",
    "withdrawal_explanation",
    "notes",
    "notification_refs",
    "sources",
)


@accepts("on", "status")
@require_GET
@cached_page
def treaty_csv(request: HttpRequest, slug: str) -> HttpResponse:
    """The participants table exactly as the page shows it for the same ``on`` and ``status``
    (text cells neutralised against spreadsheet formulas)."""
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
        record = participant_record(row)
        for key in ("notes", "notification_refs", "sources"):
            record[key] = " | ".join(record[key])
        # An editor's note or a name must not run as a formula in the reader's spreadsheet.
        writer.writerow({k: neutralise(v) if isinstance(v, str) else v for k, v in record.items()})
    return response


@accepts("on", "status")
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
        "participants": [participant_record(row) for row in context["rows"]],
    }
    response = JsonResponse(body, json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Content-Disposition"] = f'attachment; filename="{_download_name(context)}.json"'
    return response
