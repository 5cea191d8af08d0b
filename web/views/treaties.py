"""The treaty page (status on any date) and its downloads (CSV, JSON, the dates of change).

Views parse the query string, call a presenter or selectors and render; every page runs a fixed
number of queries whatever the size of the treaty (asserted in tests/web). The page's context
is built by ``web.presenters.treaty_page``.

The page is stored per change point of the treaty (``serving.answers``): the spellings of the
date asked for are holes filled per request, and the two parts that depend on the date itself,
not only on its change point (the chart's marker, the changes since a second date), are stored
on their own with holes of their own (``serving.conditional.stored_part``).
"""

from __future__ import annotations

import csv
from datetime import date, timedelta
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from events.selectors.participants import ParticipantRow, participants_on
from events.selectors.record import record_day
from events.selectors.treaties import changes_between, party_timeline, status_change_dates
from events.spreadsheet import neutralise
from rules import status_label
from rules.dates import format_date
from serving.answers import Answer, epoch, remember
from serving.conditional import cached_page, stored_part
from treaties.models import Treaty

from ..chart import timeline_chart
from ..params import DateParam, accepts, date_param, page_param, status_param
from ..presenters import participant_record, participant_views
from ..presenters.dates import date_holes
from ..presenters.treaty_page import treaty_page
from ..record import past_record_holes


def _treaty_context(request: HttpRequest, treaty: Treaty) -> dict[str, Any]:
    today = timezone.localdate()
    on = date_param(request, "on", today)
    since = date_param(request, "since", on.value - timedelta(days=365))
    status, status_error = status_param(request)
    record = record_day(treaty, on.value)  # a date past the record: the record's date
    all_rows = participants_on(treaty=treaty, on=record.day)
    rows = [r for r in all_rows if r.status == status] if status else all_rows
    return {
        "treaty": treaty,
        "today": today,
        "record": record,
        "on": record.day,
        "since": since.value,
        "status": status,
        "errors": [e for e in (on.error, since.error, status_error) if e],
        "all_rows": all_rows,
        "rows": rows,
    }


def _treaty_with_timeline(slug: str) -> tuple[Treaty, list[tuple[date, int]]] | None:
    treaty = Treaty.objects.filter(slug=slug).first()
    return (treaty, party_timeline(treaty=treaty)) if treaty is not None else None


def _treaty_answer(request: HttpRequest, slug: str, version: str) -> Answer:
    """What the treaty page shows: stored per change point, status filter and day, with what
    depends on the date itself in holes."""
    today = timezone.localdate()
    on = date_param(request, "on", today)
    since = date_param(request, "since", on.value - timedelta(days=365))
    asked_since, reversed_range = since.value, since.value > on.value and not since.error
    status, status_error = status_param(request)
    page, page_error = page_param(request)
    # The treaty and its count of states bound over time, read once per data version.
    facts = remember(version, ("treaty-page", slug), lambda: _treaty_with_timeline(slug))
    treaty, series = facts or (None, [])
    # -- the record's date (events.selectors.record): a date past it is answered with the
    # status on it, the date asked for a hole of its own.
    record = record_day(treaty, on.value) if treaty else None
    day = record.day if record else on.value
    if record and record.past_record:
        since = date_param(request, "since", day - timedelta(days=365))
        since = DateParam(min(since.value, day), since.error)
    if reversed_range:
        # A reversed range: refused with a message, the year before the date shown instead.
        since = DateParam(
            day - timedelta(days=365),
            f"The changes cannot start on {format_date(asked_since)}, after the date shown "
            f"({format_date(on.value)}): choose a start on or before it. Showing the year "
            "before it.",
        )
    errors = [e for e in (on.error, since.error, status_error, page_error) if e]
    # -- end of the record's date
    # What the page says about the date that is not decided by the change points: the notes
    # on adoption and entry into force (the recorded date is no change point), a projection,
    # the link back to today.
    flags = (
        day == today,
        day > today,
        bool(treaty and treaty.adopted_on and day < treaty.adopted_on),
        bool(treaty and treaty.entry_into_force_date and day < treaty.entry_into_force_date),
    )
    answer = Answer(
        parts=("treaty", status, str(page), today.isoformat(), *map(str, flags)),
        scope=("treaty", slug),
        on=day,
        holes={**date_holes(request, day), **past_record_holes(treaty, record)},
        storable=treaty is not None and not errors,
        context={"treaty": treaty, "today": today, "on": on, "since": since, "status": status,
                 "page": page, "errors": errors, "series": series, "record": record},
    )  # fmt: skip
    if treaty is not None:
        _chart_part(answer, version, series, today)
        _changes_part(answer, version, treaty, since, status)
    return answer


def _chart_part(answer: Answer, version: str, series: list[tuple[date, int]], today: date) -> None:
    """The chart's drawing, stored once for every date of the data version with the marker
    of the date as a hole (the marker moves with the date, the drawing does not: it spans the
    series up to today); a date past the chart's end (a projection) widens it and is drawn
    per request."""
    chart = answer.context["chart"] = timeline_chart(series, answer.on, today)
    if not chart:
        answer.holes["chart_svg"] = ""
        return
    x = chart["on_x"]
    line = '<line x1="{}" x2="{}" y1="{}" y2="{}" class="on"/>'
    answer.holes["on_line"] = (
        format_html(line, x, x, chart["peak_y"], chart["base_y"]) if x is not None else ""
    )

    def render_svg(maker: Answer) -> str:
        return render_to_string(
            "treaties/_chart_svg.html", {"chart": chart, "on_line": maker.hole("on_line")}
        )

    if answer.on > max(today, series[-1][0]):
        answer.holes["chart_svg"] = mark_safe(render_svg(answer))
        return
    stored_part(answer, version, "chart_svg", (), render_svg, dated=False)


