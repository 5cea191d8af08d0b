"""Public pages are stored per data version: a repeat view is cheap, a change shows at once."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from events.models import Event
from events.services import event_record, treaty_recompute
from tests.factories import UN, build_ccm, lithuania, state

pytestmark = pytest.mark.django_db


@pytest.fixture
def ccm():
    return build_ccm()


def url(treaty) -> str:
    return reverse("web:treaty", args=[treaty.slug])


def test_a_new_event_shows_on_the_next_view_of_a_stored_page(client, ccm):
    norway = state("NOR", "Norway", "578", "NO")
    before = client.get(url(ccm), {"on": "2026-01-01"}).content.decode()
    assert 'id="state-NOR"' not in before
    event_record(
        treaty=ccm, state=norway, kind="ratification", date=date(2025, 2, 10),
        source_url=UN.format(ref="XXVI-6"),
    )  # fmt: skip
    after = client.get(url(ccm), {"on": "2026-01-01"}).content.decode()
    assert 'id="state-NOR"' in after


def test_a_recomputation_shows_on_the_next_view(client, ccm):
    first = client.get(url(ccm), {"on": "2026-01-01"})
    # A derived value changed behind the page's back, then recomputed by the real engine.
    Event.objects.filter(treaty=ccm).update(explanation=[])
    treaty_recompute(treaty_id=ccm.pk)
    assert client.get(url(ccm), {"on": "2026-01-01"})["ETag"] != first["ETag"]


def test_an_edit_of_a_states_name_shows_on_the_next_view(client, ccm):
    client.get(url(ccm), {"on": "2026-01-01"})
    ltu = lithuania()
    ltu.short_name = "Lietuva"
    ltu.save()  # as the admin saves it: with a history record
    assert "Lietuva" in client.get(url(ccm), {"on": "2026-01-01"}).content.decode()


def test_an_edit_of_a_treatys_title_shows_on_the_next_view(client, ccm):
    client.get(url(ccm), {"on": "2026-01-01"})
    ccm.title = "Convention on Cluster Munitions (Dublin)"
    ccm.save()
    assert "(Dublin)" in client.get(url(ccm), {"on": "2026-01-01"}).content.decode()


def test_a_browser_revalidating_its_copy_gets_a_304(client, ccm):
    first = client.get(url(ccm), {"on": "2026-01-01"})
    assert first["Cache-Control"] == "public, max-age=0, must-revalidate"
    again = client.get(url(ccm), {"on": "2026-01-01"}, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""


def test_each_date_and_each_page_has_its_own_tag(client, ccm):
    tags = {
        client.get(url(ccm), {"on": "2026-01-01"})["ETag"],
        client.get(url(ccm), {"on": "2020-01-01"})["ETag"],
        client.get(reverse("web:state", args=["LTU"]))["ETag"],
        client.get(reverse("web:home"))["ETag"],
    }
    assert len(tags) == 4


def test_a_page_with_a_bad_date_is_not_stored(client, ccm):
    bad = client.get(url(ccm), {"on": "31/12/2025"})
    assert bad.status_code == 400
    assert not bad.has_header("ETag")
    assert client.get(url(ccm), {"on": "31/12/2025"}).status_code == 400
