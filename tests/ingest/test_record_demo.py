"""The demo's record (status as at 3 Feb 2026) said as such, and a state page for a past date
that shows nothing recorded after it (docs/basis.md)."""

from __future__ import annotations

import re
from html import unescape
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction

from serving.answers import forget

pytestmark = pytest.mark.django_db

TODAY = "2026-12-07 12:00Z"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        with time_machine.travel("2026-11-28", tick=False):
            call_command("load_demo", stdout=StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _fresh():
    forget()


def _get(client, url: str):
    with time_machine.travel(TODAY, tick=False):
        response = client.get(url)
    assert response.status_code == 200, response.content
    return response


def test_the_ccm_today_is_its_record_of_3_february_2026(demo, client):
    page = unescape(_get(client, "/treaties/ccm/").content.decode())
    assert 'Status on <time datetime="2026-02-03" class="on-day">3 Feb 2026</time>' in page
    assert "You asked for 7 Dec 2026" in page
    assert "the status date the depositary's record states" in page
    body = _get(client, "/api/v1/treaties/ccm/").json()
    assert (body["record_as_of"], body["past_record"], body["status_on"]) == (
        "2026-02-03",
        True,
        "2026-02-03",
    )
    listed = _get(client, "/api/v1/treaties/?as_of=2026-01-01").json()["results"]
    # The Paris Agreement's table is of 13 Feb 2023, with the United States' notification of
    # 27 Jan 2025 recorded since: counted on that date, and said so.
    past = {t["slug"]: (t["past_record"], t["status_on"], t["record_as_of"]) for t in listed}
    assert past["ccm"] == (False, "2026-01-01", "2026-02-03")
    assert past["paris-agreement"] == (True, "2025-01-27", "2025-01-27")


def test_the_apmbc_participants_past_the_record_say_so(demo, client):
    body = _get(client, "/api/v1/treaties/apmbc/participants/?as_of=2026-06-01").json()
    assert body["past_record"] is True and body["status_on"] == "2026-02-03"
    home = unescape(_get(client, "/").content.decode())
    assert "on 3 Feb 2026, the record's date" in home
    assert "States bound today" not in home


def test_lithuania_on_5_march_2025_shows_no_later_fact_as_known(demo, client):
    page = unescape(_get(client, "/states/LTU/?on=2025-03-05").content.decode())
    row = page[page.index('data-treaty="apmbc"') :]
    row = row[: row.index("</tr>")]
    # Its withdrawal from the APMBC was notified on 27 Jun 2025, after the date.
    assert "27 Jun 2025" in row and "recorded later" in row
    ccm = page[page.index('data-treaty="ccm"') :]
    ccm = ccm[: ccm.index("</tr>")]
    # The CCM withdrawal was notified before the date: its effect is known.
    assert "6 Mar 2025" in ccm and "recorded later" not in ccm


def test_a_treaty_not_yet_adopted_is_not_not_joined(demo, client):
    page = unescape(_get(client, "/states/LTU/?on=2000-01-01").content.decode())
    row = page[page.index('data-treaty="ccm"') :]
    row = row[: row.index("</tr>")]
    assert 'data-status="not_adopted"' in row and "Not yet adopted" in row
    assert not re.search(r"Not joined", row)
