"""**The treaty page's context**: what ``treaties/treaty_detail.html`` shows of a treaty on a
date — the counts, the participants table (a page of it), the map, the chart and the changes
(stored parts, as holes), the notes on the date, the freshness of the record and the states
its entry into force waits for.

The view parses the request into an ``Answer`` (``web.views.treaties``) and renders; this
module reads through selectors (a fixed number of queries, asserted in tests/web) and decides
every word.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from events.models import steps_text
from events.selectors.noted import noted_history_by_state
from events.selectors.participants import ParticipantRow, participants_on
from events.selectors.record import record_basis_words
from rules import (
    CONSENTED_UNKNOWN,
    NOT_IN_TABLE,
    NOT_JOINED,
    ORDER,
    Rules,
    RulesError,
    status_label,
)
from rules.dates import format_date
from serving.answers import Answer
from states.names import sort_key
from states.selectors import short_names
from treaties.models import Treaty

from .. import worldmap
from ..record import NO_DATA, NO_TABLE_LABEL, legend_choices
from ..tables import TablePage, page_address, participant_rows_html, table_page
from .dates import date_context
from .rows import (
    ParticipantView,
    bound_count,
    map_shapes_html,
    map_statuses,
    participant_views,
    url_maker,
)
from .timeline import BASIS_LEGEND

#: A country without a row, for a treaty whose pre-1946 instruments (the League of Nations')
#: are not imported: it may be bound by one, so "not joined" would be a guess.
_NOT_IN_TABLE = f"{NOT_IN_TABLE} (the League of Nations' list is not imported)"


@dataclass(frozen=True)
class TreatyPage:
    """The page's context and HTTP status, or the table's page to send the reader to instead
    (``redirect_to``: the asked page is past the last one on this date)."""

    context: dict[str, Any]
    status: int = 200
    redirect_to: int | None = None


def treaty_page(answer: Answer, path: str) -> TreatyPage:
    """The treaty page for the answer's treaty, date, status filter and table page (``path``:
    the page's own address, for the permalink). The answer holds the treaty (not ``None``)."""
    treaty: Treaty = answer.context["treaty"]
    today, status = answer.context["today"], answer.context["status"]
    on = answer.on  # the date asked for, or the record's date if that is earlier
    errors = answer.context["errors"]
    all_rows = participants_on(treaty=treaty, on=on)
    rows = [r for r in all_rows if r.status == status] if status else all_rows
    bound, pending = bound_count(all_rows)
    dates = date_context(answer)
    on_iso = dates["on_iso"]
    # Notes are numbered across the whole table, so that a note keeps its number on any page.
    table = participant_views(rows, on, noted_history_by_state(treaty=treaty))
    pager = table_page(table, answer.context["page"])
    if answer.context["page"] != (pager.number if pager else 1):
        # Past the last page (the table is shorter on this date): its last page. Not stored.
        return TreatyPage({}, redirect_to=pager.count if pager else 1)
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
        "basis_legend": list(BASIS_LEGEND.items()),
        "download_query": format_html("on={}{}", on_iso, f"&status={status}" if status else ""),
        "permalink": format_html("{}?on={}", path, on_iso),
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
    return TreatyPage(context, status=400 if errors else 200)


def _counts(rows: list[ParticipantRow]) -> list[dict[str, Any]]:
    tally = dict.fromkeys(ORDER, 0)
    for row in rows:
        tally[row.status] = tally.get(row.status, 0) + 1
    return [
        {"status": s, "label": status_label(s), "count": tally[s]}
        for s in ORDER
        if s != NOT_JOINED or tally[s]
    ]


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


def _required_missing(treaty: Treaty, rows: list[ParticipantRow]) -> dict[str, Any] | None:
    """For a treaty whose rules name the states its entry into force waits for (the CTBT's
    Annex 2, ``entry_into_force.required_states``): those that had not deposited an
    instrument of consent by the date (one query, for their names)."""
    if treaty.entry_into_force_date is not None or not treaty.rules:
        return None
    try:
        required = Rules.from_dict(treaty.rules).entry_into_force.required_states
    except RulesError:
        return None  # rules the engine cannot read say nothing (the admin shows why)
    if required is None:
        return None
    deposited = {r.state.code for r in rows if r.consent is not None}
    missing = [code for code in required.codes if code not in deposited]
    names = short_names(missing)
    # A required state missing from the reference data is still counted, under its code.
    states = sorted(
        ({"code": code, "short_name": names.get(code, code)} for code in missing),
        key=lambda s: sort_key(s["short_name"]),
    )
    return {
        "provision": required.provision,
        "source": required.source,
        "total": len(required.codes),
        "states": states,
    }


def _date_notes(treaty: Treaty, on: date, today: date) -> list[str]:
    """What a reader must know about the date shown, in sentences."""
    notes = []
    if treaty.adopted_on and on < treaty.adopted_on:
        notes.append(
            f"The {treaty.name} was adopted on {format_date(treaty.adopted_on)}: on this "
            "date it did not exist yet, so no state could be bound by it."
        )
    elif treaty.entry_into_force_date and on < treaty.entry_into_force_date:
        notes.append(
            f"The {treaty.name} was not yet in force on this date (it entered into force "
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
