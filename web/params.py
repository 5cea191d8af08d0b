"""Query parameters of the pages: ``serving.params`` parsers, worded as notices on the page.

A page with a bad parameter still renders (with the default) and says what was wrong, with
status 400; the API refuses the request instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.http import HttpRequest

from rules import ORDER
from rules.dates import format_date
from serving.params import ParamError, parse_date

#: The dates a page shows: treaties of the modern era, and a projection of two centuries.
#: Outside them a page says so instead of computing year-one or year-9999 arithmetic.
EARLIEST, LATEST = date(1800, 1, 1), date(2199, 12, 31)


@dataclass(frozen=True)
class DateParam:
    value: date
    error: str = ""


def date_param(request: HttpRequest, name: str, default: date) -> DateParam:
    """A YYYY-MM-DD query parameter, or ``default`` with a message saying what was wrong."""
    raw = request.GET.get(name, "").strip()
    if not raw:
        return DateParam(default)
    try:
        value = parse_date(name, raw)
    except ParamError:
        return DateParam(default, f"“{raw[:40]}” is not a date; use the form YYYY-MM-DD.")
    if not EARLIEST <= value <= LATEST:
        return DateParam(
            default,
            f"{format_date(value)} is outside the dates this site shows "
            f"({format_date(EARLIEST)} to {format_date(LATEST)}); showing "
            f"{format_date(default)} instead.",
        )
    return DateParam(value)


def status_param(request: HttpRequest) -> tuple[str, str]:
    """The ``status`` filter, or "" with a message for an unknown one."""
    status = request.GET.get("status", "").strip()
    if status and status not in ORDER:
        return "", f"Unknown status “{status[:40]}”; showing every status."
    return status, ""
