"""The review queue of inferred rules: an editor confirms, edits or rejects them in one step,
and a rejection outlives the next import."""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from events.models import Event
from events.services import treaty_rules_update
from ingest.untc_xml import untc_xml_import
from rules import CATALOGUE
from states.services import states_load
from tests.editor.test_treaty_admin import change_url, treaty_post
from treaties.models import Treaty

CHANGELIST = reverse("admin:treaties_treaty_changelist")


@pytest.fixture
def cbd(db, shared_data, django_capture_on_commit_callbacks) -> Treaty:
    """The Biodiversity Convention from the depositary's 2018 file: rules inferred."""
    states_load()
    with django_capture_on_commit_callbacks(execute=True):
        untc_xml_import([shared_data / "untc-mtdsg-xml-2018" / "XXVII-8.en.xml"])
    return Treaty.objects.get(un_reference="XXVII-8")


def _act(client, action: str, treaty: Treaty, capture):
    with capture(execute=True):
        return client.post(
            CHANGELIST, {"action": action, "_selected_action": [treaty.pk]}, follow=True
        )


def _france(treaty: Treaty) -> Event:
    return Event.objects.get(treaty=treaty, state__code="FRA", kind="ratification")


def test_the_queue_lists_treaties_whose_rules_were_inferred(superuser_client, cbd):
    page = superuser_client.get(CHANGELIST, {"review": "pending"}).content.decode()
    assert "Convention on Biological Diversity" in page
    detail = superuser_client.get(change_url(cbd)).content.decode()
    assert "inference: accepted" in detail
    assert "29 Dec 1993, in accordance with article 36(1)" in detail


def test_confirming_makes_the_rules_the_editors_and_the_dates_computed(
    superuser_client, cbd, django_capture_on_commit_callbacks
):
    _act(superuser_client, "confirm_inferred_rules", cbd, django_capture_on_commit_callbacks)
    cbd.refresh_from_db()
    assert (cbd.rules_source, cbd.rules_review) == ("editor", "confirmed")
    assert (_france(cbd).effective_date, _france(cbd).effective_date_basis) == (
        date(1994, 9, 29),
        "computed",
    )


def test_a_rejection_leaves_the_dates_unknown_and_the_next_import_does_not_infer_again(
    superuser_client, cbd, shared_data, django_capture_on_commit_callbacks
):
    _act(superuser_client, "reject_inferred_rules", cbd, django_capture_on_commit_callbacks)
    cbd.refresh_from_db()
    assert (cbd.rules, cbd.rules_review) == ({}, "rejected")
    assert _france(cbd).effective_date_basis == "unknown"
    with django_capture_on_commit_callbacks(execute=True):
        untc_xml_import([shared_data / "untc-mtdsg-xml-2018" / "XXVII-8.en.xml"])
    cbd.refresh_from_db()
    assert (cbd.rules, cbd.rules_review) == ({}, "rejected")


