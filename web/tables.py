"""The treaty page's participants table: its rows as HTML, written by Python, and its pages.

A row has some 35 values; through the template engine each costs a variable lookup, a
filter and an escape, and a table of 1,000 participants (the ten-times corpus's largest
treaty) took ~400 ms to render, nine tenths of the page's first rendering. Written here the
same bytes take a tenth of that, with the computed-date cells (:func:`date_cell`); the map's
shapes (``presenters.map_shapes_html``) are written the same way, for the same reason.

Every value from the data is escaped as the template engine would (``html.escape``, which
``django.utils.html.escape`` calls); values already safe (the date's hole, the date cells)
are written as they are.

A table longer than ``TABLE_PAGE_ROWS`` is shown a page at a time (:func:`table_page`), so
that the page's rendering and size stay bounded whatever the treaty's size.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from html import escape

from django.utils.safestring import SafeString, mark_safe

from events.selectors.noted import NOTED_HISTORY_INTRO
from events.selectors.timeline import period_basis
from rules.dates import format_date

from .presenters import DateCell, ParticipantView
from .templatetags.dates import day, iso


def badge(basis: str) -> str:
    """What a date rests on, in one word (``rules.basis``; the legend: ``BASIS_LEGEND``)."""
    basis = escape(basis)
    return f' <span class="badge b-{basis}">{basis}</span>'


def date_cell(
    cell: DateCell | None, what: str, state_name: str, bound_by: date | None = None
) -> str:
    """A computed date as the table shows it: the date, the article it follows from and how
    the date is known (``<span class="basis">``), and the steps behind a "how" toggle; or
    "not computed" with the engine's reason. ``what`` and ``state_name`` name the toggle for
    screen readers ("how the entry into force of Chile was computed")."""
    if cell is None:
        return ""
    if cell.day is None:
        reason = f": {escape(cell.steps[-1])}" if cell.steps else ""
        # The status says bound: the cell says by when, from the same decision.
        by = f"; bound by {day(bound_by)} at the latest" if bound_by else ""
        return f'<span class="muted">not computed{by}{reason}</span>'
    article = f' <span class="art">art.&nbsp;{escape(cell.article)}</span>' if cell.article else ""
    # One badge per date; what each means is said once, in the legend above the table.
    article += badge(cell.event.effective_date_basis or "unknown")
    to_come = ' <span class="muted">(to come)</span>' if cell.after_on else ""
    steps = "".join(f"<li>{escape(step)}</li>" for step in cell.steps)
    condition = f"<p>{escape(cell.condition)}</p>" if cell.condition else ""
    published = cell.event.published_effective_date
    disagreement = (
        f'<p class="warn">The depositary published {format_date(published)}.</p>'
        if cell.event.disagrees_with_depositary and published
        else ""
    )
    return (
        f'<div class="date-cell"><time datetime="{iso(cell.day)}">{day(cell.day)}</time>'
        f'{article}{to_come} <details class="why"><summary>how<span class="visually-hidden"> '
        f"{escape(what)} of {escape(state_name)} was computed</span></summary>"
        f"<ol>{steps or '<li>No explanation stored.</li>'}</ol>{condition}{disagreement}"
        "</details></div>"
    )


def _periods(view: ParticipantView, latest: date | None = None) -> str:
    """The membership periods; a start that is only the latest day the state can have become
    bound (``ParticipantRow.bound_by_latest``) reads "by" it."""
    if not view.periods:
        return '<span class="muted">never</span>'
    parts = []
    for start, end, to_come in view.periods:
        by = "by " if start == latest else ""
        if end is None:
            until = "<small>still bound</small>"
        else:
            pending = " <small>(pending)</small>" if to_come else ""
            until = f'<time datetime="{iso(end)}">{day(end)}</time>{pending}'
        parts.append(
            f'<span class="period">{by}<time datetime="{iso(start)}">{day(start)}</time> \u2013 '
            f"{until}</span>"
        )
    return "".join(parts)


def _events(view: ParticipantView, name: str) -> str:
    """The events with their sources and note references, then the numbered notes."""
    items = []
    for event, number in view.events:
        kind = escape(event.get_kind_display())
        ref = f" ({escape(event.notification_ref)})" if event.notification_ref else ""
        noteref = (
            f' <a href="#note-{number}" class="noteref" aria-label="note {number}">[{number}]</a>'
            if number
            else ""
        )
        items.append(
            f'<li>{kind}, <time datetime="{iso(event.date)}">{day(event.date)}</time>{ref} · '
            f'<a href="{escape(event.source_url)}" rel="noopener">source<span '
            f'class="visually-hidden"> of {name}\'s '
            f"{escape(event.get_kind_display().lower())}</span></a>{noteref}</li>"
        )
    html = f'<ul class="events">{"".join(items)}</ul>'
    count = len(items)
    what = f"{count} event{'s' if count != 1 else ''}" + (
        f", {len(view.notes)} note{'s' if len(view.notes) != 1 else ''}" if view.notes else ""
    )
    if view.notes:
        notes = "".join(
            f'<li value="{note.number}" id="note-{note.number}">'
            f"{' '.join(escape(text) for text in note.texts)}</li>"
            for note in view.notes
        )
        html += f'<ol class="row-notes">{notes}</ol>'
    for text in view.noted:
        html += f'<p class="noted-history">{escape(NOTED_HISTORY_INTRO)}: «{escape(text)}»</p>'
    # Collapsed behind one tap: on a phone the card shows the status and its date.
    return (
        f'<details class="more"><summary>Details<span class="visually-hidden">: dates, events '
        f"and sources of {name}</span> <small>({what})</small></summary>{html}</details>"
    )


def participant_row_html(view: ParticipantView, on_iso: str, state_url: str) -> str:
    """One row of the participants table (``on_iso``: the date as the links carry it, safe;
    ``state_url``: the state page's address)."""
    row, state = view.row, view.state
    code, name, status = escape(state.code), escape(state.short_name), escape(row.status)
    # One decision for the status, the periods and the entry into force: where the date of
    # effect is not computed, the status period's start is the latest day, not the day.
    latest = row.bound_by_latest
    if latest and row.status == "party" and row.since == latest:
        since = f"<br><small>bound by {day(latest)} at the latest</small>"
    else:
        since = f"<br><small>since {day(row.since)}</small>" if row.since else ""
    if row.since:
        acts = [
            (e.date, e.effective_date, e.effective_date_basis)
            for e in row.events
            if not e.superseded
        ]
        since += badge(period_basis(row.since, acts))
    first = iso(view.periods[0][0]) if view.periods else ""
    signature = (
        f'<time datetime="{iso(row.signature_date)}">{day(row.signature_date)}</time>'
        if row.signature
        else ""
    )
    consent = (
        f"{escape(row.consent.get_kind_display())}<br>"
        f'<time datetime="{iso(row.consent_date)}">{day(row.consent_date)}</time>'
        if row.consent
        else ""
    )
    withdrawal = (
        f'<small>notified <time datetime="{iso(row.withdrawal_notified_on)}">'
        f"{day(row.withdrawal_notified_on)}</time>, takes effect</small><br>"
        f"{date_cell(view.withdrawal, 'the withdrawal', state.short_name)}"
        if row.withdrawal
        else ""
    )
    return (
        f'\n      <tr id="state-{code}" data-status="{status}" data-code="{code}">'
        f'\n        <th scope="row" data-value="{escape(view.sort_name)}">'
        f'<a href="{escape(state_url)}?on={on_iso}">{name}</a></th>'
        f'\n        <td data-label="Status" data-value="{view.status_order}" class="status-cell">'
        f'<span class="status"><span class="swatch s-{status}" aria-hidden="true"></span>'
        f"{escape(view.label)}</span>{since}</td>"
        f'\n        <td data-label="Bound" data-value="{first}" class="periods when">'
        f"{_periods(view, latest)}</td>"
        f'\n        <td data-label="Signature" data-value="{iso(row.signature_date)}" class="when">'
        f"{signature}</td>"
        f'\n        <td data-label="Consent" data-value="{iso(row.consent_date)}" class="when">'
        f"{consent}</td>"
        f'\n        <td data-label="In force for the state" class="when" '
        f'data-value="{iso(row.entry_into_force_date)}">'
        f"{date_cell(view.entry_into_force, 'the entry into force', state.short_name, latest)}"
        "</td>"
        f'\n        <td data-label="Withdrawal" data-value="{iso(row.withdrawal_effective_on)}" '
        'class="when">'
        f"{withdrawal}</td>"
        f'\n        <td data-label="Events and notes" class="notes">{_events(view, name)}</td>'
        "\n      </tr>\n    "
    )


def participant_rows_html(
    table: list[ParticipantView], on_iso: str, state_url: Callable[[str], str]
) -> SafeString:
    """Every row of the table, as the page's ``<tbody>`` holds them."""
    # Every value is escaped above; ``on_iso`` and the date cells are safe already.
    return mark_safe(
        "".join(participant_row_html(v, on_iso, state_url(v.state.code)) for v in table)
    )


#: Rows per page of the participants table. Every treaty of the UN's corpus has fewer
#: participants (at most some 200 states and organisations), so its table is one page, as
#: before; a larger one (the ten-times corpus's treaty of 1,000) is paged: whole, its page
#: was 2 MB and took ~150 ms to render, for each change point of the treaty.
TABLE_PAGE_ROWS = 250


def page_address(on_iso: str, status: str, number: int) -> str:
    """The query of page ``number`` of the table on the date shown, with its filter (the
    pager's links and the map's links to rows on another page)."""
    keep = f"&status={status}" if status else ""
    return f"?on={on_iso}{keep}&page={number}"


@dataclass(frozen=True)
class PageLink:
    """A page of the table, named by its first and last state."""

    number: int
    first_name: str
    last_name: str
    current: bool


@dataclass(frozen=True)
class TablePage:
    """Which rows of a paged table a page shows (``first``, ``last``: 1-based, inclusive)."""

    number: int
    count: int
    size: int
    first: int
    last: int
    links: list[PageLink]

    def of(self, index: int) -> int:
        """The page of the row at ``index`` (0-based) of the whole table."""
        return index // self.size + 1


def table_page(table: list[ParticipantView], number: int) -> TablePage | None:
    """Page ``number`` (from 1; past the last, the last) of ``table``, or None for a table
    that fits on one page."""
    size = TABLE_PAGE_ROWS
    if len(table) <= size:
        return None
    count = -(-len(table) // size)
    number = min(number, count)
    links = [
        PageLink(
            n,
            table[(n - 1) * size].state.short_name,
            table[min(n * size, len(table)) - 1].state.short_name,
            n == number,
        )
        for n in range(1, count + 1)
    ]
    last = min(number * size, len(table))
    return TablePage(number, count, size, (number - 1) * size + 1, last, links)
