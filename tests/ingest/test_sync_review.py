"""The command's output, the review of queued changes in the admin, and what /healthz says."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from events.models import Event
from events.services import event_update
from ingest.models import SyncChange, SyncRun
from states.services import states_load
from treaties.models import Treaty

from .sync_fixtures import start_mirror
from .test_sync import CCM, _modified

pytestmark = pytest.mark.django_db

Kind, Status = SyncChange.Kind, SyncChange.Status


@pytest.fixture
def mirror(shared_data, tmp_path):
    states_load()
    for m in start_mirror(shared_data / "untc-mtdsg-xml-2018", tmp_path):
        with override_settings(
            UNTC_BASE_URL=m.base_url, UNTC_SYNC_RATE=0, UNTC_SYNC_TIMEOUT=1, UNTC_SYNC_RETRIES=0
        ):
            yield m


def sync(*args: str) -> str:
    out = io.StringIO()
    call_command("sync_untc", *args, stdout=out)
    return out.getvalue()


def test_the_command_ends_with_a_summary_and_shows_its_requests(mirror):
    first = sync(CCM)
    assert first.startswith("Sync succeeded (every file fetched and applied): 1 files checked, 1")
    assert "[" not in first  # no progress bar when not on a terminal
    second = sync(CCM, "--show-requests")
    assert f"  304 {mirror.base_url}Chapter%20XXVI/{CCM}.en.xml" in second
    assert "0 changed and applied, 1 unchanged" in second


def test_the_command_refuses_what_is_not_a_reference(mirror):
    with pytest.raises(CommandError, match="not UN references"):
        sync("XXVI-6/../../secret")


def test_the_command_fails_when_nothing_could_be_fetched(mirror):
    mirror.fault(CCM, status=503)
    with pytest.raises(CommandError, match="The sync failed"):
        sync(CCM)
    assert SyncRun.objects.get().outcome == SyncRun.Outcome.FAILED


@pytest.fixture
def queued(mirror, client):
    """A correction of an editor's act waiting for review, and a superuser in the admin."""
    sync(CCM)
    ccm = Treaty.objects.get(un_reference=CCM)
    albania = Event.objects.get(treaty=ccm, state__code="ALB", kind="ratification")
    event_update(event=albania, note="Checked by an editor")
    mirror.publish(CCM, _modified(mirror))
    sync(CCM)
    user = get_user_model().objects.create_superuser("admin", "a@example.org", "pw")
    client.force_login(user)
    return SyncChange.objects.get(kind=Kind.ACT_CORRECTED, status=Status.REVIEW)


def test_the_admin_lists_syncs_and_the_changes_waiting_with_both_versions(queued, client):
    runs = client.get("/admin/ingest/syncrun/")
    assert runs.status_code == 200 and b"Succeeded" in runs.content
    waiting = client.get("/admin/ingest/syncchange/?status__exact=review")
    assert waiting.status_code == 200
    assert b"2009-06-16" in waiting.content and b"2009-06-17" in waiting.content


def test_accepting_applies_the_depositarys_version_through_the_services(queued, client):
    response = client.post(
        "/admin/ingest/syncchange/",
        {"action": "accept", "_selected_action": [queued.pk]},
        follow=True,
    )
    assert response.status_code == 200
    queued.refresh_from_db()
    assert queued.status == Status.ACCEPTED and queued.decided_by is not None
    albania = Event.objects.get(pk=queued.event_id)
    assert albania.date == date(2009, 6, 17) and albania.note == ""


def test_keeping_leaves_the_editors_act(queued, client):
    before = Event.objects.get(pk=queued.event_id)
    client.post("/admin/ingest/syncchange/", {"action": "keep", "_selected_action": [queued.pk]})
    queued.refresh_from_db()
    assert queued.status == Status.KEPT
    after = Event.objects.get(pk=queued.event_id)
    assert (after.date, after.note) == (before.date, before.note)


def test_healthz_says_when_the_last_successful_sync_was(queued, client):
    body = client.get("/healthz").json()
    last = SyncRun.objects.filter(outcome="succeeded").latest("finished_at").finished_at
    assert last is not None and body["last_successful_sync"] == last.isoformat()
    assert body["sync_changes_for_review"] == 1
