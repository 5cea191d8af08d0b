"""The treaty page (status on any date) and its downloads (CSV, JSON).

Views parse the query string, call selectors and render; every page runs a fixed number of
queries whatever the size of the treaty (asserted in tests/web).

The page is stored per change point of the treaty (``serving.answers``) the date asked for
falls in; its "what changed" section is stored apart, per change points of both its dates. The
dates' spellings and the chart (whose marker and extent follow the date itself) are filled in
for each request.
"""

from __future__ import annotations

import csv
from datetime import date, timedelta
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from events.models import steps_text
from events.selectors.participants import ParticipantRow, participants_on
from events.selectors.treaties import changes_between, party_timeline
from rules import NOT_JOINED, ORDER, status_label
from rules.dates import format_date
from serving.answers import Answer, epoch, remember
from serving.conditional import cached_page, stored_part
from treaties.models import Treaty

from .. import worldmap
from ..chart import timeline_chart
from ..params import date_param, status_param
from ..presenters import map_statuses, participant_record, url_maker


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


def date_holes(on: date, prefix: str = "on") -> dict[str, str]:
    """The spellings of the date asked for, filled into a stored page per request."""
    return {
        f"{prefix}_iso": on.isoformat(),
        f"{prefix}_day": format_date(on),
        f"{prefix}_long": date_format(on, "j F Y"),
    }


def _treaty_answer(request: HttpRequest, slug: str, version: str) -> Answer:
    """What the treaty page shows: stored per change point, status filter and day."""
    today = timezone.localdate()
    on = date_param(request, "on", today)
    since = date_param(request, "since", on.value - timedelta(days=365))
    status, status_error = status_param(request)
    errors = [e for e in (on.error, since.error, status_error) if e]
    # The treaty and its party count over time, read once per data version: a stored page is
    # then served with no query but the data version's.
    facts = remember(version, ("treaty-page", slug), lambda: _treaty_with_timeline(slug))
    treaty, series = facts or (None, [])
    answer = Answer(
        # The day: the chart runs to today, and "Today" is offered on every other date.
        parts=("treaty", status, today.isoformat(), str(on.value == today)),
        scope=("treaty", slug),
        on=on.value,
        holes=date_holes(on.value) | date_holes(since.value, "since"),
        storable=treaty is not None and not errors,
        context={
            "treaty": treaty,
            "today": today,
            "on": on.value,
            "since": since.value,
            "status": status,
            "errors": errors,
            "series": series,
        },
    )
    if treaty is None:
        return answer
    chart = timeline_chart(series, on.value, today)
    answer.holes["chart_figure"] = mark_safe(
        render_to_string("treaties/_chart_figure.html", {"on": on.value, "chart": chart})
    )

    def changes(holes: Answer) -> str:
        return _changes_section(holes, treaty, on.value, since.value, status)

    if answer.storable:
        # The changes shown are those between the change points of the two dates.
        since_epoch = epoch(version, ("treaty", slug), since.value)
        stored_part(answer, version, "changes_section", (since_epoch,), changes)
    else:
        answer.holes["changes_section"] = mark_safe(changes(answer))
    return answer


def _changes_section(answer: Answer, treaty: Treaty, on: date, since: date, status: str) -> str:
    changes = (
        changes_between(treaty=treaty, start=since, end=on)
        if since < on
        else changes_between(treaty=treaty, start=on, end=since)
    )
    return render_to_string(
        "treaties/_changes.html",
        {
            "on_iso": answer.hole("on_iso"),
            "on_day": answer.hole("on_day"),
            "since_iso": answer.hole("since_iso"),
            "since_day": answer.hole("since_day"),
            "status": status,
            "changes": [{"change": c, "label": status_label(c.status)} for c in changes],
        },
    )


def _treaty_with_timeline(slug: str) -> tuple[Treaty, list[tuple[date, int]]] | None:
    treaty = Treaty.objects.filter(slug=slug).first()
    return (treaty, party_timeline(treaty=treaty)) if treaty is not None else None


@require_GET
@cached_page(answer=_treaty_answer)
def treaty_detail(request: HttpRequest, slug: str, answer: Answer) -> HttpResponse:
    context = dict(answer.context)
    treaty = context["treaty"]
    if treaty is None:
        raise Http404("No such treaty")
    on, status = context["on"], context["status"]
    all_rows = participants_on(treaty=treaty, on=on)
    state_url = url_maker("web:state")
    rows = [r for r in all_rows if r.status == status] if status else all_rows
    on_iso = answer.hole("on_iso")
    context.update(
        {
            "on_iso": on_iso,
            "on_day": answer.hole("on_day"),
            "on_long": answer.hole("on_long"),
            "on_is_today": on == context["today"],
            "chart_figure": answer.hole("chart_figure"),
            "changes_section": answer.hole("changes_section"),
            "rows": rows,
            "counts": _counts(all_rows),
            "table": [(row, status_label(row.status), state_url(row.state.code)) for row in rows],
            "status_label": status_label(status) if status else "",
            "status_keep": [("status", status)] if status else [],
            "map_items": _map_items(all_rows),
            "map_height": worldmap.HEIGHT,
            "status_choices": [(s, status_label(s)) for s in ORDER],
            "download_query": _download_query(on_iso, status),
            "permalink": f"{request.path}?on={on_iso}",
            "explanation": steps_text(treaty.entry_into_force_explanation),
        }
    )
    return render(
        request, "treaties/treaty_detail.html", context, status=400 if context["errors"] else 200
    )


def _download_query(on_iso: str, status: str) -> str:
    params = {"on": on_iso}
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
        record = participant_record(row)
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
        "participants": [participant_record(row) for row in context["rows"]],
    }
    response = JsonResponse(body, json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Content-Disposition"] = f'attachment; filename="{_download_name(context)}.json"'
    return response
