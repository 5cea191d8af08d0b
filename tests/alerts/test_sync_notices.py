"""A sync's changes told to the watches that asked for them: once per treaty and run, saying
what was applied and what waits for an editor (the recorded version standing until then).

The sync runs against the real local HTTP server that stands in for the depositary."""

from __future__ import annotations

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from alerts.models import Channel, Delivery, Notice, NoticeKind, Watch
from alerts.sync_notices import sync_notices
from api.tokens import token_issue
from events.models import Event
from events.services import event_update
from ingest.models import SyncRun
from ingest.sync import sync_untc
from states.models import State
from states.services import states_load
from tests.factories import TreatyFactory, make_user
from tests.ingest.sync_fixtures import start_mirror
from tests.ingest.test_sync import CCM, _modified
from treaties.models import Treaty

pytestmark = pytest.mark.django_db


@pytest.fixture
def mirror(shared_data, tmp_path):
    yield from start_mirror(shared_data / "untc-mtdsg-xml-2018", tmp_path)


def _watch(**fields):
    values = {"channel": Channel.EMAIL, "email": "w@example.org", "confirmed_at": timezone.now()}
    return Watch.objects.create(**(values | fields))


def test_a_syncs_changes_go_once_to_the_watches_of_the_treaty_and_of_everything(
    mirror, mailoutbox, django_capture_on_commit_callbacks
):
    states_load()
    with django_capture_on_commit_callbacks(execute=True):
        first = sync_untc(references=[CCM], client=mirror.client())
    assert first.outcome == SyncRun.Outcome.SUCCEEDED, first.message
    ccm = Treaty.objects.get(un_reference=CCM)
    albania = State.objects.get(code="ALB")
    told = {
        "ccm": _watch(treaty=ccm, on_sync=True, on_acts=False, on_effects=False),
        "everything": _watch(on_sync=True, on_acts=False, on_effects=False, email="e@example.org"),
        "ccm, no sync": _watch(treaty=ccm, on_acts=False, on_effects=False, reminder_days=30),
        "other treaty": _watch(treaty=TreatyFactory(), on_sync=True),
        "unconfirmed": _watch(treaty=ccm, on_sync=True, confirmed_at=None),
    }
    # An editor confirmed Albania's ratification: the depositary's corrected date waits.
    event_update(
        event=Event.objects.get(treaty=ccm, state=albania, kind="ratification"),
        note="Checked against the instrument by an editor",
    )
    mailoutbox.clear()
    mirror.publish(CCM, _modified(mirror))
    with django_capture_on_commit_callbacks(execute=True):
        run = sync_untc(references=[CCM], client=mirror.client())
    assert run.outcome == SyncRun.Outcome.SUCCEEDED, run.message

    # The first sync's notice said the treaty was added (nobody watched yet); this one:
    notice = Notice.objects.get(kind=NoticeKind.SYNC, key__startswith=f"sync:{run.pk}:")
    assert notice.key == f"sync:{run.pk}:{ccm.pk}" and notice.state is None
    assert notice.title == "The depositary's record of the CCM changed"
    assert "Applied: 1 new act (Angola); 1 act no longer in the depositary's record (Andorra)." in (
        notice.text
    )
    assert (
        "Waiting for an editor's review: 1 act's date corrected (Albania). These differ from "
        "acts an editor recorded; until reviewed, the recorded version stands." in notice.text
    )
    assert "The record is dated 5 Mar 2019." in notice.text
    sync = notice.payload["sync"]
    assert (sync["run"], sync["applied"], sync["for_review"]) == (run.pk, 2, 1)
    assert sync["record_date"] == "2019-03-05"
    corrected = next(c for c in sync["changes"] if c["kind"] == "act_corrected")
    assert corrected["status"] == "review" and corrected["state"] == "ALB"
    assert (corrected["before"]["date"], corrected["after"]["date"]) == ("2009-06-16", "2009-06-17")
    # The record still says what the editor recorded.
    assert Event.objects.filter(treaty=ccm, state=albania, date="2009-06-16").exists()

    receivers = set(Delivery.objects.filter(notice=notice).values_list("watch_id", flat=True))
    assert receivers == {told["ccm"].pk, told["everything"].pk}
    subjects = [m.subject for m in mailoutbox if m.subject == notice.title]
    assert sorted(m.to[0] for m in mailoutbox if m.subject == notice.title) == [
        "e@example.org",
        "w@example.org",
    ]
    assert len(subjects) == 2

    # Told once: reading the run again makes nothing new.
    assert sync_notices(run.pk) == []
    assert Notice.objects.filter(kind=NoticeKind.SYNC).count() == 2
    created = Notice.objects.get(kind=NoticeKind.SYNC, key__startswith=f"sync:{first.pk}:")
    assert created.title == "The depositary's record of the CCM changed"
    assert (
        created.text.startswith("A sync with the depositary on ")
        and "Applied: treaty added from the depositary's record, with " in created.text
    )


def test_a_sync_that_changes_nothing_tells_nothing(mirror, django_capture_on_commit_callbacks):
    states_load()
    sync_untc(references=[CCM], client=mirror.client())
    _watch(on_sync=True)
    with django_capture_on_commit_callbacks(execute=True):
        again = sync_untc(references=[CCM], client=mirror.client())
    assert again.files_unchanged == 1
    assert not Notice.objects.filter(kind=NoticeKind.SYNC, key__startswith=f"sync:{again.pk}:")


def test_a_file_that_could_not_be_read_is_not_news(mirror, django_capture_on_commit_callbacks):
    states_load()
    sync_untc(references=[CCM], client=mirror.client())
    _watch(on_sync=True)
    mirror.publish(CCM, "<not xml")
    with django_capture_on_commit_callbacks(execute=True):
        run = sync_untc(references=[CCM], client=mirror.client())
    assert run.files_failed == 1
    assert not Notice.objects.filter(kind=NoticeKind.SYNC, key__startswith=f"sync:{run.pk}:")


def test_a_webhook_chooses_a_syncs_changes(db, receiver):
    user = make_user("newsroom")
    client = APIClient(HTTP_AUTHORIZATION=f"Token {token_issue(user=user)}")
    answer = client.post(
        "/api/v1/webhooks/", {"url": receiver.url("/h"), "events": ["sync"]}, format="json"
    )
    assert answer.status_code == 201, answer.content
    assert answer.json()["events"] == ["sync"]
    watch = Watch.objects.get(pk=answer.json()["id"])
    assert (watch.on_sync, watch.on_acts, watch.on_effects) == (True, False, False)
