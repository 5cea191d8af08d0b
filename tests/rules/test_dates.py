"""Period arithmetic as the UN depositary applies it (ST/LEG/7/Rev.1 and its recorded dates)."""

from datetime import date

import pytest

from rules.dates import (
    add_days,
    add_months,
    add_years,
    first_day_of_month_after,
    format_date,
    ordinal_number,
    ordinal_word,
)
from rules.document.vocabulary import PeriodStep, apply_period


def test_six_months_after_receipt_is_the_same_calendar_day_lithuania_ccm():
    assert add_months(date(2024, 9, 6), 6) == date(2025, 3, 6)


def test_one_year_after_receipt_is_the_same_calendar_day_philippines_rome():
    assert add_years(date(2018, 3, 17), 1) == date(2019, 3, 17)


@pytest.mark.parametrize(
    ("anchor", "months", "expected"),
    [
        (date(2024, 8, 31), 6, date(2025, 2, 28)),  # clamped, not rolled into March
        (date(2023, 8, 31), 6, date(2024, 2, 29)),  # leap year keeps the 29th
        (date(2025, 10, 31), 1, date(2025, 11, 30)),
        (date(2025, 12, 15), 1, date(2026, 1, 15)),  # year boundary
        (date(2025, 1, 31), 12, date(2026, 1, 31)),
    ],
)
def test_months_are_clamped_to_the_last_day_of_a_shorter_month(anchor, months, expected):
    assert add_months(anchor, months) == expected


def test_a_29_february_anchor_lands_on_28_february_a_year_later():
    assert add_years(date(2024, 2, 29), 1) == date(2025, 2, 28)


def test_the_30th_day_after_5_october_2016_is_4_november_2016_paris():
    assert add_days(date(2016, 10, 5), 30) == date(2016, 11, 4)


def test_90_days_after_24_october_2020_is_22_january_2021_tpnw():
    assert add_days(date(2020, 10, 24), 90) == date(2021, 1, 22)


@pytest.mark.parametrize(
    ("anchor", "expected"),
    [
        (date(2011, 3, 24), date(2011, 9, 1)),
        (date(2012, 2, 1), date(2012, 8, 1)),  # a deposit on the 1st does not gain a month
        (date(2012, 2, 29), date(2012, 8, 1)),
        (date(2005, 7, 1), date(2006, 1, 1)),  # across the year end
        (date(2010, 2, 16), date(2010, 8, 1)),
    ],
)
def test_first_day_of_the_sixth_month_after_depends_only_on_the_month(anchor, expected):
    assert first_day_of_month_after(anchor, 6) == expected


def test_rome_first_day_of_the_month_after_the_60th_day_following_11_april_2002():
    period = (
        PeriodStep(op="add", amount=60, unit="days"),
        PeriodStep(op="first_day_of_month", amount=1),
    )
    assert apply_period(period, date(2002, 4, 11)) == date(2002, 7, 1)


def test_an_empty_period_means_on_the_date_of_deposit():
    assert apply_period((), date(2020, 3, 27)) == date(2020, 3, 27)


def test_dates_are_written_like_the_un_tables_whatever_the_locale():
    assert format_date(date(2011, 3, 24)) == "24 Mar 2011"
    assert format_date(date(2011, 9, 1)) == "1 Sep 2011"


@pytest.mark.parametrize(
    ("n", "word"), [(1, "first"), (6, "sixth"), (12, "twelfth"), (13, "13th"), (21, "21st")]
)
def test_ordinal_words(n, word):
    assert ordinal_word(n) == word


@pytest.mark.parametrize(
    ("n", "text"),
    [(1, "1st"), (2, "2nd"), (3, "3rd"), (11, "11th"), (12, "12th"), (30, "30th"), (112, "112th")],
)
def test_ordinal_numbers(n, text):
    assert ordinal_number(n) == text
