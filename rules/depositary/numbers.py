"""Numbers as treaties write them: "fiftieth", "twenty-second", "thirty (30)", "55", "90th".

``read_number`` reads one cardinal or ordinal (words, digits, or both as "thirty (30)") at the
start of a text; ``NUMBER`` is a regular expression that finds one anywhere. Words up to the
hundreds cover every threshold and period in the UN's corpus.
"""

from __future__ import annotations

import re
from typing import Final

__all__ = ["NUMBER", "read_number"]

_UNITS: Final = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS: Final = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_ORDINAL_UNITS: Final = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19,
}  # fmt: skip
_ORDINAL_TENS: Final = {
    "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "sixtieth": 60,
    "seventieth": 70, "eightieth": 80, "ninetieth": 90,
}  # fmt: skip

_UNIT_WORDS: Final = "|".join(sorted({*_UNITS, *_ORDINAL_UNITS}, key=len, reverse=True))
_TEN_WORDS: Final = "|".join(sorted({*_TENS, *_ORDINAL_TENS}, key=len, reverse=True))
#: One number: "one hundred and eightieth", "thirty-fifth", "twenty two", "ninety (90)", "90th".
NUMBER: Final = (
    r"(?:\d{1,3}(?:st|nd|rd|th)?"
    rf"|(?:(?:{_UNIT_WORDS})\s+hundred(?:th)?(?:\s+and)?\s*)?"
    rf"(?:(?:{_TEN_WORDS})(?:[\s-]+(?:{_UNIT_WORDS}))?|(?:{_UNIT_WORDS}))"
    rf"|(?:{_UNIT_WORDS})\s+hundred(?:th)?)"
    r"(?:\s*\(\d{1,3}\))?"
)
_NUMBER_AT_START = re.compile(NUMBER, re.IGNORECASE)


def read_number(text: str) -> int | None:
    """The number at the start of ``text`` (cardinal or ordinal), or None."""
    match = _NUMBER_AT_START.match(text.strip())
    if match is None:
        return None
    words = match.group(0).lower()
    digits = re.search(r"\((\d{1,3})\)", words)
    if digits:  # "thirty (30)": the digits say it
        return int(digits.group(1))
    lead = re.match(r"\d{1,3}", words)
    if lead:
        return int(lead.group(0))
    total = 0
    for word in re.split(r"[\s-]+", words):
        if word in ("and", ""):
            continue
        if word.startswith("hundred"):
            total = (total or 1) * 100
            continue
        value = (
            _UNITS.get(word)
            or _TENS.get(word)
            or _ORDINAL_UNITS.get(word)
            or _ORDINAL_TENS.get(word)
        )
        if value is None:
            return None
        total += value
    return total or None
