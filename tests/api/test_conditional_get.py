"""Conditional GET: validators keyed on the data's last change; 304 without the heavy queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.services import treaty_recompute

pytestmark = pytest.mark.django_db

URL = "/api/v1/treaties/ccm/participants/?as_of=2025-06-01"


def test_a_response_carries_an_etag_and_last_modified(anon, ccm):
    response = anon.get(URL)
    assert response["ETag"].startswith('"')
    assert response["Last-Modified"].endswith("GMT")


def test_a_matching_etag_gets_a_304_with_one_query(anon, ccm):
    etag = anon.get(URL)["ETag"]
    with CaptureQueriesContext(connection) as queries:
        response = anon.get(URL, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert len(queries) == 1


def test_a_matching_last_modified_gets_a_304(anon, ccm):
    last_modified = anon.get(URL)["Last-Modified"]
    assert anon.get(URL, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304


def test_another_date_or_format_has_another_etag(anon, ccm):
    etag = anon.get(URL)["ETag"]
    assert anon.get(URL.replace("2025", "2024"))["ETag"] != etag
    assert anon.get(URL + "&format=csv")["ETag"] != etag
    assert anon.get(URL.replace("2025", "2024"), HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_a_change_of_the_data_changes_the_etag(editor, ccm):
    etag = editor.get(URL)["ETag"]
    event = ccm.events.get(state__code="QAB", kind="signature")
    assert editor.patch(f"/api/v1/events/{event.pk}/", {"note": "n"}, format="json").status_code
    response = editor.get(URL, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] != etag


def test_a_recomputation_changes_the_etag(anon, ccm):
    etag = anon.get(URL)["ETag"]
    treaty_recompute(treaty_id=ccm.pk)
    assert anon.get(URL, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_errors_carry_no_validators(anon, ccm):
    response = anon.get("/api/v1/treaties/nope/")
    assert response.status_code == 404
    assert not response.has_header("ETag")


def test_a_repeated_read_is_served_from_the_stored_rendering_with_one_query(anon, ccm):
    first = anon.get(URL)
    with CaptureQueriesContext(connection) as queries:
        second = anon.get(URL)
    assert second.status_code == 200
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert len(queries) == 1


def test_a_stored_rendering_is_not_reused_after_a_change(editor, ccm):
    before = editor.get(URL).json()
    event = ccm.events.get(state__code="QAB", kind="ratification")
    editor.delete(f"/api/v1/events/{ccm.events.get(state__code='QAB', kind='signature').pk}/")
    after = editor.get(URL).json()
    row = next(r for r in after["results"] if r["state"]["code"] == "QAB")
    assert row["signature_date"] is None
    assert before != after
    assert event.pk  # the ratification stays


def test_the_browsable_api_is_never_stored(reader, ccm):
    reader.get(URL, HTTP_ACCEPT="text/html")
    with CaptureQueriesContext(connection) as queries:
        reader.get(URL, HTTP_ACCEPT="text/html")
    assert len(queries) > 1


def test_an_edit_of_a_treatys_key_facts_is_served_at_once(anon, ccm):
    # Key facts are saved by the admin without a recomputation: the version must still move.
    assert anon.get("/api/v1/treaties/ccm/").json()["title"] != "Renamed"
    ccm.title = "Renamed"
    ccm.save()
    assert anon.get("/api/v1/treaties/ccm/").json()["title"] == "Renamed"


def test_recording_an_armed_conflict_changes_the_etag(anon, ccm):
    from events.models import ArmedConflict

    etag = anon.get(URL)["ETag"]
    ArmedConflict.objects.create(
        state=ccm.events.first().state, description="test", started_on="2024-01-01"
    )
    assert anon.get(URL, HTTP_IF_NONE_MATCH=etag).status_code == 200
