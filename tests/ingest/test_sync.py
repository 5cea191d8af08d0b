"""``sync_untc`` against a real local HTTP server process standing in for the depositary."""

from __future__ import annotations

import re
import threading
from datetime import date

import pytest

from events.models import Event, EventOrigin
from events.services import event_record, event_update
from ingest.models import SyncChange, SyncRun, SyncSource
from ingest.sync import SyncBusy, sync_untc
from ingest.sync.lock import sync_lock
from states.models import State
from states.services import states_load
from treaties.models import Treaty

from .sync_fixtures import Mirror, start_mirror

pytestmark = pytest.mark.django_db

Kind, Status = SyncChange.Kind, SyncChange.Status
CCM = "XXVI-6"


@pytest.fixture
def mirror(shared_data, tmp_path):
    yield from start_mirror(shared_data / "untc-mtdsg-xml-2018", tmp_path)


@pytest.fixture
def ccm(mirror):
    """The CCM synced once from an empty database (the server's log then forgotten)."""
    states_load()
    run = sync_untc(references=[CCM], client=mirror.client())
    assert run.outcome == SyncRun.Outcome.SUCCEEDED, run.message
    mirror.requests()
    return Treaty.objects.get(un_reference=CCM)


def facts(treaty: Treaty) -> set[tuple[str, str, date, str]]:
    return set(
        Event.objects.filter(treaty=treaty).values_list("state__code", "kind", "date", "note")
    )


def changes(run: SyncRun) -> list[tuple[str, str, str]]:
    return [
        (c.kind, c.status, (c.before or c.after).get("state", ""))
        for c in run.changes.order_by("kind", "id")
    ]


def test_a_new_treaty_is_created_with_its_changeset_hash_and_record_date(ccm):
    run = SyncRun.objects.get()
    assert run.files_changed == 1 and run.treaties_created == 1 and run.requests == 1
    created = run.changes.get()
    assert (created.kind, created.status) == (Kind.TREATY_CREATED, Status.APPLIED)
    assert created.after["acts"] == Event.objects.filter(treaty=ccm).count() > 100
    assert len(created.file_sha256) == 64 and created.record_date == ccm.status_as_at
    assert ccm.record_basis == "latest_act" and ccm.record_read_at is not None
    assert set(Event.objects.filter(treaty=ccm).values_list("origin", flat=True)) == {
        EventOrigin.DEPOSITARY
    }
    assert SyncSource.objects.get(un_reference=CCM).etag


def test_a_second_run_fetches_nothing_changed_and_writes_nothing(ccm, mirror):
    events_before = list(Event.objects.values_list("pk", "updated_at"))
    history_before = Event.history.count()
    read_at = ccm.record_read_at
    run = sync_untc(references=[CCM], client=mirror.client())
    log = mirror.requests()
    assert [line.split(" 304 ")[0] for line in log] == [f"/Chapter XXVI/{CCM}.en.xml"]
    assert run.files_unchanged == 1 and run.files_changed == 0 and not run.changes.exists()
    assert list(Event.objects.values_list("pk", "updated_at")) == events_before
    assert Event.history.count() == history_before
    ccm.refresh_from_db()
    assert ccm.record_read_at == read_at
    assert "TreatyTracker-sync" in log[0]  # the descriptive User-Agent


@pytest.mark.parametrize("reference", [CCM, "XXVI-9"])  # in force; not yet in force in 2018
def test_the_records_date_never_moves_backwards(mirror, reference):
    # Imported first with the day the files were read (2018-01-15), then synced from the same
    # files: the sync dates a file by its latest act, earlier; the reading of 2018 stays.
    from ingest.untc_xml import untc_xml_import

    states_load()
    untc_xml_import([mirror.corpus / f"{reference}.en.xml"], as_of=date(2018, 1, 15))
    imported = Treaty.objects.get(un_reference=reference)
    run = sync_untc(references=[reference], client=mirror.client())
    assert run.outcome == SyncRun.Outcome.SUCCEEDED, run.message
    treaty = Treaty.objects.get(un_reference=reference)
    assert (treaty.status_as_at, treaty.record_basis) == (date(2018, 1, 15), "as_of")
    assert treaty.recorded_not_in_force_on == imported.recorded_not_in_force_on
    assert not run.changes.filter(kind=Kind.ENTRY_INTO_FORCE).exists()


