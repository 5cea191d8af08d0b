"""The data-quality page and the CSV import/export in the admin."""

from __future__ import annotations

import datetime as dt
import io

from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from editor.models import StagedUpload
from events import services
from events.models import Event
from ingest.interchange import events_csv_import
from tests.factories import UN_CCM

DQ_URL = reverse("admin:events_event_data_quality")
IMPORT_URL = reverse("admin:events_event_import")
HEADER = (
    "treaty,state,kind,date,source_url,notification_ref,note,bracketed,"
    "specified_effective_date,published_effective_date,from_note\n"
)


def record(treaty, state, kind, on, **extra) -> Event:
    return services.event_record(
        treaty=treaty, state=state, kind=kind, date=on, source_url=UN_CCM, **extra
    )


def test_the_data_quality_page_lists_a_published_date_that_disagrees_with_the_rule(
    reviewer_client, ccm, lithuania, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        record(ccm, lithuania, "ratification", dt.date(2011, 3, 24),
               published_effective_date=dt.date(2011, 10, 1))  # fmt: skip

    response = reviewer_client.get(DQ_URL)

    first = response.context["sections"][0]
    assert [e.state.code for e in first["rows"]] == ["LTU"]
    assert "1 Oct 2011" in response.content.decode()


def test_the_data_quality_page_lists_a_bracketed_consent_without_its_withdrawal(
    reviewer_client, ccm, lithuania, narnia
):
    record(ccm, lithuania, "ratification", dt.date(2011, 3, 24), bracketed=True)
    record(ccm, narnia, "ratification", dt.date(2011, 3, 24), bracketed=True)
    record(ccm, narnia, "withdrawal", dt.date(2020, 1, 6), notification_ref="C.N.1.2020")

    sections = reviewer_client.get(DQ_URL).context["sections"]

    assert [e.state.code for e in sections[1]["rows"]] == ["LTU"]


def test_the_data_quality_page_lists_stale_treaties_and_pending_events(
    reviewer_client, ccm, lithuania
):
    record(ccm, lithuania, "ratification", dt.date(2011, 3, 24))  # not recomputed yet

    treaties = reviewer_client.get(DQ_URL).context["sections"][3]["rows"]

    assert [(t.slug, t.pending_events) for t in treaties] == [("ccm", 1)]


def test_the_data_quality_page_takes_a_fixed_number_of_queries(
    reviewer_client, ccm, lithuania, narnia, django_assert_max_num_queries
):
    record(ccm, lithuania, "ratification", dt.date(2011, 3, 24), bracketed=True)
    record(ccm, narnia, "ratification", dt.date(2011, 3, 24), bracketed=True)

    with django_assert_max_num_queries(10):
        reviewer_client.get(DQ_URL)


def _upload(client, text: str, **extra):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = {"file": SimpleUploadedFile("events.csv", text.encode(), "text/csv"), **extra}
    return client.post(IMPORT_URL, data)


def test_an_import_with_a_bad_row_reports_its_row_number_and_writes_nothing(
    editor_client, ccm, lithuania
):
    text = (
        HEADER
        + f"ccm,LTU,ratification,2011-03-24,{UN_CCM},,,,,\n"
        + f"ccm,LTU,withdrawal,24 Sep 2024,{UN_CCM},,,,,\n"
    )

    response = _upload(editor_client, text, _preview="Check")

    page = response.content.decode()
    assert "row 3" in page
    assert "nothing was written" in page
    assert not response.context["can_confirm"]
    assert not Event.objects.exists()
    assert not StagedUpload.objects.exists()  # nothing to confirm, nothing kept


def test_an_import_preview_writes_nothing_and_the_confirmation_imports(
    editor_client, ccm, lithuania
):
    text = (
        HEADER
        + f"ccm,LTU,ratification,2011-03-24,{UN_CCM},,,,,\n"
        + f"ccm,LTU,withdrawal,2024-09-06,{UN_CCM},C.N.347.2024.TREATIES-XXVI-6,,,,\n"
    )

    preview = _upload(editor_client, text, _preview="Check")

    assert preview.context["can_confirm"]
    assert preview.context["row_count"] == 2
    assert not Event.objects.exists()
    token = preview.context["form"].initial["token"]
    response = editor_client.post(IMPORT_URL, {"token": token, "_confirm": "Import"})
    assert response.status_code == 302
    assert sorted(Event.objects.values_list("kind", flat=True)) == ["ratification", "withdrawal"]


def test_the_export_action_writes_the_projects_csv_format(superuser_client, ccm, lithuania):
    event = record(ccm, lithuania, "ratification", dt.date(2011, 3, 24))

    response = superuser_client.post(
        reverse("admin:events_event_changelist"),
        {"action": "export_csv", "_selected_action": [event.pk]},
    )

    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().splitlines()
    assert lines[0] == HEADER.strip()
    assert lines[1].startswith("ccm,LTU,ratification,2011-03-24,")


def test_the_export_action_neutralises_formulas_and_its_file_imports_back_exactly(
    superuser_client, ccm, lithuania
):
    event = record(ccm, lithuania, "ratification", dt.date(2011, 3, 24), note="=1+1")

    response = superuser_client.post(
        reverse("admin:events_event_changelist"),
        {"action": "export_csv", "_selected_action": [event.pk]},
    )

    assert ",'=1+1," in response.content.decode()
    event.delete()
    events_csv_import(io.StringIO(response.content.decode()))
    assert Event.objects.get().note == "=1+1"


def _events(n: int) -> str:
    """A valid file of ``n`` signatures of the CCM by Lithuania on successive days, each
    with a long note (so that a few rows make megabytes)."""
    rows = [
        f"ccm,LTU,signature,{dt.date(2008, 12, 3) + dt.timedelta(days=i)},{UN_CCM},,"
        f"{'n' * 100_000},,,\n"
        for i in range(n)
    ]
    return HEADER + "".join(rows)


def test_a_file_larger_than_django_accepts_in_a_form_is_previewed_and_imported(
    editor_client, ccm, lithuania
):
    text = _events(30)  # 3 MB: past DATA_UPLOAD_MAX_MEMORY_SIZE, which refused it before
    assert len(text) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE

    preview = _upload(editor_client, text, _preview="Check")
    assert preview.status_code == 200
    token = preview.context["form"].initial["token"]
    assert text not in preview.content.decode()  # the file stays on the server

    response = editor_client.post(IMPORT_URL, {"token": token, "_confirm": "Import"})

    assert response.status_code == 302
    assert Event.objects.filter(kind="signature").count() == 30
    assert not StagedUpload.objects.exists()


@override_settings(IMPORT_MAX_BYTES=1_000_000)
def test_a_file_over_the_size_limit_is_refused_with_a_message_and_nothing_staged(
    editor_client, ccm, lithuania
):
    response = _upload(editor_client, _events(15), _preview="Check")

    assert response.status_code == 200
    assert "the import takes files of up to 1.0 MB" in response.content.decode()
    assert not StagedUpload.objects.exists()
    assert not Event.objects.exists()


def test_an_expired_or_foreign_token_imports_nothing_and_says_why(
    editor_client, ccm, lithuania, superuser
):
    from editor.staging import upload_stage

    text = HEADER + f"ccm,LTU,ratification,2011-03-24,{UN_CCM},,,,,\n"
    foreign = upload_stage(user=superuser, name="theirs.csv", content=text)

    for token in (foreign, "made-up"):
        response = editor_client.post(IMPORT_URL, {"token": token, "_confirm": "Import"})
        assert response.status_code == 200
        assert "This preview has expired" in response.content.decode()

    assert not Event.objects.exists()


def test_a_staged_file_expires_after_an_hour(editor_client, editor, ccm, lithuania):
    import time_machine

    from editor.staging import upload_stage

    text = HEADER + f"ccm,LTU,ratification,2011-03-24,{UN_CCM},,,,,\n"
    with time_machine.travel(dt.datetime(2026, 1, 1, 12, 0, tzinfo=dt.UTC)):
        token = upload_stage(user=editor, name="late.csv", content=text)
    with time_machine.travel(dt.datetime(2026, 1, 1, 13, 1, tzinfo=dt.UTC)):
        response = editor_client.post(IMPORT_URL, {"token": token, "_confirm": "Import"})

    assert "This preview has expired" in response.content.decode()
    assert not Event.objects.exists()


def test_a_cell_over_the_csv_field_limit_is_reported_on_its_row_not_raised(
    editor_client, ccm, lithuania
):
    text = (
        HEADER
        + f"ccm,LTU,signature,2008-12-03,{UN_CCM},,,,,\n"
        + f"ccm,LTU,ratification,2011-03-24,{UN_CCM},,{'x' * 200_000},,,\n"
    )

    response = _upload(editor_client, text, _preview="Check")

    assert response.status_code == 200
    assert "row 3: not readable as CSV (field larger than field limit" in (
        response.content.decode()
    )
    assert not response.context["can_confirm"]


def test_a_file_with_nul_characters_is_refused_before_it_is_staged(editor_client, ccm):
    response = _upload(editor_client, HEADER + "ccm,LTU\x00,signature\n", _preview="Check")

    assert "NUL characters" in response.content.decode()
    assert not StagedUpload.objects.exists()
