"""The treaty page (status on any date) and its downloads (CSV, JSON, the dates of change).

Views parse the query string, call selectors and render; every page runs a fixed number of
queries whatever the size of the treaty (asserted in tests/web).

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
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET

from events.models import steps_text
from events.selectors.participants import ParticipantRow, participants_on
from events.selectors.record import record_basis_words, record_day
from events.selectors.treaties import changes_between, party_timeline, status_change_dates
from events.spreadsheet import neutralise
from rules import CONSENTED_UNKNOWN, NOT_JOINED, ORDER, status_label
from rules.catalogue import REQUIRED_STATES
from rules.dates import format_date
from serving.answers import Answer, epoch, remember
from serving.conditional import cached_page, stored_part
from states.models import State
from states.names import sort_key
from treaties.models import Treaty

from .. import worldmap
from ..chart import timeline_chart
from ..params import DateParam, accepts, date_param, page_param, status_param
from ..presenters import (
    ParticipantView,
    bound_count,
    map_shapes_html,
    map_statuses,
    participant_record,
    participant_views,
    url_maker,
)
from ..record import NO_DATA, NO_TABLE_LABEL, legend_choices, past_record_holes
from ..tables import TablePage, page_address, participant_rows_html, table_page


def _counts(rows: list[ParticipantRow]) -> list[dict[str, Any]]:
    tally = dict.fromkeys(ORDER, 0)
    for row in rows:
        tally[row.status] = tally.get(row.status, 0) + 1
    return [
        {"status": s, "label": status_label(s), "count": tally[s]}
        for s in ORDER
        if s != NOT_JOINED or tally[s]
    ]


#: A country without a row, for a treaty whose pre-1946 instruments (the League of Nations')
#: are not imported: it may be bound by one, so "not joined" would be a guess.
_NOT_IN_TABLE = "Not in the UN's participants table (the League of Nations' list is not imported)"


def _map(
    rows: list[ParticipantRow],
    pages: dict[str, str] | None = None,
    *,
    partial: bool = False,
    no_table: bool = False,
) -> dict[str, Any]:
    """The map's countries with their status, the inset's, and participants it cannot show;
    each participant links to its table row, on the table's page that holds it (``pages``:
    the address of that page, for rows on another). ``partial``: the table is not the
    depositary's whole record (``Treaty.league_instruments``)."""
    pages = pages or {}
    by_numeric = map_statuses(rows)
    inset = worldmap.inset_countries()
    items = []
    for country in worldmap.countries():
        row = by_numeric.get(country.numeric)
        status = row.status if row else NO_DATA if no_table else NOT_JOINED
        items.append(
            {
                "numeric": country.numeric,
                "name": row.state.short_name if row else country.name,
                "code": row.state.code if row else "",
                "href": f"{pages.get(row.state.code, '')}#state-{row.state.code}" if row else "",
                "status": "disputed" if country.disputed else status,
                "label": (
                    "no participant in treaties (status disputed)"
                    if country.disputed
                    else NO_TABLE_LABEL
                    if no_table
                    else _NOT_IN_TABLE
                    if partial and row is None
                    else status_label(status)
                ),
                "since": row.since if row else None,
                "inset_only": country.inset_only,
                "in_inset": country.numeric in inset,
            }
        )
    drawn = {c.numeric for c in worldmap.countries()}
    unmapped = [
        r
        for r in rows
        if r.status != NOT_JOINED and worldmap.zero_padded(r.state.numeric) not in drawn
    ]
    sprite = f"{reverse('web:world-svg')}?v={worldmap.sprite_version()}"
    return {
        "world": map_shapes_html(items, sprite, inset=False),
        "inset": map_shapes_html(items, sprite, inset=True),
        "unmapped": unmapped,
        "inset_box": worldmap.INSET_BOX,
    }


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


def _required_missing(treaty: Treaty, rows: list[ParticipantRow]) -> dict[str, Any] | None:
    """For a treaty that waits for named states (the CTBT's Annex 2): those that had not
    deposited an instrument of consent by the date (one query, for their names)."""
    required = REQUIRED_STATES.get(treaty.slug)
    if required is None or treaty.entry_into_force_date is not None:
        return None
    deposited = {r.state.code for r in rows if r.consent is not None}
    missing = [code for code in required["codes"] if code not in deposited]
    names = dict(State.objects.filter(code__in=missing).values_list("code", "short_name"))
    # A required state missing from the reference data is still counted, under its code.
    states = sorted(
        ({"code": code, "short_name": names.get(code, code)} for code in missing),
        key=lambda s: sort_key(s["short_name"]),
    )
    return {
        "provision": required["provision"],
        "source": required["source"],
        "total": len(required["codes"]),
        "states": states,
    }


def _date_notes(treaty: Treaty, on: date, today: date) -> list[str]:
    """What a reader must know about the date shown, in sentences."""
    notes = []
    if treaty.adopted_on and on < treaty.adopted_on:
        notes.append(
            f"The {treaty.short_name} was adopted on {format_date(treaty.adopted_on)}: on this "
            "date it did not exist yet, so no state could be bound by it."
        )
    elif treaty.entry_into_force_date and on < treaty.entry_into_force_date:
        notes.append(
            f"The {treaty.short_name} was not yet in force on this date (it entered into force "
            f"on {format_date(treaty.entry_into_force_date)}): states could sign and consent, "
            "none was a party."
        )
    if on > today:
        notes.append(
            "Projection: this date is in the future. The page shows what the events recorded "
            "today imply for it; a later signature, ratification or withdrawal would change it."
        )
    return notes


