"""Query parameters of the API: ``serving.params`` parsers, worded as the API's 400s."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter
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
    examples=[OpenApiExample("Lithuania's CCM withdrawal pending", value="2025-01-01")],
)
#: The pages' name for the same date, accepted by the API too (``as_of`` stays).
ON = OpenApiParameter(
    "on",
    OpenApiTypes.DATE,
    description="The same as as_of, under the name the web pages use; give one or the other",
)
#: The query parameters of a date, for a view's ``query_params``.
DATE_PARAMS = ("as_of", "on")


def parse_date(value: str | None, field: str, *, default: date | None = None) -> date | None:
    """A query-string date in ISO ``YYYY-MM-DD``; malformed or impossible dates are 400s."""
    if value is None:
        return default
    try:
        return _parse_date(field, value)
    except ParamError as exc:
        raise invalid(field, exc.code, DATE_MESSAGES[exc.code].format(value=value)) from None


def as_of(request: Request) -> date:
    """The ``as_of`` (or ``on``) date of a request, today by default."""
    given = {name: request.query_params.get(name) for name in DATE_PARAMS}
    given = {name: value for name, value in given.items() if value is not None}
    if len(given) > 1 and len(set(given.values())) > 1:
        raise invalid("on", "conflicting_dates", "Give 'as_of' or 'on', not two different dates.")
    name, value = next(iter(given.items()), ("as_of", None))
    day = parse_date(value, name, default=timezone.localdate())
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
