"""The treaty's timeline JSON (what the page's slider plays without reloading) and the
embeddable view of a treaty on a date."""

from __future__ import annotations

from datetime import date

import pytest

from events.services import event_record, treaty_recompute
from tests.factories import SOURCE, TreatyFactory, build_apmbc, build_ccm, lithuania, state

pytestmark = pytest.mark.django_db


def timeline(client, slug: str):
    return client.get(f"/treaties/{slug}/timeline.json")


def periods_of(body, code: str) -> list[tuple[str, str, str | None, str]]:
    [found] = [s for s in body["states"] if s["code"] == code]
    return [(p["status"], p["since"], p["until"], p["basis"]) for p in found["periods"]]


def test_lithuanias_ccm_history_with_what_each_date_rests_on(client):
    ccm = build_ccm()
    response = timeline(client, ccm.slug)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert periods_of(body, "LTU") == [
        ("signatory", "2008-12-03", "2011-03-24", "recorded"),  # the act's date
        ("consented", "2011-03-24", "2011-09-01", "recorded"),
        ("party", "2011-09-01", "2024-09-06", "computed"),  # art. 17(2)
        ("withdrawal_pending", "2024-09-06", "2025-03-06", "recorded"),  # the notification
        ("withdrawn", "2025-03-06", None, "computed"),  # art. 20(3)
    ]
    [ltu] = [s for s in body["states"] if s["code"] == "LTU"]
    assert (ltu["name"], ltu["numeric"], ltu["acted"]) == ("Lithuania", "440", "2008-12-03")
    assert body["treaty"]["slug"] == "ccm"
    assert body["start"] == "2008-05-30"  # adopted
    assert "2024-09-06" in body["change_points"] and "2025-03-06" in body["change_points"]
    assert body["change_points"] == sorted(body["change_points"])
    assert body["absent"] == {"status": "not_joined", "label": "Not joined"}
    assert set(body["bases"]) == {"computed", "inferred", "recorded", "unknown"}
    assert body["bound_series"][-1][1] == 30  # the 30 early parties, Lithuania gone
    assert "2024-09-06" in body["event_dates"]


def test_a_consent_whose_date_of_effect_is_not_computed_stays_unknown(client):
    treaty = TreatyFactory.create(
        slug="biodiversity",
        recorded_entry_into_force=date(1993, 12, 29),
        adopted_on=date(1992, 5, 22),
    )
    event_record(treaty=treaty, state=lithuania(), kind="ratification", date=date(1996, 2, 1),
                 source_url=SOURCE)  # fmt: skip
    treaty_recompute(treaty_id=treaty.pk)
    body = timeline(client, treaty.slug).json()
    # Never "party" from a guessed date: consented, date of effect not computed.
    assert periods_of(body, "LTU") == [("consented_unknown", "1996-02-01", None, "recorded")]
    assert body["statuses"]["consented_unknown"] == "Consented (date of effect not computed)"
    assert body["bound_series"] == []  # whole counts unknown, not zero


def test_a_treaty_without_participants_table_says_no_data_for_every_country(client):
    treaty = TreatyFactory.create(slug="no-table", has_participant_data=False)
    body = timeline(client, treaty.slug).json()
    assert body["states"] == []
    assert body["absent"]["status"] == "no_data"


def test_an_unknown_treaty_is_a_404(client, db):
    assert timeline(client, "no-such-treaty").status_code == 404


@pytest.mark.parametrize("size", [3, 60])
def test_the_timeline_runs_the_same_queries_whatever_the_size(
    client, django_assert_num_queries, size
):
    treaty = build_apmbc(states=size)
    # data version, treaty, events, status periods, memberships (the chart's series).
    with django_assert_num_queries(5):
        response = timeline(client, treaty.slug)
    assert len(response.json()["states"]) == size
    # Stored per data version: a repeat costs the data version only.
    with django_assert_num_queries(1):
        again = timeline(client, treaty.slug)
    assert again.content == response.content


def test_the_stored_timeline_follows_a_change_of_the_data(client):
    ccm = build_ccm()
    before = timeline(client, ccm.slug).json()
    assert not [s for s in before["states"] if s["code"] == "NZL"]
    event_record(treaty=ccm, state=state("NZL", "New Zealand", "554", "NZ"), kind="signature",
                 date=date(2008, 12, 3), source_url=SOURCE)  # fmt: skip
    treaty_recompute(treaty_id=ccm.pk)
    after = timeline(client, ccm.slug).json()
    assert periods_of(after, "NZL") == [("signatory", "2008-12-03", None, "recorded")]


def test_the_embed_view_has_the_map_counts_and_a_citation_and_may_be_framed(client):
    ccm = build_ccm()
    response = client.get(f"/treaties/{ccm.slug}/embed/", {"on": "2025-01-01"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "X-Frame-Options" not in response
    assert "frame-ancestors *" in response["Content-Security-Policy"]
    assert 'id="map"' in html
    assert '<li data-status="withdrawal_pending">' in html
    citation = html.split('id="citation">')[1].split("</p>")[0]
    assert "Convention on Cluster Munitions: status on 1 Jan 2025" in citation
    assert 'href="/treaties/ccm/?on=2025-01-01"' in citation
    # The page itself still may not be framed.
    page = client.get(f"/treaties/{ccm.slug}/", {"on": "2025-01-01"})
    assert page["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in page["Content-Security-Policy"]
    # Stored apart from the page: the page is not served as the embed, nor the reverse.
    assert "Participants on" in page.content.decode()
    assert (
        "Participants on"
        not in client.get(f"/treaties/{ccm.slug}/embed/", {"on": "2025-01-01"}).content.decode()
    )


def test_the_treaty_page_says_each_basis_once_and_badges_every_computed_date(client):
    ccm = build_ccm()
    html = client.get(f"/treaties/{ccm.slug}/", {"on": "2025-01-01"}).content.decode()
    row = html.split('<tr id="state-LTU"')[1].split("</tr>")[0]
    assert '<span class="badge b-computed">computed</span>' in row
    assert '<details class="more">' in row  # events and notes behind one tap
    assert html.count('class="basis-legend"') == 1
    assert 'data-timeline="/treaties/ccm/timeline.json"' in html
    assert 'href="/treaties/ccm/embed/?on=2025-01-01"' in html