def _changes_part(
    answer: Answer, version: str, treaty: Treaty, since: DateParam, status: str
) -> None:
    """The changes between ``since`` and the date: stored per pair of change points (which
    decide them), with the spellings of both dates as holes."""
    on, other = answer.on, since.value
    answer.holes |= {"since_iso": other.isoformat(), "since_day": format_date(other)}

    def render_changes(maker: Answer) -> str:
        start, end = (other, on) if other < on else (on, other)
        changes = changes_between(treaty=treaty, start=start, end=end)
        context = {
            "changes": [{"change": c, "label": status_label(c.status)} for c in changes],
            "status": status,
            **{name: maker.hole(name) for name in ("on_iso", "on_day", "since_iso", "since_day")},
        }
        return render_to_string("treaties/_changes.html", context)

    since_epoch = epoch(version, answer.scope, other)
    stored_part(answer, version, "changes", (since_epoch, str(other < on)), render_changes)


def _to_page(request: HttpRequest, number: int) -> HttpResponseRedirect:
    """The same address on page ``number`` of the table (without ``page`` for the first)."""
    query = request.GET.copy()
    query.pop("page", None)
    if number > 1:
        query["page"] = str(number)
    return HttpResponseRedirect(f"{request.path}?{query.urlencode()}" if query else request.path)


@accepts("on", "since", "status", "page")
@require_GET
@cached_page(answer=_treaty_answer)
def treaty_detail(request: HttpRequest, slug: str, answer: Answer) -> HttpResponse:
    """The treaty on ``?on=`` (default today), filtered by ``?status=``, the table's
    ``?page=``, the changes since ``?since=``: its context is built by
    ``web.presenters.treaty_page``."""
    if answer.context["treaty"] is None:
        raise Http404("No such treaty")
    page = treaty_page(answer, request.path)
    if page.redirect_to is not None:
        return _to_page(request, page.redirect_to)
    return render(request, "treaties/treaty_detail.html", page.context, status=page.status)


@require_GET
@cached_page
def treaty_dates(request: HttpRequest, slug: str) -> JsonResponse:
    """Every date on which some state's status towards the treaty changed: the steps of the
    page's time slider (stored like the pages, so a repeat costs one query)."""
    treaty = get_object_or_404(Treaty, slug=slug)
    dates = status_change_dates(treaty=treaty)
    return JsonResponse({"treaty": treaty.slug, "dates": [d.isoformat() for d in dates]})


def _download_name(context: dict[str, Any]) -> str:
    suffix = f"-{context['status']}" if context["status"] else ""
    return f"{context['treaty'].slug}-{context['on'].isoformat()}{suffix}"


CSV_COLUMNS = (
    "state",
    "code",
    "status",
    "status_label",
    "membership_periods",
    "signature",
    "consent_kind",
    "consent_date",
    "entry_into_force",
    "entry_into_force_basis",
    "entry_into_force_article",
    "entry_into_force_explanation",
    "withdrawal_notified",
    "withdrawal_effective",
    "withdrawal_effective_basis",
    "withdrawal_article",
    "withdrawal_condition",
    "withdrawal_explanation",
    "notes",
    "notification_refs",
    "sources",
)
#: Excel reads a CSV as UTF-8 only when it starts with a byte order mark.
BOM = "\ufeff"


def write_participants_csv(
    response: HttpResponse, rows: list[ParticipantRow], on: date, *, treaty_column: bool = False
) -> None:
    """The participants rows as CSV (UTF-8 with a BOM), one row per participant."""
    columns = (("treaty", *CSV_COLUMNS)) if treaty_column else CSV_COLUMNS
    writer = csv.DictWriter(response, fieldnames=columns)
    writer.writeheader()
    for row in rows:
        record = participant_record(row, on)
        for key in ("notes", "notification_refs", "sources"):
            record[key] = " | ".join(record[key])
        if treaty_column:
            record["treaty"] = row.treaty.slug
        # An editor's note or a name must not run as a formula in the reader's spreadsheet.
        writer.writerow({k: neutralise(v) if isinstance(v, str) else v for k, v in record.items()})


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
    response = HttpResponse(BOM, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_download_name(context)}.csv"'
    rows = [v.row for v in participant_views(context["rows"], context["on"])]
    write_participants_csv(response, rows, context["on"])
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
    on = context["on"]
    body = {
        "treaty": {"slug": treaty.slug, "short_name": treaty.short_name, "title": treaty.title},
        "on": on.isoformat(),
        # The record's date: a date past it is answered with the status on it.
        "asked": context["record"].asked.isoformat(),
        "record_as_of": context["record"].record_as_of,
        "past_record": context["record"].past_record,
        "has_participant_data": treaty.has_participant_data,
        "status": context["status"] or None,
        "participants": [
            participant_record(v.row, on) for v in participant_views(context["rows"], on)
        ],
    }
    response = JsonResponse(body, json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Content-Disposition"] = f'attachment; filename="{_download_name(context)}.json"'
    return response
