"""Query parameters, parsed one way for the pages and the API.

The parsers are strict: a date is ``YYYY-MM-DD``, a real calendar day, and within the days the
project supports (``rules.dates.FIRST_SUPPORTED_DAY`` to ``LAST_SUPPORTED_DAY``: near Python's
limits the pages' and the engine's date arithmetic would overflow); a count is ASCII digits
(``str.isdigit`` also accepts "²" and "①", which ``int`` refuses). They raise
:class:`ParamError` with a code; each surface words the message for its readers (the API's
error body, a page's notice).
"""

from __future__ import annotations

import re
from datetime import date

from rules.dates import FIRST_SUPPORTED_DAY, LAST_SUPPORTED_DAY, is_supported_day

__all__ = [
    "FIRST_SUPPORTED_DAY",
    "LAST_SUPPORTED_DAY",
    "ParamError",
    "is_id",
    "parse_count",
    "parse_date",
]

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_COUNT = re.compile(r"[0-9]+")


class ParamError(ValueError):
    """A query parameter that cannot be used: ``code`` says why, ``value`` is what was sent."""

    def __init__(self, name: str, code: str, value: str) -> None:
        self.name = name
        self.code = code
        self.value = value
        super().__init__(f"{name}: {code} ({value!r})")


def parse_date(name: str, raw: str) -> date:
    """An ISO date; codes ``required`` (empty), ``invalid_date``, ``impossible_date``,
    ``out_of_range`` (a real day outside the supported range)."""
    if raw == "":
        raise ParamError(name, "required", raw)
    if not _ISO_DATE.fullmatch(raw):
        raise ParamError(name, "invalid_date", raw)
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        raise ParamError(name, "impossible_date", raw) from None
    if not is_supported_day(day):
        raise ParamError(name, "out_of_range", raw)
    return day


def parse_count(name: str, raw: str, *, minimum: int = 0) -> int:
    """A whole number of at least ``minimum`` in ASCII digits; code ``invalid``."""
    if not _COUNT.fullmatch(raw) or int(raw) < minimum:
        raise ParamError(name, "invalid", raw)
    return int(raw)


def is_id(raw: str) -> bool:
    """True for a database id in the URL (ASCII digits only)."""
    return bool(_COUNT.fullmatch(raw))