def test_editing_the_inferred_rules_in_the_rules_form_confirms_them(
    superuser_client, cbd, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = superuser_client.post(
            change_url(cbd), treaty_post(cbd, with_rules=True, later_step1_amount=30)
        )
    assert response.status_code == 302
    cbd.refresh_from_db()
    assert (cbd.rules_source, cbd.rules_review) == ("editor", "confirmed")
    assert _france(cbd).effective_date == date(1994, 7, 31)


def test_an_editor_without_the_rules_permission_cannot_confirm(
    editor_client, cbd, django_capture_on_commit_callbacks
):
    response = _act(
        editor_client, "confirm_inferred_rules", cbd, django_capture_on_commit_callbacks
    )
    assert "needs the rules permission" in response.content.decode()
    cbd.refresh_from_db()
    assert cbd.rules_review == "pending"


def test_catalogue_rules_are_applied_again_by_command_but_never_over_an_editors(db):
    from tests.factories import treaty_from_catalogue

    kyoto = treaty_from_catalogue("kyoto-protocol", rules={}, rules_source="")
    unclos = treaty_from_catalogue("unclos")
    treaty_rules_update(treaty=unclos, rules=CATALOGUE["ccm"]["rules"])  # an editor's choice
    out = StringIO()
    call_command("apply_catalogue_rules", stdout=out)
    kyoto.refresh_from_db()
    unclos.refresh_from_db()
    assert (kyoto.rules, kyoto.rules_source) == (CATALOGUE["kyoto-protocol"]["rules"], "catalogue")
    assert unclos.rules == CATALOGUE["ccm"]["rules"] and unclos.rules_source == "editor"
    assert "kyoto-protocol: catalogue rules applied" in out.getvalue()


def test_an_editor_gives_the_montreal_protocol_its_fixed_date_and_later_states_follow(
    superuser_client, db, shared_data, django_capture_on_commit_callbacks
):
    # The file states only "1 January 1989, in accordance with article 16(1)": no rule is
    # inferred (several delays fit). An editor enters art. 16 from the treaty text.
    states_load()
    with django_capture_on_commit_callbacks(execute=True):
        untc_xml_import([shared_data / "untc-mtdsg-xml-2018" / "XXVII-2-a.en.xml"])
        montreal = Treaty.objects.get(un_reference="XXVII-2-a")
        treaty_rules_update(
            treaty=montreal,
            rules={
                "entry_into_force": {
                    "article": "16(1)",
                    "threshold": {
                        "count": 11,
                        "kinds": ["ratification", "acceptance", "approval", "accession"],
                    },
                    "period": [{"add": {"days": 90}}],
                    "on_date": "1989-01-01",
                },
                "later_states": {
                    "article": "16(3)",
                    "period": [{"add": {"days": 90}}],
                    "applies_after": "entry_into_force",
                },
                "withdrawal": {"allowed": None},
            },
        )
    montreal.refresh_from_db()
    assert (montreal.entry_into_force_date, montreal.entry_into_force_basis) == (
        date(1989, 1, 1),
        "computed",
    )
    mexico = Event.objects.get(treaty=montreal, state__code="MEX", kind="acceptance")
    assert (mexico.date, mexico.effective_date) == (date(1988, 3, 31), date(1989, 1, 1))
    later = (
        Event.objects.filter(treaty=montreal, kind="ratification", date__gt=date(1989, 1, 1))
        .order_by("date")
        .first()
    )
    assert later is not None
    assert later.effective_date == later.date + timedelta(days=90)


def test_the_evidence_names_a_predecessors_noted_instrument_and_a_parents_date(
    superuser_client, db, shared_data, django_capture_on_commit_callbacks
):
    states_load()
    corpus = shared_data / "untc-mtdsg-xml-2018"
    with django_capture_on_commit_callbacks(execute=True):
        untc_xml_import([corpus / f"{ref}.en.xml" for ref in ("IV-6", "III-3", "III-4")])
    statute = superuser_client.get(change_url(Treaty.objects.get(un_reference="IV-6")))
    assert (
        "fits: the 10th instrument, deposited 1970-08-13, then [{&#x27;add&#x27;: {&#x27;days"
        "&#x27;: 90}}] (Czechoslovakia&#x27;s ratification, recorded in the depositary&#x27;s"
        " note 4; not among the participants)"
    ) in statute.content.decode()
    protocol = superuser_client.get(change_url(Treaty.objects.get(un_reference="III-4")))
    page = protocol.content.decode()
    assert "in force on the recorded date of its parent treaty, III-3 (1964-04-24)" in page
    assert "not before the parent&#x27;s entry into force" in page


def test_the_evidence_names_an_instrument_of_the_leagues_list_without_a_count(
    superuser_client, db, shared_data, django_capture_on_commit_callbacks
):
    states_load()
    with django_capture_on_commit_callbacks(execute=True):
        untc_xml_import([shared_data / "untc-mtdsg-xml-2018" / "VI-12-a.en.xml"])
    page = superuser_client.get(change_url(Treaty.objects.get(un_reference="VI-12-a")))
    assert (
        "fits: an instrument deposited 1939-07-28 (Turkey&#x27;s accession, in the League of"
        " Nations&#x27; list of the ratifications and accessions it received; not among the"
        " participants), then [{&#x27;add&#x27;: {&#x27;days&#x27;: 90}}]"
    ) in page.content.decode()


def test_refused_reviews_are_rules_rejected_and_the_admin_shows_their_words(
    superuser_client, ccm, django_capture_on_commit_callbacks
):
    # The catalogue's rules are neither inferred nor parsed: confirming or rejecting them is
    # refused as a rules error (not an event's), with the same words in the admin.
    from events.exceptions import EventRejected, RulesRejected
    from events.services import treaty_rules_confirm, treaty_rules_reject

    with pytest.raises(RulesRejected, match="Only inferred or parsed rules can be confirmed"):
        treaty_rules_confirm(treaty=ccm)
    with pytest.raises(RulesRejected) as refused:
        treaty_rules_reject(treaty=ccm)
    assert not isinstance(refused.value, EventRejected)
    assert refused.value.message_dict == {"rules": ["Only inferred rules can be rejected."]}
    page = _act(
        superuser_client, "reject_inferred_rules", ccm, django_capture_on_commit_callbacks
    ).content.decode()
    assert "CCM: Only inferred rules can be rejected." in page
    assert "Rules rejected for 0 treaties." in page


def test_rules_the_engine_cannot_read_are_rules_rejected(ccm):
    from events.exceptions import RulesRejected

    with pytest.raises(RulesRejected) as refused:
        treaty_rules_update(treaty=ccm, rules={"entry_into_force": {}})
    assert "rules" in refused.value.message_dict
    ccm.refresh_from_db()
    assert ccm.rules["entry_into_force"]["article"]  # nothing written
