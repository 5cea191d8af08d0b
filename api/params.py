"""Query parameters of the API: ``serving.params`` parsers, worded as the API's 400s."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions
from rest_framework.request import Request
from rest_framework.settings import api_settings

from serving.params import FIRST_SUPPORTED_DAY, LAST_SUPPORTED_DAY, ParamError
from serving.params import parse_date as _parse_date

from .errors import invalid

DATE_MESSAGES = {
    "required": "A date is required here.",
    "invalid_date": "'{value}' is not a date in the form YYYY-MM-DD.",
    "impossible_date": "'{value}' is not a real calendar date.",
    "out_of_range": (
        f"'{{value}}' is outside the dates this service covers ({FIRST_SUPPORTED_DAY} to "
        f"{LAST_SUPPORTED_DAY})."
    ),
}

AS_OF = OpenApiParameter(
    "as_of",
    OpenApiTypes.DATE,
    description=(
        f"The date to report on (YYYY-MM-DD, {FIRST_SUPPORTED_DAY} to {LAST_SUPPORTED_DAY}); "
        "default: today"
    ),
)


def parse_date(value: str | None, field: str, *, default: date | None = None) -> date | None:
    """A query-string date in ISO ``YYYY-MM-DD``; malformed or impossible dates are 400s."""
    if value is None:
        return default
    try:
        return _parse_date(field, value)
    except ParamError as exc:
        raise invalid(field, exc.code, DATE_MESSAGES[exc.code].format(value=value)) from None


def as_of(request: Request) -> date:
    """The ``as_of`` date of a request, today by default."""
    day = parse_date(request.query_params.get("as_of"), "as_of", default=timezone.localdate())
    assert day is not None
    return day


def reject_unknown_params(request: Request, allowed: Iterable[str]) -> None:
    """A misspelt filter must not silently return unfiltered data: refuse it."""
    known = {*allowed, api_settings.URL_FORMAT_OVERRIDE}
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        raise exceptions.ValidationError(
            {
                name: [
                    exceptions.ErrorDetail(
                        f"Unknown query parameter '{name}'. Allowed: "
                        f"{', '.join(sorted(known)) or 'none'}.",
                        code="unknown_parameter",
                    )
                ]
                for name in unknown
            }
        )


def choice(request: Request, name: str, choices: Iterable[str], noun: str) -> str | None:
    """An optional parameter that must be one of ``choices``."""
    value = request.query_params.get(name)
    options = list(choices)
    if value is not None and value not in options:
        raise invalid(
            name, "invalid_choice", f"'{value}' is not {noun}; use one of {', '.join(options)}."
        )
    return value
