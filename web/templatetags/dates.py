"""Date filters for the pages: ``day`` ("1 Mar 1999") and ``iso`` ("1999-03-01"); the
participants table's computed-date cell (``date_cell``).

They give exactly what ``|date:"j M Y"`` and ``|date:"Y-m-d"`` give in our English locale,
for a small fraction of the time: the big pages format over a thousand dates each, and
Django's general date formatting was a quarter of the APMBC page's render time.
"""

from __future__ import annotations

from datetime import date

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from rules.basis import BASIS_NOTES
from rules.dates import FIRST_SUPPORTED_DAY, LAST_SUPPORTED_DAY, format_date

from ..presenters import DateCell

register = template.Library()


@register.filter(is_safe=True)
def day(value: date | None) -> str:
    """``1 Mar 1999``; empty for no date."""
    if not isinstance(value, date):
        return ""
    return format_date(value)


@register.filter(is_safe=True)
def iso(value: date | None) -> str:
    """``1999-03-01``; empty for no date."""
    if not isinstance(value, date):
        return ""
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"


@register.simple_tag
def date_bounds() -> str:
    """The ``min`` and ``max`` attributes of a date input: the dates the site shows, so that
    the browser's picker offers only those (a date outside them is explained, not shown)."""
    return mark_safe(f'min="{iso(FIRST_SUPPORTED_DAY)}" max="{iso(LAST_SUPPORTED_DAY)}"')


@register.simple_tag
def date_cell(cell: DateCell | None, what: str, state_name: str) -> str:
    """A computed date as the participants table shows it: the date, the article it follows
    from, and the steps behind a "how" toggle (or "not computed" with the engine's reason).

    Written here rather than as an include: the table has two per row, and includes were a
    large part of the APMBC page's render time. The cell leaves room for a short note on how
    the date is known (``<span class="basis">``) after the article.
    """
    if cell is None:
        return ""
    if cell.day is None:
        reason = f": {cell.steps[-1]}" if cell.steps else ""
        return format_html('<span class="muted">not computed{}</span>', reason)
    article = (
        format_html(' <span class="art">art.&nbsp;{}</span>', cell.article) if cell.article else ""
    )
    note = BASIS_NOTES.get(cell.event.effective_date_basis or "", "")
    if note:
        article = format_html('{} <span class="basis">({})</span>', article, note)
    to_come = mark_safe(' <span class="muted">(to come)</span>') if cell.after_on else ""
    steps = format_html_join("", "<li>{}</li>", ((step,) for step in cell.steps)) or mark_safe(
        "<li>No explanation stored.</li>"
    )
    condition = format_html("<p>{}</p>", cell.condition) if cell.condition else ""
    published = cell.event.published_effective_date
    disagreement = (
        format_html('<p class="warn">The depositary published {}.</p>', format_date(published))
        if cell.event.disagrees_with_depositary and published
        else ""
    )
    return format_html(
        '<div class="date-cell"><time datetime="{}">{}</time>{}{} '
        '<details class="why"><summary>how<span class="visually-hidden"> {} of {} was computed'
        "</span></summary><ol>{}</ol>{}{}</details></div>",
        iso(cell.day), format_date(cell.day), article, to_come, what, state_name, steps,
        condition, disagreement,
    )  # fmt: skip
