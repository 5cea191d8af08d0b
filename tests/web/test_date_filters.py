"""The pages' fast date filters write exactly what Django's ``date`` filter writes."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.template.defaultfilters import date as django_date

from web.templatetags.dates import day, iso

DAYS = [
    date(1, 1, 1),
    date(999, 12, 31),
    *(date(2024, 1, 1) + timedelta(days=n) for n in range(0, 366, 7)),
]


@pytest.mark.parametrize("value", DAYS)
def test_day_and_iso_match_djangos_date_filter(value):
    assert day(value) == django_date(value, "j M Y")
    assert iso(value) == django_date(value, "Y-m-d")


def test_a_datetime_is_written_as_its_day():
    assert day(datetime(2025, 3, 6, 23, 59)) == "6 Mar 2025"


@pytest.mark.parametrize("value", [None, "", "2025-03-06"])
def test_anything_but_a_date_is_written_as_nothing_like_djangos(value):
    assert day(value) == iso(value) == django_date(value, "j M Y") == ""
