"""From an empty database, a sync of the 407 files of 2018 served by a local server gives the
same data as ``import_untc`` of the folder: importing them over the synced database changes
nothing, and a second sync fetches nothing changed."""

from __future__ import annotations

import pytest

from events.models import Event
from ingest.models import SyncRun
from ingest.sync import sync_untc
from ingest.untc_xml import untc_xml_import
from treaties.models import Treaty

from .sync_fixtures import start_mirror

pytestmark = [pytest.mark.django_db, pytest.mark.corpus]


def _derived() -> list[tuple[object, ...]]:
    return list(
        Treaty.objects.order_by("un_reference").values_list(
            "un_reference", "parent__un_reference", "entry_into_force_date", "status_as_at",
            "rules_source",
        )
    )  # fmt: skip


def test_a_sync_from_an_empty_database_equals_the_import(shared_data, tmp_path):
    corpus = shared_data / "untc-mtdsg-xml-2018"
    for mirror in start_mirror(corpus, tmp_path):
        run = sync_untc(client=mirror.client(timeout=30))
        assert run.outcome == SyncRun.Outcome.SUCCEEDED, run.message
        assert run.treaties_created == run.files_changed == 407
        events, derived = Event.objects.count(), _derived()
        mirror.requests()
        again = sync_untc(client=mirror.client(timeout=30))
        log = mirror.requests()
        assert again.files_changed == 0 and again.files_unchanged == 407
        assert sum(" 304 " in line for line in log) == 407
    report = untc_xml_import(sorted(corpus.glob("*.xml")), keep_going=True)
    assert report.treaties_created == [] and report.changes == []
    assert (report.events_created, report.events_updated) == (0, 0)
    assert Event.objects.count() == events
    assert _derived() == derived
