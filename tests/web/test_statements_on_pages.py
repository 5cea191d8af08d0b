"""The state page lists the state's statements per treaty; the treaty page has a collapsed
"Reservations and objections" section. Both show every statement whatever the page's date."""

from __future__ import annotations

from datetime import date

import pytest

from statements.models import StatementKind
from statements.services import statement_record
from states.models import State
from tests.factories import SOURCE, build_ccm

pytestmark = pytest.mark.django_db


@pytest.fixture
def ccm():
    treaty = build_ccm()
    lithuania = State.objects.get(code="LTU")
    other = State.objects.exclude(pk=lithuania.pk).filter(events__treaty=treaty).first()
    assert other is not None
    reservation = statement_record(
        treaty=treaty,
        state=lithuania,
        kind=StatementKind.RESERVATION,
        text="Lithuania does not consider itself bound by article 10.",
        articles="article 10",
        made_on=date(2011, 3, 24),
        withdrawn_on=date(2019, 5, 1),
        source_url=SOURCE,
        source_section="test Declarations #1",
    )
    statement_record(
        treaty=treaty,
        state=other,
        kind=StatementKind.OBJECTION,
        objects_to=lithuania,
        text="We object to Lithuania's reservation & its effects.",
        made_on=date(2012, 1, 5),
        source_url=SOURCE,
        source_section="test Objections #1",
    )
    return treaty, reservation


def test_the_treaty_page_has_a_collapsed_reservations_and_objections_section(client, ccm):
    treaty, _ = ccm
    html = client.get(f"/treaties/{treaty.slug}/", {"on": "2010-01-01"}).content.decode()
    assert '<h2 id="statements-h">Reservations and objections</h2>' in html
    assert '<details id="statements"><summary>2 statements, of which 1 objection' in html
    assert "objecting to Lithuania" in html
    assert "reservation &amp; its effects" in html  # escaped, as every text is
    assert 'withdrawn on <time datetime="2019-05-01">1 May 2019</time>' in html


def test_the_state_page_lists_its_statements_per_treaty(client, ccm):
    treaty, reservation = ccm
    html = client.get("/states/LTU/").content.decode()
    assert f"<h3>{treaty.short_name}</h3>" in html
    assert f'id="statement-{reservation.pk}"' in html
    assert "Lithuania does not consider itself bound by article 10." in html
    assert f'href="{SOURCE}"' in html.replace("&amp;", "&")


def test_a_page_without_statements_has_no_section(client):
    build_ccm()
    assert 'id="statements-h"' not in client.get("/states/LTU/").content.decode()
