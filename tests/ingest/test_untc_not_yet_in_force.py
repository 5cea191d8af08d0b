"""A file whose status says "Not yet in force": a fact on the status date, and nothing after.

The 1992 amendment to article 8 of the Racial Discrimination Convention (IV-2-a) was not in
force on 15 January 2018, the status of the 2018 files; no rules are read from its article
(two thirds of the States parties: a count the events cannot show)."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from events.models import Event, StatusPeriod
from ingest.untc_xml import untc_xml_import
from states.services import states_load
from treaties.models import Treaty

pytestmark = pytest.mark.django_db


def _import(shared_data, capture, as_of: date | None) -> Treaty:
    states_load()
    with capture(execute=True):
        untc_xml_import([shared_data / "untc-mtdsg-xml-2018" / "IV-2-a.en.xml"], as_of=as_of)
    return Treaty.objects.get(un_reference="IV-2-a")


def _status(treaty: Treaty, code: str, day: date) -> str:
    periods = StatusPeriod.objects.filter(treaty=treaty, state__code=code, valid_from__lte=day)
    period = periods.exclude(valid_until__lte=day).get()
    return period.status


def test_a_consent_is_known_not_in_effect_up_to_the_status_date_and_unknown_after(
    shared_data, django_capture_on_commit_callbacks
):
    treaty = _import(shared_data, django_capture_on_commit_callbacks, date(2018, 1, 15))
    assert treaty.rules == {} and treaty.recorded_entry_into_force is None
    assert treaty.recorded_not_in_force_on == date(2018, 1, 15)
    assert treaty.entry_into_force_date is None and treaty.entry_into_force_basis == "unknown"
    # Australia accepted on 15 Oct 1993.
    assert _status(treaty, "AUS", date(2018, 1, 15)) == "consented"
    assert _status(treaty, "AUS", date(2018, 1, 16)) == "consented_unknown"
    acceptance = Event.objects.get(treaty=treaty, state__code="AUS", kind="acceptance")
    assert acceptance.effective_date is None and acceptance.effective_date_basis == "unknown"


def test_without_a_status_date_the_files_latest_act_bounds_the_fact(
    shared_data, django_capture_on_commit_callbacks
):
    treaty = _import(shared_data, django_capture_on_commit_callbacks, None)
    assert treaty.recorded_not_in_force_on == date(2017, 1, 12)  # the latest act in the file


def test_the_api_and_the_page_say_not_in_force_up_to_the_day_and_unknown_after(
    client, shared_data, django_capture_on_commit_callbacks
):
    treaty = _import(shared_data, django_capture_on_commit_callbacks, date(2018, 1, 15))
    url = reverse("api:treaty-detail", args=[treaty.slug])
    on_day = client.get(url, {"as_of": "2018-01-15"}).json()
    assert on_day["in_force"] is False
    assert on_day["recorded_not_in_force_on"] == "2018-01-15"
    assert on_day["status_counts"]["consented"] > 0
    # Past the record: the status on the record's date, and said so (docs/basis.md).
    after = client.get(url, {"as_of": "2019-01-15"}).json()
    assert (after["in_force"], after["past_record"], after["status_on"]) == (
        False,
        True,
        "2018-01-15",
    )
    page = client.get(reverse("web:treaty", args=[treaty.slug])).content.decode()
    assert "Not in force on 15 Jan 2018, as the depositary records; no later date is known" in page


def test_the_day_after_the_record_is_no_change_a_state_made(
    client, shared_data, django_capture_on_commit_callbacks
):
    # On 16 Jan 2018 only what is known changes (consented → date of effect not computed):
    # no list of changes, feed or notification says anybody "consented" that day.
    treaty = _import(shared_data, django_capture_on_commit_callbacks, date(2018, 1, 15))
    url = reverse("api:treaty-changes", args=[treaty.slug])
    body = client.get(url, {"from": "2017-01-01", "to": "2018-12-31"}).json()
    assert [c["effective_date"] for c in body["results"]] == ["2017-01-12"]  # the latest act
    from events.services.changes import status_changes_record

    assert status_changes_record(on=date(2018, 1, 16)) == 0
    assert StatusPeriod.objects.filter(treaty=treaty, valid_from=date(2018, 1, 16)).exists()