def _freshness(treaty: Treaty, rows: list[ParticipantRow]) -> dict[str, Any]:
    """How current the facts are: the depositary's table last compared, the latest event."""
    latest = max((e.date for r in rows for e in r.events), default=None)
    return {
        "status_as_at": treaty.status_as_at,
        "latest_event": latest,
        "later_than_table": bool(latest and treaty.status_as_at and latest > treaty.status_as_at),
    }


def date_holes(request: HttpRequest, on: date) -> dict[str, str]:
    """What a stored page shows of the request itself, filled in per request: the spellings
    of the date asked for (as the ``iso`` and ``day`` filters write them) and the page's own
    address (escaped here: a hole's value goes into the page as it is)."""
    return {
        "on_iso": on.isoformat(),
        "on_day": format_date(on),
        "og_url": escape(request.build_absolute_uri()),
    }


def date_context(answer: Answer) -> dict[str, SafeString]:
    """The template's values of :func:`date_holes` (stand-ins while the page is stored)."""
    return {name: mark_safe(answer.hole(name)) for name in ("on_iso", "on_day", "og_url")}


def _treaty_with_timeline(slug: str) -> tuple[Treaty, list[tuple[date, int]]] | None:
    treaty = Treaty.objects.filter(slug=slug).first()
    return (treaty, party_timeline(treaty=treaty)) if treaty is not None else None


def _treaty_answer(request: HttpRequest, slug: str, version: str) -> Answer:
    """What the treaty page shows: stored per change point, status filter and day, with what
    depends on the date itself in holes."""
    today = timezone.localdate()
    on = date_param(request, "on", today)
    since = date_param(request, "since", on.value - timedelta(days=365))
    status, status_error = status_param(request)
    page, page_error = page_param(request)
    errors = [e for e in (on.error, since.error, status_error, page_error) if e]
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


def _hole(answer: Answer, name: str) -> SafeString:
    return mark_safe(answer.hole(name))


def _other_pages(
    table: list[ParticipantView], pager: TablePage | None, on_iso: str, status: str
) -> dict[str, str]:
    """The address of the table's page holding each row not on this one (for the map)."""
    if pager is None:
        return {}
    return {
        view.state.code: page_address(on_iso, status, pager.of(i))
        for i, view in enumerate(table)
        if pager.of(i) != pager.number
    }


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
    treaty = answer.context["treaty"]
    if treaty is None:
        raise Http404("No such treaty")
    today, status = answer.context["today"], answer.context["status"]
    on = answer.on  # the date asked for, or the record's date if that is earlier
    errors = answer.context["errors"]
    all_rows = participants_on(treaty=treaty, on=on)
    rows = [r for r in all_rows if r.status == status] if status else all_rows
    bound, pending = bound_count(all_rows)
    dates = date_context(answer)
    on_iso = dates["on_iso"]
    # Notes are numbered across the whole table, so that a note keeps its number on any page.
    table = participant_views(rows, on)
    pager = table_page(table, answer.context["page"])
    if answer.context["page"] != (pager.number if pager else 1):
        # Past the last page (the table is shorter on this date): its last page. Not stored.
        return _to_page(request, pager.count if pager else 1)
    shown = table[pager.first - 1 : pager.last] if pager else table
    context = {
        "treaty": treaty,
        "today": today,
        "status": status,
        "errors": errors,
        "rows": rows,
        **dates,
        "on_is_today": on == today,
        "counts": _counts(all_rows),
        "bound": bound,
        "pending": pending,
        "table": shown,
        "table_rows": participant_rows_html(shown, on_iso, url_maker("web:state")),
        "pager": pager,
        "pager_links": [(link, page_address(on_iso, status, link.number)) for link in pager.links]
        if pager
        else [],
        "status_label": status_label(status) if status else "",
        "status_keep": [("status", status)] if status else [],
        "map": _map(
            all_rows,
            _other_pages(table, pager, on_iso, status),
            partial=treaty.participants_incomplete,
            no_table=not treaty.has_participant_data,
        ),
        "map_height": worldmap.HEIGHT,
        "chart": answer.context["chart"],
        "chart_svg": _hole(answer, "chart_svg"),
        "changes_section": _hole(answer, "changes"),
        "uncounted": sum(r.status == CONSENTED_UNKNOWN for r in all_rows),
        "status_choices": [(s, status_label(s)) for s in ORDER],
        "league_rows": [
            (e["who"], e["kind"], date.fromisoformat(e["date"]))
            for e in sorted(treaty.league_list, key=lambda e: e["date"])
        ],
        "legend_choices": legend_choices(treaty),
        "download_query": format_html("on={}{}", on_iso, f"&status={status}" if status else ""),
        "permalink": format_html("{}?on={}", request.path, on_iso),
        "explanation": steps_text(treaty.entry_into_force_explanation),
        "date_notes": _date_notes(treaty, on, today),
        "freshness": _freshness(treaty, all_rows),
        "required": _required_missing(treaty, all_rows),
        "projection": on > today,
        # -- the record's date and its gaps (events.selectors.record, web.record)
        "record_basis": record_basis_words(treaty),
        "past_note": _hole(answer, "past_note"),
        "past_tag": _hole(answer, "past_tag"),
    }
    return render(request, "treaties/treaty_detail.html", context, status=400 if errors else 200)


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
