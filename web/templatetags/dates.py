"""Date filters for the pages: ``day`` ("1 Mar 1999") and ``iso`` ("1999-03-01").

They give exactly what ``|date:"j M Y"`` and ``|date:"Y-m-d"`` give in our English locale,
for a small fraction of the time: the big pages format over a thousand dates each, and
Django's general date formatting was a quarter of the APMBC page's render time.
"""

from __future__ import annotations

from datetime import date

from django import template
from django.utils.safestring import mark_safe

from rules.dates import FIRST_SUPPORTED_DAY, LAST_SUPPORTED_DAY, format_date

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
