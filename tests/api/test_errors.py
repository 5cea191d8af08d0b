"""Every documented error has the one body and a message that says what is wrong."""

from __future__ import annotations

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db


def _only_error(response, status):
    assert response.status_code == status, response.content
    body = response.json()
    assert list(body) == ["errors"]
    assert len(body["errors"]) == 1
    assert set(body["errors"][0]) == {"field", "code", "message"}
    return body["errors"][0]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/treaties/",
        "/api/v1/treaties/ccm/",
        "/api/v1/treaties/ccm/participants/",
        "/api/v1/treaties/ccm/changes/",
        "/api/v1/treaties/ccm/timeline/",
        "/api/v1/states/",
        "/api/v1/states/QAA/",
        "/api/v1/states/QAA/treaties/",
        "/api/v1/events/",
    ],
)
def test_an_unknown_query_parameter_is_refused_everywhere(anon, ccm, url):
    error = _only_error(anon.get(url, {"as_off": "2020-01-01"}), 400)
    assert error["field"] == "as_off"
    assert error["code"] == "unknown_parameter"
    assert "Unknown query parameter 'as_off'" in error["message"]


def test_a_malformed_date_is_a_400(anon, ccm):
    error = _only_error(anon.get("/api/v1/treaties/ccm/participants/", {"as_of": "1/2/2020"}), 400)
    assert error == {
        "field": "as_of",
        "code": "invalid_date",
        "message": "'1/2/2020' is not a date in the form YYYY-MM-DD.",
    }


def test_an_impossible_date_is_a_400(anon, ccm):
    error = _only_error(anon.get("/api/v1/treaties/", {"as_of": "2023-02-29"}), 400)
    assert error["code"] == "impossible_date"
    assert error["field"] == "as_of"


def test_an_empty_date_is_a_400(anon, ccm):
    error = _only_error(anon.get("/api/v1/treaties/ccm/changes/", {"to": ""}), 400)
    assert error["field"] == "to"


def test_an_oversized_page_is_a_400(anon, ccm):
    error = _only_error(anon.get("/api/v1/events/", {"limit": 1001}), 400)
    assert error["field"] == "limit"
    assert "larger than the maximum of 1000" in error["message"]


@pytest.mark.parametrize("limit", ["0", "-1", "ten"])
def test_a_nonsense_page_size_is_a_400(anon, ccm, limit):
    assert _only_error(anon.get("/api/v1/states/", {"limit": limit}), 400)["field"] == "limit"


def test_a_nonsense_offset_is_a_400(anon, ccm):
    assert _only_error(anon.get("/api/v1/events/", {"offset": "x"}), 400)["field"] == "offset"


def test_an_unknown_path_under_the_api_is_a_json_404(anon, db):
    error = _only_error(anon.get("/api/v1/nothing/here/"), 404)
    assert error["code"] == "not_found"


def test_a_write_to_a_read_only_endpoint_is_a_405(reader, ccm):
    error = _only_error(reader.post("/api/v1/treaties/", {}), 405)
    assert error["code"] == "method_not_allowed"


def test_an_unsupported_format_is_a_404_with_the_error_body(anon, ccm):
    assert _only_error(anon.get("/api/v1/treaties/ccm/", {"format": "xml"}), 404)


def test_a_format_the_client_cannot_accept_is_a_406(anon, ccm):
    response = anon.get("/api/v1/treaties/ccm/", HTTP_ACCEPT="application/xml")
    assert _only_error(response, 406)["code"] == "not_acceptable"


def test_a_body_that_is_not_json_or_a_form_is_a_415(editor, ccm):
    response = editor.post("/api/v1/events/", "treaty=ccm", content_type="text/plain")
    error = _only_error(response, 415)
    assert error["code"] == "unsupported_media_type"
    assert "text/plain" in error["message"]


def test_malformed_json_is_a_400(editor, ccm):
    response = editor.post("/api/v1/events/", "{not json", content_type="application/json")
    assert _only_error(response, 400)["code"] == "parse_error"


@override_settings(
    REST_FRAMEWORK={
        **__import__("django.conf").conf.settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/minute"},
    }
)
def test_anonymous_reads_are_throttled(anon, ccm):
    for _ in range(3):
        assert anon.get("/api/v1/treaties/").status_code == 200
    response = anon.get("/api/v1/treaties/")
    error = _only_error(response, 429)
    assert error["code"] == "throttled"
    assert int(response["Retry-After"]) > 0


@override_settings(
    REST_FRAMEWORK={
        **__import__("django.conf").conf.settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/minute"},
    }
)
def test_authenticated_readers_are_not_throttled(reader, ccm):
    for _ in range(5):
        assert reader.get("/api/v1/treaties/").status_code == 200


def test_an_error_is_json_even_when_csv_was_asked_for(anon, ccm):
    response = anon.get("/api/v1/events/", {"format": "csv", "limit": "5000"})
    assert response["Content-Type"] == "application/json"
    assert _only_error(response, 400)["field"] == "limit"


def test_an_unknown_path_answers_a_write_with_a_json_404(editor, db):
    assert _only_error(editor.put("/api/v1/events/0.5/", {}, format="json"), 404)


THREE_A_MINUTE = {
    **__import__("django.conf").conf.settings.REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": {"anon": "3/minute"},
}


@override_settings(REST_FRAMEWORK=THREE_A_MINUTE, NUM_PROXIES=0)
def test_a_throttled_client_gains_nothing_by_forging_forwarded_for(anon, ccm):
    for _ in range(3):
        anon.get("/api/v1/treaties/")

    for n in range(3):
        response = anon.get("/api/v1/treaties/", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
        assert response.status_code == 429


@override_settings(REST_FRAMEWORK=THREE_A_MINUTE, NUM_PROXIES=1)
def test_behind_a_proxy_each_client_it_saw_is_throttled_on_its_own(anon, ccm):
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    for _ in range(3):
        anon.get("/api/v1/treaties/", HTTP_X_FORWARDED_FOR="203.0.113.5", **proxy)

    # What the client wrote to the left of what the proxy appended proves nothing.
    forged = "198.51.100.1, 203.0.113.5"
    assert anon.get("/api/v1/treaties/", HTTP_X_FORWARDED_FOR=forged, **proxy).status_code == 429
    other = "203.0.113.6"
    assert anon.get("/api/v1/treaties/", HTTP_X_FORWARDED_FOR=other, **proxy).status_code == 200
