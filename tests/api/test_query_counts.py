"""Query counts do not grow with the size of the data."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import treaty_with_participants

pytestmark = pytest.mark.django_db


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(captured)


def test_participants_of_a_large_treaty_take_as_few_queries_as_a_small_one(anon):
    large = treaty_with_participants("apmbc", 200, withdrawals=5)
    small = treaty_with_participants("ccm", 3)
    url = "/api/v1/treaties/{}/participants/?as_of=2026-01-01"
    n_large = _queries(anon, url.format(large.slug))
    n_small = _queries(anon, url.format(small.slug))
    assert anon.get(url.format(large.slug)).json()["count"] == 200
    assert n_large == n_small <= 6


@pytest.mark.parametrize(
    "path",
    [
        "treaties/",
        "treaties/{slug}/",
        "treaties/{slug}/changes/",
        "treaties/{slug}/timeline/",
        "states/",
        "states/QAA/treaties/",
        "events/",
    ],
)
def test_other_endpoints_take_a_fixed_number_of_queries(anon, path):
    small = treaty_with_participants("ccm", 3)
    n_small = _queries(anon, "/api/v1/" + path.format(slug=small.slug))
    large = treaty_with_participants("apmbc", 60, withdrawals=2)
    n_large = _queries(anon, "/api/v1/" + path.format(slug=large.slug))
    assert n_small == n_large <= 6
