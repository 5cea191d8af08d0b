"""A re-import that changes nothing holds no treaty's lock (issue 27, break 10: it held every
treaty's lock to its end, and an API write waited 5.4 s).

On PostgreSQL, with threads holding their own connections: the re-import runs in a
transaction kept open after it has done its work, and meanwhile a write to one of its treaties
(what the API's ``POST /events/`` calls) must go through at once, not wait for that commit.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Callable
from datetime import date

import pytest
from django.db import transaction

from events.models import Event
from events.services import event_record
from ingest.interchange import events_csv_import, events_csv_text
from ingest.untc_xml import untc_xml_import
from states.services import states_load
from tests.concurrency import InThread
from tests.factories import SOURCE, synthetic_states, treaty_with_participants
from treaties.models import Treaty

pytestmark = pytest.mark.django_db(transaction=True)


def _write_during(reimport: Callable[[], object], write: Callable[[], object]) -> None:
    """Run ``reimport`` in a transaction held open until ``write`` has finished (or failed):
    ``write`` must not wait for it."""
    done, release = threading.Event(), threading.Event()

    def hold() -> None:
        with transaction.atomic():
            reimport()
            done.set()
            release.wait(60)

    holder = InThread(hold, name="re-import")
    try:
        assert done.wait(120), "the re-import did not finish"
        writer = InThread(write, name="API write")
        writer.join(timeout=10)  # would wait for the re-import's commit (or time out at 5 s)
    finally:
        release.set()
        holder.join()


def test_a_csv_reimport_that_changes_nothing_lets_a_write_through(postgresql):
    treaty = treaty_with_participants("ccm", 20, recompute=False)
    text = events_csv_text(Event.objects.filter(treaty=treaty))
    [newcomer] = synthetic_states(21)[20:]

    def reimport() -> None:
        report = events_csv_import(io.StringIO(text))
        assert report.events_unchanged == 40 and not report.changed

    _write_during(
        reimport,
        lambda: event_record(
            treaty=treaty, state=newcomer, kind="accession", date=date(2021, 3, 1),
            source_url=SOURCE,
        ),
    )  # fmt: skip
    assert Event.objects.filter(state=newcomer).count() == 1


def test_an_xml_reimport_that_changes_nothing_lets_a_write_through(postgresql, shared_data):
    states_load()
    folder = shared_data / "untc-mtdsg-xml-2018"
    files = [folder / f"{ref}.en.xml" for ref in ("XXVI-6", "XXVII-7-a")]
    untc_xml_import(files)
    treaty = Treaty.objects.get(un_reference="XXVI-6")
    [newcomer] = synthetic_states(1)

    def reimport() -> None:
        report = untc_xml_import(files)
        assert not report.changed, report.summary()

    _write_during(
        reimport,
        lambda: event_record(
            treaty=treaty, state=newcomer, kind="accession", date=date(2021, 3, 1),
            source_url=SOURCE,
        ),
    )  # fmt: skip
    assert Event.objects.filter(state=newcomer).count() == 1
