"""Dated answers are stored once per change point, and every date gets its own date filled in.

The strongest check here compares a response served from another date's stored rendering with
the same response rendered afresh: they must be byte for byte the same.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
import re
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from events.models import Event
from events.selectors.participants import change_points
from serving import answers, conditional
from serving.answers import Answer
from states.models import State
from tests.factories import build_ccm, treaty_with_participants

pytestmark = pytest.mark.django_db


class SpyCache:
    """The cache, noting the keys of the answers stored through it."""

    def __init__(self) -> None:
        self.stored: list[str] = []

    def get(self, key: str, default: Any = None) -> Any:
        return cache.get(key, default)

    def set(self, key: str, value: Any, timeout: int | None = None) -> None:
        if key.startswith("answer:"):
            self.stored.append(key)
        cache.set(key, value, timeout)


@pytest.fixture
def spy(monkeypatch) -> SpyCache:
    spy = SpyCache()
    monkeypatch.setattr(conditional, "cache", spy)
    return spy


@pytest.fixture
def anon() -> APIClient:
    return APIClient()


@pytest.fixture
def ccm(db):
    """The CCM: 40 synthetic states, one withdrawal notified 2024-09-06."""
    return treaty_with_participants("ccm", 40, withdrawals=1)


def _fresh(client, url: str) -> bytes:
    """The body of ``url`` rendered afresh (nothing stored)."""
    cache.clear()
    response = client.get(url)
    assert response.status_code == 200
    return response.content


def test_two_dates_between_the_same_change_points_share_one_stored_rendering(anon, ccm, spy):
    last = change_points(treaty_slug="ccm")[-1]
    first_day, second_day = last + dt.timedelta(days=10), last + dt.timedelta(days=400)
    url = "/api/v1/treaties/ccm/participants/?as_of={}"
    first = anon.get(url.format(first_day))
    with CaptureQueriesContext(connection) as queries:
        second = anon.get(url.format(second_day))
    assert len(queries) == 1  # the data version
    assert len(spy.stored) == 1
    assert second.json()["as_of"] == second_day.isoformat()
    assert second.content == first.content.replace(
        first_day.isoformat().encode(), second_day.isoformat().encode()
    )


def _facts_points(treaty) -> list[dt.date]:
    """The change points of the treaty's facts: those up to its record's date (the first day
    past the record is one too, where the answer becomes the record's, said so)."""
    return [p for p in change_points(treaty_slug=treaty.slug) if p <= treaty.status_as_at]


def test_a_date_on_the_other_side_of_a_change_point_has_its_own_rendering(anon, ccm, spy):
    points = _facts_points(ccm)
    url = "/api/v1/treaties/ccm/participants/?as_of={}"
    before = anon.get(url.format(points[-1] - dt.timedelta(days=1))).json()
    after = anon.get(url.format(points[-1])).json()
    assert len(set(spy.stored)) == 2
    assert before["results"] != after["results"]


def test_the_chart_is_drawn_once_for_every_epoch_of_the_data_version(client, ccm, spy):
    last = _facts_points(ccm)[-1]
    for day in (last - dt.timedelta(days=1), last):  # two epochs, both before today
        assert client.get(f"/treaties/ccm/?on={day}").status_code == 200
    # Each date: its page and its changes section; the chart's drawing once.
    assert len(spy.stored) == len(set(spy.stored)) == 5


DATED_URLS = [
    "/api/v1/treaties/ccm/participants/?as_of={}",
    "/api/v1/treaties/ccm/participants/?as_of={}&format=csv",
    "/api/v1/treaties/ccm/participants/?as_of={}&status=party",
    "/api/v1/states/LTU/treaties/?as_of={}",
    "/api/v1/states/LTU/treaties/?as_of={}&format=csv",
    "/treaties/ccm/?on={}",
    "/treaties/ccm/?on={}&status=withdrawn",
    "/treaties/ccm/?on={}&since=2011-01-01",
    "/treaties/ccm/?on={}&since=2027-06-01",
    "/treaties/ccm/?since={}",
    "/states/LTU/?on={}",
]


@pytest.mark.parametrize("url", DATED_URLS)
def test_a_date_served_from_another_dates_rendering_is_what_it_would_be_afresh(url):
    build_ccm()
    client = APIClient()
    rng = random.Random(url)
    days = [dt.date(2008, 1, 1) + dt.timedelta(days=rng.randrange(7000)) for _ in range(40)]
    since = re.search(r"since=([0-9-]+)", url)
    if since:
        # A reversed range ("changes after 2011 up to 2009") is refused, not served.
        start = dt.date.fromisoformat(since.group(1))
        for day in [d for d in days if d < start][:3]:
            assert client.get(url.format(day)).status_code == 400, day
        days = [d for d in days if d >= start] or [start]
    served = {}
    for day in days:  # each served from whatever is stored by then
        response = client.get(url.format(day))
        assert response.status_code == 200
        served[day] = response.content
    for day in days[::4]:
        assert served[day] == _fresh(client, url.format(day)), day


def test_the_stored_answers_are_no_more_than_the_epochs(anon, ccm, spy):
    rng = random.Random(14)
    for _ in range(100):  # under the anonymous throttle (120 a minute)
        day = dt.date(2005, 1, 1) + dt.timedelta(days=rng.randrange(9000))
        assert anon.get(f"/api/v1/treaties/ccm/participants/?as_of={day}").status_code == 200
    epochs = len(change_points(treaty_slug="ccm")) + 1
    assert len(spy.stored) == len(set(spy.stored)) <= epochs


def test_data_that_looks_like_a_hole_is_shown_as_written(anon, ccm):
    State.objects.filter(code="QAA").update(short_name="@@0123456789abcdef:as_of@@")
    Event.objects.filter(state__code="QAA", kind="signature").update(note="@@x:on_iso@@")
    for day in ("2025-06-01", "2025-06-02"):
        body = anon.get(f"/api/v1/treaties/ccm/participants/?as_of={day}").json()
        assert body["as_of"] == day
        assert body["results"][0]["state"]["name"] == "@@0123456789abcdef:as_of@@"
        html = anon.get(f"/treaties/ccm/?on={day}").content.decode()
        assert 'id="note-1">@@x:on_iso@@</li>' in html


def test_a_page_reporting_a_bad_parameter_is_not_stored(client, ccm, spy):
    response = client.get("/treaties/ccm/?on=2025-06-01&status=nonsense")
    assert response.status_code == 400
    assert spy.stored == []


def test_a_hole_without_a_value_is_refused_at_once():
    answer = Answer(parts=(), scope=("treaty", "ccm"), on=dt.date(2025, 1, 1), holes={})
    answer.stand_in()
    with pytest.raises(KeyError):
        answer.hole("as_of")


def test_the_epoch_is_the_last_change_point_on_or_before_the_date(ccm):
    points = change_points(treaty_slug="ccm")
    scope: answers.Scope = ("treaty", "ccm")
    assert answers.epoch("v", scope, points[0] - dt.timedelta(days=1)) == "before"
    assert answers.epoch("v", scope, points[3]) == points[3].isoformat()
    start, end = next((a, b) for a, b in itertools.pairwise(points) if b - a > dt.timedelta(1))
    assert answers.epoch("v", scope, end - dt.timedelta(days=1)) == start.isoformat()
    assert answers.epoch("v", scope, dt.date(9999, 1, 1)) == points[-1].isoformat()


def test_an_unknown_treaty_is_not_remembered(db):
    scope: answers.Scope = ("treaty", "nope")
    assert answers.epoch("v", scope, dt.date(2025, 1, 1)) == "before"
    with CaptureQueriesContext(connection) as queries:
        answers.epoch("v", scope, dt.date(2025, 1, 1))
    assert len(queries) == 1  # asked again: unknown slugs do not fill the memo