def _row(text: str, participant: str) -> str:
    """The participants table's row of ``participant`` in a file's text."""
    found = re.findall(rf"<Row>\s*<Entry>{participant}</Entry>.*?</Row>", text, re.DOTALL)
    assert len(found) == 1, participant
    return str(found[0])


def _modified(mirror: Mirror) -> str:
    text = mirror.original(CCM)
    # A new ratification (Angola signed in 2008 and had not ratified in 2018).
    angola = _row(text, "Angola")
    assert angola.endswith("<Entry />\n                <Entry />\n              </Row>")
    text = text.replace(angola, angola[: -len("<Entry />\n              </Row>")]
                        + "<Entry>5 Mar 2019</Entry></Row>")  # fmt: skip
    # A corrected date (Albania's ratification).
    albania = _row(text, "Albania")
    text = text.replace(albania, albania.replace("16 Jun 2009", "17 Jun 2009"))
    # A removed row (Andorra's accession).
    return text.replace(_row(text, "Andorra"), "")


def test_the_depositarys_own_acts_are_added_corrected_and_removed_and_logged(ccm, mirror):
    mirror.publish(CCM, _modified(mirror))
    run = sync_untc(references=[CCM], client=mirror.client())
    assert run.outcome == SyncRun.Outcome.SUCCEEDED, run.message
    assert changes(run) == [
        (Kind.ACT_ADDED, Status.APPLIED, "AGO"),
        (Kind.ACT_CORRECTED, Status.APPLIED, "ALB"),
        (Kind.ACT_REMOVED, Status.APPLIED, "AND"),
    ]
    corrected = run.changes.get(kind=Kind.ACT_CORRECTED)
    assert (corrected.before["date"], corrected.after["date"]) == ("2009-06-16", "2009-06-17")
    assert corrected.source_url == f"{mirror.base_url}Chapter%20XXVI/{CCM}.en.xml"
    rows = set(Event.objects.filter(treaty=ccm).values_list("state__code", "kind", "date"))
    assert ("AGO", "ratification", date(2019, 3, 5)) in rows
    assert ("ALB", "ratification", date(2009, 6, 17)) in rows
    assert ("ALB", "ratification", date(2009, 6, 16)) not in rows
    assert not Event.objects.filter(treaty=ccm, state__code="AND").exists()
    ccm.refresh_from_db()
    assert ccm.status_as_at == date(2019, 3, 5)  # the record's date moved forward
    assert run.changes.filter(record_date=date(2019, 3, 5)).count() == 3


def test_an_editors_acts_are_never_changed_or_deleted_but_queued_with_both_versions(ccm, mirror):
    albania = Event.objects.get(treaty=ccm, state__code="ALB", kind="ratification")
    event_update(event=albania, note="Confirmed against C.N.123.2009 by an editor")
    andorra = Event.objects.get(treaty=ccm, state__code="AND")
    event_update(event=andorra, note="Checked")
    later = event_record(
        treaty=ccm,
        state=State.objects.get(code="TUV"),
        kind="accession",
        date=date(2019, 1, 3),
        source_url="https://treaties.un.org/doc/Publication/CN/2019/CN.1.2019-Eng.pdf",
    )
    mine = facts(ccm) & {(e.state.code, e.kind, e.date, e.note) for e in (albania, andorra, later)}
    assert len(mine) == 3
    mirror.publish(CCM, _modified(mirror))
    run = sync_untc(references=[CCM], client=mirror.client())
    assert changes(run) == [
        (Kind.ACT_ADDED, Status.APPLIED, "AGO"),
        (Kind.ACT_CORRECTED, Status.REVIEW, "ALB"),
        (Kind.ACT_REMOVED, Status.REVIEW, "AND"),
        (Kind.ACT_REMOVED, Status.REVIEW, "TUV"),
    ]
    assert facts(ccm) >= mine  # each editor's act exactly as the editor left it
    review = run.changes.get(kind=Kind.ACT_CORRECTED)
    assert review.event == albania and review.before["note"].startswith("Confirmed")
    assert review.after["date"] == "2009-06-17"
    assert run.changes_for_review == 3
    # Synced again with a changed file: the same questions are not asked twice.
    mirror.publish(CCM, _modified(mirror) + "\n")
    again = sync_untc(references=[CCM], client=mirror.client())
    assert again.files_changed == 1 and again.changes_for_review == 0
    assert SyncChange.objects.filter(status=Status.REVIEW).count() == 3


