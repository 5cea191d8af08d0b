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


def test_the_sections_search_form_goes_to_the_statements_page(client, ccm):
    treaty, _ = ccm
    html = client.get(f"/treaties/{treaty.slug}/").content.decode()
    assert f'action="/treaties/{treaty.slug}/statements/"' in html
    assert '<option value="LTU">Lithuania</option>' in html
    html = client.get("/states/LTU/").content.decode()
    assert 'action="/states/LTU/statements/"' in html
    assert f'<option value="{treaty.slug}">{treaty.short_name}</option>' in html


def test_the_treaty_statements_page_searches_the_text_and_filters(client, ccm):
    treaty, reservation = ccm
    url = f"/treaties/{treaty.slug}/statements/"
    html = client.get(url, {"q": "BOUND article"}).content.decode()
    assert "1 statement" in html and f'id="statement-{reservation.pk}"' in html
    assert "objecting to Lithuania" not in html
    html = client.get(url, {"kind": "objection", "q": ""}).content.decode()
    assert "objecting to Lithuania" in html and f'id="statement-{reservation.pk}"' not in html
    html = client.get(url, {"state": "LTU"}).content.decode()
    assert "1 statement" in html and "by Lithuania" in html
    assert '<option value="LTU" selected>' in html
    html = client.get(url, {"q": "nowhere to be found"}).content.decode()
    assert "No statement matches these filters." in html


def test_the_state_statements_page_filters_by_treaty(client, ccm):
    treaty, reservation = ccm
    response = client.get("/states/ltu/statements/", {"treaty": treaty.slug, "kind": "reservation"})
    assert response.status_code == 200
    assert f'id="statement-{reservation.pk}"' in response.content.decode()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"kind": "rant"}, "kind: &#x27;rant&#x27; is not a kind of statement"),
        ({"state": "ZZZ"}, "state: No state with code &#x27;ZZZ&#x27;."),
        ({"q": "x" * 201}, "q: Give the words to search for, 1 to 200 characters."),
    ],
)
def test_a_bad_filter_is_a_400_page_saying_why(client, ccm, params, message):
    treaty, _ = ccm
    response = client.get(f"/treaties/{treaty.slug}/statements/", params)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html and "No search made" in html


def test_an_unknown_treaty_on_the_state_statements_page_is_a_400(client, ccm):
    response = client.get("/states/LTU/statements/", {"treaty": "nope"})
    assert response.status_code == 400
    assert "No treaty &#x27;nope&#x27;." in response.content.decode()


def test_the_section_is_rendered_once_per_data_version_not_per_date(client, ccm):
    treaty, _ = ccm
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        first = client.get(f"/treaties/{treaty.slug}/", {"on": "2010-01-01"}).content.decode()
        second = client.get(f"/treaties/{treaty.slug}/", {"on": "2025-01-01"}).content.decode()
    reads = [q for q in captured if 'FROM "statements_statement"' in q["sql"]]
    assert len(reads) == 1
    section = first.split('<section aria-labelledby="statements-h"')[1].split("</section>")[0]
    assert section in second
