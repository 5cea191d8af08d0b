"""Large admin CSV imports run as jobs in the worker (issue 27, break 5): the upload answers at
once with the job's page; the job checks the file (nothing written), the editor confirms, the
job writes it all or nothing. Here the tasks run in-process (eagerly); the real worker and a
170,000-row file are in tests/faults/test_large_import.py."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.test import override_settings
from django.urls import reverse

from events.models import Event
from ingest.models import ImportJob
from tests.factories import UN_CCM

IMPORT_URL = reverse("admin:events_event_import")
HEADER = (
    "treaty,state,kind,date,source_url,notification_ref,note,bracketed,"
    "specified_effective_date,published_effective_date,from_note\n"
)

pytestmark = pytest.mark.django_db(transaction=True)


def _signatures(n: int) -> str:
    return HEADER + "".join(
        f"ccm,LTU,signature,{dt.date(2008, 12, 3) + dt.timedelta(days=i)},{UN_CCM},,,,,\n"
        for i in range(n)
    )


def _upload(client, text: str):
    upload = io.BytesIO(text.encode())
    upload.name = "events.csv"
    return client.post(IMPORT_URL, {"file": upload, "_preview": "Check"})


@override_settings(IMPORT_INLINE_MAX_ROWS=10)
def test_a_long_file_becomes_a_job_checked_then_imported_on_confirmation(
    editor_client, ccm, lithuania
):
    response = _upload(editor_client, _signatures(12))

    job = ImportJob.objects.get()
    job_url = reverse("admin:events_event_import_job", args=[job.pk])
    assert response.status_code == 302 and response["Location"] == job_url
    assert not Event.objects.exists()  # checked only
    page = editor_client.get(job_url).content.decode()
    assert 'data-status="done" data-mode="check"' in page
    assert "Checked — nothing written yet" in page and "12 created" in page

    confirmed = editor_client.post(job_url, {"_confirm": "Import these events"})

    assert confirmed.status_code == 302
    assert Event.objects.filter(kind="signature").count() == 12
    job.refresh_from_db()
    assert (job.mode, job.status, job.events_created, job.content) == ("apply", "done", 12, "")
    assert "Imported:" in editor_client.get(job_url).content.decode()
    # Confirming twice writes nothing more.
    editor_client.post(job_url, {"_confirm": "Import these events"})
    assert Event.objects.count() == 12


@override_settings(IMPORT_INLINE_MAX_ROWS=10)
def test_a_long_file_with_a_bad_row_is_refused_with_its_row_and_nothing_written(
    editor_client, ccm, lithuania
):
    text = _signatures(11) + f"ccm,LTU,signature,2011-02-30,{UN_CCM},,,,,\n"

    response = _upload(editor_client, text)

    job = ImportJob.objects.get()
    page = editor_client.get(response["Location"]).content.decode()
    assert job.status == "failed" and "The file was refused — nothing was written" in page
    assert "row 13: date" in page
    assert not Event.objects.exists()
    assert "_confirm" not in page  # nothing to confirm
    assert editor_client.post(response["Location"], {"_confirm": "x"}).status_code == 302
    assert not Event.objects.exists()


@override_settings(IMPORT_INLINE_MAX_ROWS=10)
def test_someone_elses_job_is_not_found(editor_client, ccm, lithuania, superuser):
    job = ImportJob.objects.create(user=superuser, name="theirs.csv", content=_signatures(1))

    response = editor_client.get(reverse("admin:events_event_import_job", args=[job.pk]))

    assert response.status_code == 404


@override_settings(IMPORT_INLINE_MAX_ROWS=10)
def test_a_job_that_stops_on_an_unexpected_error_says_so_and_writes_nothing(
    editor_client, ccm, lithuania, monkeypatch
):
    from ingest import jobs

    def broken(**kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(jobs, "apply_rows", broken)

    with pytest.raises(RuntimeError):  # eager tasks propagate; a worker would log it
        _upload(editor_client, _signatures(12))

    job = ImportJob.objects.get()
    assert job.status == "failed" and "unexpected error" in job.errors
    assert not Event.objects.exists()