def test_a_new_treaty_in_the_chapter_index_is_discovered(ccm, mirror):
    run = sync_untc(chapters=["XXVI"], client=mirror.client())
    assert run.outcome == SyncRun.Outcome.SUCCEEDED, run.message
    created = set(
        run.changes.filter(kind=Kind.TREATY_CREATED).values_list("un_reference", flat=True)
    )
    assert created == {p.name.split(".")[0] for p in mirror.corpus.glob("XXVI-*.en.xml")} - {CCM}
    assert run.files_unchanged == 1
    assert mirror.requests()[0].startswith("/Chapter XXVI/index.txt 200")


@pytest.mark.parametrize(
    ("fault", "message"),
    [
        ({"status": 500}, "the server answered 500 (after 2 attempts)"),
        ({"sleep": 3}, "no answer within 1 s"),
        ({"redirect": "http://elsewhere.example/XXVI-6.en.xml"}, "redirects are not followed"),
    ],
    ids=["server-error", "timeout", "redirect-off-host"],
)
def test_a_file_that_cannot_be_fetched_is_reported_and_the_rest_go_on(ccm, mirror, fault, message):
    before = facts(ccm)
    mirror.publish(CCM, _modified(mirror))
    mirror.fault(CCM, **fault)
    run = sync_untc(references=[CCM, "XXVI-5"], client=mirror.client())
    assert run.outcome == SyncRun.Outcome.PARTIAL and run.files_failed == 1
    failed = run.changes.get(kind=Kind.FAILED)
    assert failed.status == Status.REPORTED and message in failed.message
    assert facts(ccm) == before
    assert Treaty.objects.filter(un_reference="XXVI-5").exists()  # the next file went on
    assert all("elsewhere" not in line for line in mirror.requests())


@pytest.mark.parametrize(
    "content",
    [b"<not xml", b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aa">]><x>&a;</x>'],
    ids=["malformed", "entities"],
)
def test_a_malformed_file_leaves_its_treaty_as_it_was(ccm, mirror, content):
    before = facts(ccm)
    mirror.publish(CCM, content)
    run = sync_untc(references=[CCM], client=mirror.client())
    assert run.outcome == SyncRun.Outcome.FAILED
    failed = run.changes.get()
    assert failed.kind == Kind.FAILED and "refused" in failed.message
    assert facts(ccm) == before
    # Not recorded as applied: the next run fetches it again, and applies it once repaired.
    mirror.publish(CCM, _modified(mirror))
    assert sync_untc(references=[CCM], client=mirror.client()).files_changed == 1


def test_a_file_over_the_size_limit_is_refused(ccm, mirror):
    run = sync_untc(references=[CCM], client=mirror.client(max_bytes=1000))
    mirror.publish(CCM, _modified(mirror))
    run = sync_untc(references=[CCM], client=mirror.client(max_bytes=1000))
    assert "over the limit of 1000" in run.changes.get().message


def test_nothing_outside_the_base_is_fetched(mirror):
    with pytest.raises(ValueError, match="not UN references"):
        sync_untc(references=["../../etc/passwd"], client=mirror.client())
    assert mirror.requests() == []


@pytest.mark.django_db(transaction=True)
def test_two_syncs_never_run_at_once(mirror):
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        from django.db import connection

        with sync_lock():
            held.set()
            release.wait(10)
        connection.close()

    thread = threading.Thread(target=hold)
    thread.start()
    try:
        assert held.wait(10)
        with pytest.raises(SyncBusy):
            sync_untc(references=[CCM], client=mirror.client())
    finally:
        release.set()
        thread.join()
    assert not SyncRun.objects.exists() and mirror.requests() == []


def test_a_run_the_process_left_is_marked_interrupted(ccm, mirror):
    SyncRun.objects.update(outcome=SyncRun.Outcome.RUNNING)
    sync_untc(references=[CCM], client=mirror.client())
    assert SyncRun.objects.filter(outcome=SyncRun.Outcome.INTERRUPTED).count() == 1
