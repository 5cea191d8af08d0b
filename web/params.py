"""Query parameters of the pages: ``serving.params`` parsers, worded as notices on the page.

A page with a bad parameter still renders (with the default) and says what was wrong, with
status 400; the API refuses the request instead. A parameter a page does not read at all is
not an error of the reader (a link shared with ``?utm_source=…``): the page redirects to its
URL without it (``web.middleware``), so junk never makes a rendering of its own.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from django.http import HttpRequest

from rules import ORDER
from rules.dates import format_date
from serving.params import (
    FIRST_SUPPORTED_DAY,
    LAST_SUPPORTED_DAY,
    ParamError,
    parse_count,
    parse_date,
)

View = TypeVar("View", bound=Callable[..., Any])

#: The dates a page shows: treaties of the modern era, and a projection of two centuries.
#: Outside them a page says so instead of computing year-one or year-9999 arithmetic.


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
    except ParamError as exc:
        if exc.code == "out_of_range":
            return DateParam(
                default,
                f"{raw} is outside the dates this site shows ({format_date(FIRST_SUPPORTED_DAY)} "
                f"to {format_date(LAST_SUPPORTED_DAY)}); showing {format_date(default)} instead.",
            )
        return DateParam(default, not_a_date(raw, default))
    return DateParam(value)


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")  # fmt: skip


def not_a_date(raw: str, default: date) -> str:
    """What is wrong with a date that is not one, in words, and what is shown instead:
    "“2025-13-01” is not a date: there is no month 13. …"."""
    shown = f"Write a date as year-month-day, e.g. 2024-09-06; showing {format_date(default)}."
    parts = raw.split("-")
    digits = len(parts) == 3 and all(p.isdigit() for p in parts)
    if digits and len(parts[0]) == 4 and int(parts[0]) > 0:
        year, month = int(parts[0]), int(parts[1])
        if not 1 <= month <= 12:
            return f"“{raw}” is not a date: there is no month {month}. {shown}"
        if len(parts[1]) == 2 and len(parts[2]) == 2:
            last = calendar.monthrange(year, month)[1]
            return f"“{raw}” is not a date: {MONTHS[month - 1]} {year} has {last} days. {shown}"
    return f"“{raw[:40]}” is not a date. {shown}"


def status_param(request: HttpRequest) -> tuple[str, str]:
    """The ``status`` filter, or "" with a message for an unknown one."""
    status = request.GET.get("status", "").strip()
    if status and status not in ORDER:
        return "", f"Unknown status “{status[:40]}”; showing every status."
    return status, ""


def page_param(request: HttpRequest) -> tuple[int, str]:
    """The ``page`` of a paged table (from 1), or 1 with a message for one that is not a
    page number."""
    raw = request.GET.get("page", "").strip()
    if not raw:
        return 1, ""
    try:
        return parse_count("page", raw, minimum=1), ""
    except ParamError:
        return 1, f"“{raw[:40]}” is not a page number; showing the first page."


def accepts(*names: str) -> Callable[[View], View]:
    """Declare the query parameters a page reads (``web.middleware.KnownParametersMiddleware``
    redirects any other away). A page that declares nothing accepts none."""

    def declare(view: View) -> View:
        view.query_params = frozenset(names)  # type: ignore[attr-defined]
        return view

    return declare


def accepted(view: object) -> frozenset[str]:
    """The query parameters ``view`` declared with :func:`accepts` (none if it did not)."""
    return getattr(view, "query_params", frozenset())
