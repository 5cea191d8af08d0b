"""History the depositary tells only in its endnotes, imported as events marked as read from a
note (``ingest.untc_xml.endnotes``), or quoted where it cannot be dated."""

from __future__ import annotations

from datetime import date

import pytest

from events.models import Event, Membership, NotedHistory, StatusPeriod
from ingest.untc_xml import untc_xml_import
from states.services import states_load
from treaties.models import Treaty

pytestmark = pytest.mark.django_db

AS_OF = date(2018, 1, 15)


@pytest.fixture
def imported(shared_data, django_capture_on_commit_callbacks):
    states_load()
    corpus = shared_data / "untc-mtdsg-xml-2018"

    def run(*refs: str):
        with django_capture_on_commit_callbacks(execute=True):
            return untc_xml_import([corpus / f"{ref}.en.xml" for ref in refs], as_of=AS_OF)

    return run


def _status(treaty: Treaty, code: str, on: date) -> str:
    period = StatusPeriod.objects.on(on).filter(treaty=treaty, state__code=code).first()
    return period.status if period else "not_joined"


def _spans(treaty: Treaty, code: str) -> list[tuple[date, date | None]]:
    return list(
        Membership.objects.filter(treaty=treaty, state__code=code)
        .order_by("start")
        .values_list("start", "end")
    )


def test_canada_was_bound_by_the_desertification_convention_before_it_withdrew(imported):
    report = imported("XXVII-10")
    unccd = Treaty.objects.get(un_reference="XXVII-10")
    from_note = Event.objects.filter(treaty=unccd, state__code="CAN", from_note=True)
    print(list(from_note.values_list("kind", "date", "published_effective_date", "effective_date")))
    print(_spans(unccd, "CAN"), report.note_events)
    for d in (date(2000, 1, 1), date(2015, 1, 1), date(2018, 1, 1)):
        print(d, _status(unccd, "CAN", d))
    assert 0
