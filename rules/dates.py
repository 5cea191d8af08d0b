"""Calendar arithmetic in the depositary's sense, and dates written the way editors read them.

Treaties count periods in words ("six months after receipt", "the first day of the sixth month
after the month in which...", "the 60th day following"). These helpers implement the readings
the UN Secretary-General applies in practice (his *Summary of Practice as Depositary of
Multilateral Treaties*, ST/LEG/7/Rev.1, and the dates he records):

* "N months after" lands on the **same calendar day** N months later, clamped to the last day of
  a shorter month (Lithuania CCM 2024-09-06 → 2025-03-06; 2024-08-31 + 6 months → 2025-02-28).
* "N days after" / "the Nth day following" is plain day arithmetic (Paris 2016-10-05 + 30 days →
  2016-11-04; TPNW 2020-10-24 + 90 days → 2021-01-22).
* "the first day of the Nth month after" depends only on the anchor's *month*: the 1st of the
  month N months after the anchor's month, whatever the anchor's day (2011-03-24 → 2011-09-01,
  2012-02-01 → 2012-08-01). This is why "after the month in which" and "after the date on which"
  give the same day: both name the Nth month following.

No dependency beyond the standard library, so the engine stays importable anywhere.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

__all__ = [
    "FIRST_SUPPORTED_DAY",
    "LAST_SUPPORTED_DAY",
    "add_days",
    "add_months",
    "add_years",
    "first_day_of_month_after",
    "format_date",
    "is_supported_day",
    "ordinal_number",
    "ordinal_word",
]

#: The days the project takes as input (events, query parameters). Python's dates stop at
#: 0001-01-01 and 9999-12-31, and the engine and the pages add and subtract periods (a year
#: before the date shown, months after a deposit): a day near either end would overflow
#: there. Every depositary record is from the 19th century or later, and ~1000 years of
#: headroom above keeps every period of every treaty's rules far from 9999.
FIRST_SUPPORTED_DAY = date(1800, 1, 1)
LAST_SUPPORTED_DAY = date(2999, 12, 31)


def is_supported_day(day: date) -> bool:
    """True for a day from ``FIRST_SUPPORTED_DAY`` to ``LAST_SUPPORTED_DAY``."""
    return FIRST_SUPPORTED_DAY <= day <= LAST_SUPPORTED_DAY


_MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

_ORDINAL_WORDS = (
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
)


def add_days(anchor: date, days: int) -> date:
    """Return the date ``days`` days after ``anchor`` (the "Nth day following" it)."""
    return anchor + timedelta(days=days)


def add_months(anchor: date, months: int) -> date:
    """Return the same calendar day ``months`` months later, clamped to the month's last day.

    The clamp matters for anchors on the 29th-31st: the UN does not roll over into the next
    month, so 31 Aug + 6 months is 28 Feb (29 Feb in a leap year).
    """
    index = anchor.year * 12 + (anchor.month - 1) + months
    year, month0 = divmod(index, 12)
    last_day = calendar.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(anchor.day, last_day))


def add_years(anchor: date, years: int) -> date:
    """Return the same calendar day ``years`` years later (29 Feb → 28 Feb in common years)."""
    return add_months(anchor, 12 * years)


def first_day_of_month_after(anchor: date, months_after: int) -> date:
    """Return the 1st of the month that is ``months_after`` months after the anchor's month.

    ``months_after=6`` reads "the first day of the sixth month after"; ``months_after=1`` reads
    "the first day of the month after" (Rome Statute art. 126).
    """
    return add_months(anchor.replace(day=1), months_after)


def format_date(value: date) -> str:
    """Write a date as editors and the UN tables do: ``24 Mar 2011`` (locale-independent).

    The one date formatter of the project: the pages' ``day`` filter, the admin, the feeds and
    the engine's explanations all write dates with it (Django's ``j M Y`` in our locale, at a
    fraction of the cost).
    """
    return f"{value.day} {_MONTH_ABBR[value.month - 1]} {value.year:04d}"


def ordinal_word(n: int) -> str:
    """Return "sixth" for 6 (words up to twelve, then "13th", "21st", ...)."""
    if 1 <= n <= len(_ORDINAL_WORDS):
        return _ORDINAL_WORDS[n - 1]
    return ordinal_number(n)


def ordinal_number(n: int) -> str:
    """Return "30th", "21st", "112th" for counts of instruments and days."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
