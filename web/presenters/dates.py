"""The date a page was asked for, as holes of a stored page (``serving.answers``): one stored
rendering serves every date of a change point, and these spellings are filled in per request."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from rules.dates import format_date
from serving.answers import Answer

DATE_HOLES = ("on_iso", "on_day", "og_url")


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
    return {name: mark_safe(answer.hole(name)) for name in DATE_HOLES}
