"""Treaty endpoints: list, detail, participants, changes, timeline."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from api.serializers.treaties import ParticipantSerializer
from events.models import StatusPeriod

pytestmark = pytest.mark.django_db

BASE = "/api/v1/treaties/"


def test_the_list_gives_counts_on_the_requested_date(anon, ccm):
    body = anon.get(BASE, {"as_of": "2009-12-31"}).json()
    row = body["results"][0]
    assert body["count"] == 1
    assert row["slug"] == "ccm"
    assert row["un_reference"] == "XXVI-6"
    assert row["in_force"] is True
    assert row["entry_into_force_date"] == ccm.entry_into_force_date.isoformat()
    assert row["signatories"] == 40
    # The engine's periods decide; the API only counts them.
    expected_parties = (
        StatusPeriod.objects.filter(treaty=ccm, status="party").on(date(2009, 12, 31)).count()
    )
    assert row["parties"] == expected_parties > 0
    assert row["status_counts"]["party"] == expected_parties
    assert row["status_as_at"] == "2026-02-03"
    assert row["derived_up_to_date"] is True


def test_the_list_before_entry_into_force_says_not_in_force(anon, ccm):
    row = anon.get(BASE, {"as_of": "2009-01-01"}).json()["results"][0]
    assert row["in_force"] is False
    assert row["parties"] == 0
    assert row["signatories"] == 40


def test_the_list_can_be_searched(anon, ccm):
    assert anon.get(BASE, {"search": "cluster"}).json()["count"] == 1
    assert anon.get(BASE, {"search": "nuclear"}).json()["count"] == 0


def test_the_detail_gives_rules_structured_and_in_words_and_sources(anon, ccm):
    body = anon.get(f"{BASE}ccm/").json()
    assert body["rules"]["entry_into_force"]["threshold"]["count"] == 30
    assert "30th instrument" in body["rules_text"]["entry_into_force"]
    assert "six months after receipt" in body["rules_text"]["withdrawal"]
    assert body["sources"][0] == {"url": ccm.source_url, "kind": "treaty"}
    assert {"url": ccm.events.first().source_url, "kind": "event"} in body["sources"]
    assert body["entry_into_force_explanation"] == ccm.entry_into_force_explanation
    assert body["adopted_at"] == "Dublin"


def test_an_unknown_treaty_is_a_404_that_names_it(anon, db):
    response = anon.get(f"{BASE}no-such-treaty/")
    assert response.status_code == 404
    assert response.json() == {
        "errors": [
            {"field": None, "code": "not_found", "message": "No treaty with slug 'no-such-treaty'."}
        ]
    }


def test_participants_have_the_contract_fields(anon, ccm):
    body = anon.get(f"{BASE}ccm/participants/", {"as_of": "2025-06-01"}).json()
    assert body["count"] == 40 == len(body["results"])
    assert set(body["results"][0]) == set(ParticipantSerializer().fields)
    first = next(r for r in body["results"] if r["state"]["code"] == "QAA")
    assert first["state"] == {"code": "QAA", "name": "Testland QAA"}
    assert first["status"] == "withdrawn"
    assert first["consent_kind"] == "ratification"
    assert first["signature_date"] == "2008-06-29"
    assert first["withdrawal_notified_on"] == "2024-09-06"
    withdrawal = ccm.events.get(state__code="QAA", kind="withdrawal")
    assert first["withdrawal_effective_on"] == withdrawal.effective_date.isoformat()
    assert first["withdrawal_explanation"] == withdrawal.explanation != []
    consent = ccm.events.get(state__code="QAA", kind="ratification")
    assert first["entry_into_force_date"] == consent.effective_date.isoformat()
    assert first["entry_into_force_explanation"] == consent.explanation != []
    assert first["intervals"] == [
        {"from": consent.effective_date.isoformat(), "until": withdrawal.effective_date.isoformat()}
    ]


def test_participants_on_an_earlier_date_show_the_withdrawal_pending(anon, ccm):
    body = anon.get(f"{BASE}ccm/participants/", {"as_of": "2024-12-01"}).json()
    first = next(r for r in body["results"] if r["state"]["code"] == "QAA")
    assert first["status"] == "withdrawal_pending"


def test_participants_before_any_act_are_empty(anon, ccm):
    body = anon.get(f"{BASE}ccm/participants/", {"as_of": "2008-01-01"}).json()
    assert body == {
        "treaty": "ccm",
        "as_of": "2008-01-01",
        "status_on": "2008-01-01",
        "status_as_at": "2026-02-03",
        "record_as_of": "2026-02-03",
        "past_record": False,
        "has_participant_data": True,
        "derived_up_to_date": True,
        "count": 0,
        "results": [],
    }


def test_participants_can_be_filtered_by_status(anon, ccm):
    body = anon.get(f"{BASE}ccm/participants/", {"as_of": "2025-06-01", "status": "party"}).json()
    assert body["count"] == 39
    assert {r["status"] for r in body["results"]} == {"party"}


def test_an_unknown_status_is_a_400(anon, ccm):
    response = anon.get(f"{BASE}ccm/participants/", {"status": "member"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "status"
    assert response.json()["errors"][0]["code"] == "invalid_choice"


def test_participants_come_as_csv(anon, ccm):
    response = anon.get(f"{BASE}ccm/participants/", {"as_of": "2025-06-01", "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 40
    first = next(r for r in rows if r["state.code"] == "QAA")
    assert first["status"] == "withdrawn"
    assert first["withdrawal_notified_on"] == "2024-09-06"


def test_changes_list_who_joined_and_who_left(anon, ccm):
    body = anon.get(f"{BASE}ccm/changes/", {"from": "2025-01-01", "to": "2025-12-31"}).json()
    assert body["count"] == 1
    change = body["results"][0]
    assert change["state"]["code"] == "QAA"
    assert change["status"] == "withdrawn"
    assert change["change"] == "ceased_to_be_party"
    withdrawal = ccm.events.get(state__code="QAA", kind="withdrawal")
    assert change["effective_date"] == withdrawal.effective_date.isoformat()


def test_changes_include_both_ends(anon, ccm):
    eif = ccm.entry_into_force_date.isoformat()
    body = anon.get(f"{BASE}ccm/changes/", {"from": eif, "to": eif}).json()
    assert body["count"] >= 30
    assert {c["change"] for c in body["results"]} == {"became_party"}


def test_changes_with_from_after_to_are_a_400(anon, ccm):
    response = anon.get(f"{BASE}ccm/changes/", {"from": "2025-01-02", "to": "2025-01-01"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "invalid_range"


def test_the_timeline_counts_parties_step_by_step(anon, ccm):
    body = anon.get(f"{BASE}ccm/timeline/").json()
    points = body["results"]
    assert points[0]["date"] == ccm.entry_into_force_date.isoformat()
    assert max(p["parties"] for p in points) == 40
    assert points[-1]["parties"] == 39  # after the withdrawal took effect
    assert [p["date"] for p in points] == sorted(p["date"] for p in points)


def test_the_treaty_list_comes_as_csv(anon, ccm):
    response = anon.get(BASE, {"format": "csv"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert rows[0]["slug"] == "ccm"
    assert rows[0]["parties"] == rows[0]["status_counts.party"] == "39"
    assert rows[0]["status_counts.withdrawn"] == "1"


@pytest.fixture
def without_rules(db):
    """A treaty whose rules are not recorded, in force from its recorded date, with Lithuania's
    ratification and Norway's signature (as the 2018 corpus gives most treaties)."""
    from events.services import event_record, treaty_recompute
    from tests.factories import SOURCE, TreatyFactory, lithuania, state

    treaty = TreatyFactory.create(
        slug="biodiversity",
        recorded_entry_into_force=date(1993, 12, 29),
        recorded_entry_into_force_article="article 36(1)",
        adopted_on=date(1992, 5, 22),
    )
    event_record(treaty=treaty, state=lithuania(), kind="ratification",
                 date=date(1996, 2, 1), source_url=SOURCE)  # fmt: skip
    event_record(treaty=treaty, state=state("NOR", "Norway", "578"), kind="signature",
                 date=date(1992, 6, 9), source_url=SOURCE)  # fmt: skip
    treaty_recompute(treaty_id=treaty.pk)
    return treaty


