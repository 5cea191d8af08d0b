"""The participants table's rows, written by ``web.tables`` rather than the template engine:
what the engine did for free (escaping) must still be done, and every kind of cell written."""

from __future__ import annotations

import re
from datetime import date

import pytest

from events.models import Event
from states.models import State
from tests.factories import build_ccm

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"


@pytest.fixture
def ccm():
    return build_ccm()


def row_of(client, code: str, on: str = "2025-01-01") -> str:
    html = client.get("/treaties/ccm/", {"on": on}).content.decode()
    match = re.search(rf'<tr id="state-{code}".*?</tr>', html, re.S)
    assert match, f"no participants row for {code}"
    return match.group(0)


def test_an_editors_markup_in_a_row_reaches_the_reader_as_text(client, ccm):
    State.objects.filter(code="LTU").update(short_name=f"Lithuania {SCRIPT} & co's")
    Event.objects.filter(state__code="LTU", kind="withdrawal").update(
        note=f"See {SCRIPT}", notification_ref=f"C.N.{SCRIPT}", source_url=f'https://x/?a="{SCRIPT}'
    )
    row = row_of(client, "LTU")
    assert SCRIPT not in row
    assert "Lithuania &lt;script&gt;alert(1)&lt;/script&gt; &amp; co&#x27;s</a>" in row
    assert "of Lithuania &lt;script&gt;alert(1)&lt;/script&gt; &amp; co&#x27;s's withdrawal" in row
    assert "See &lt;script&gt;alert(1)&lt;/script&gt;</li>" in row
    assert "(C.N.&lt;script&gt;alert(1)&lt;/script&gt;)" in row
    assert 'href="https://x/?a=&quot;&lt;script&gt;alert(1)&lt;/script&gt;"' in row


def test_a_date_the_depositary_publishes_otherwise_is_shown_beside_the_computed_one(client, ccm):
    Event.objects.filter(state__code="LTU", kind="ratification").update(
        published_effective_date=date(2011, 8, 1), disagrees_with_depositary=True
    )
    row = row_of(client, "LTU")
    cell = row.split('data-label="In force for the state"')[1].split("</td>")[0]
    assert '<time datetime="2011-09-01">1 Sep 2011</time>' in cell
    assert '<p class="warn">The depositary published 1 Aug 2011.</p>' in cell


def test_a_computed_date_without_its_steps_says_so(client, ccm):
    Event.objects.filter(state__code="LTU", kind="ratification").update(explanation=[])
    cell = row_of(client, "LTU").split('data-label="In force for the state"')[1]
    assert "<ol><li>No explanation stored.</li></ol>" in cell.split("</td>")[0]


def test_a_withdrawal_still_to_come_on_the_date_is_marked_so_with_its_condition(client, ccm):
    cell = row_of(client, "LTU").split('data-label="Withdrawal"')[1].split("</td>")[0]
    assert '<small>notified <time datetime="2024-09-06">6 Sep 2024</time>, takes effect' in cell
    assert '<time datetime="2025-03-06">6 Mar 2025</time> <span class="art">art.&nbsp;20' in cell
    assert '<span class="muted">(to come)</span>' in cell
    assert re.search(r"<p>Subject to art\. 20\(3\)", cell)


def test_an_empty_filter_result_says_so_instead_of_an_empty_table(client, ccm):
    html = client.get("/treaties/ccm/", {"on": "2025-01-01", "status": "withdrawn"}).content
    tbody = html.decode().split("<tbody>")[-1].split("</tbody>")[0]
    assert "No participant with this status on this date." in tbody