def test_a_treaty_without_rules_is_in_force_as_recorded_and_its_party_count_is_unknown(
    anon, without_rules
):
    row = anon.get(BASE, {"as_of": "2018-01-15"}).json()["results"][0]
    assert row["entry_into_force_date"] == "1993-12-29"
    assert row["entry_into_force_basis"] == "recorded"
    assert row["recorded_entry_into_force_article"] == "article 36(1)"
    assert (row["rules_source"], row["rules_basis"]) == ("none", "unknown")
    assert row["in_force"] is True
    assert row["parties"] is None  # never 0: who became a party when is not computed
    assert row["status_counts"]["consented_unknown"] == 1
    assert row["status_counts"]["signatory"] == 1


def test_a_participant_whose_date_of_effect_is_not_computed_says_so(anon, without_rules):
    body = anon.get(f"{BASE}biodiversity/participants/", {"as_of": "2018-01-15"}).json()
    lithuania = next(r for r in body["results"] if r["state"]["code"] == "LTU")
    assert lithuania["status"] == "consented_unknown"
    assert lithuania["consent_date"] == "1996-02-01"
    assert (lithuania["entry_into_force_date"], lithuania["entry_into_force_basis"]) == (
        None,
        "unknown",
    )
    assert lithuania["withdrawal_effective_basis"] is None


def test_computed_dates_say_they_are_computed(anon, ccm):
    body = anon.get(f"{BASE}ccm/participants/", {"as_of": "2026-01-01"}).json()
    row = next(r for r in body["results"] if r["withdrawal_notified_on"])
    assert (row["entry_into_force_basis"], row["withdrawal_effective_basis"]) == (
        "computed",
        "computed",
    )
    detail = anon.get(f"{BASE}ccm/").json()
    assert (detail["entry_into_force_basis"], detail["rules_basis"]) == ("computed", "computed")
