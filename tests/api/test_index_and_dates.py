"""The API's front door, its date parameter under the pages' name, and public reads without a
padlock in the documentation."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from api.schema import PRIVATE_READS
from tests.factories import build_ccm

pytestmark = pytest.mark.django_db


def test_the_api_index_links_the_docs_the_schema_and_an_example_of_each_call(anon: APIClient):
    body = anon.get("/api/v1/").json()
    assert body["documentation"].endswith("/api/v1/docs/")
    assert body["schema"].endswith("/api/v1/schema/")
    assert body["examples"]["participants"].endswith(
        "/api/v1/treaties/ccm/participants/?as_of=2025-01-01&status=withdrawal_pending"
    )


def test_on_is_the_same_date_as_as_of(anon: APIClient):
    build_ccm()
    by_on = anon.get("/api/v1/treaties/ccm/participants/", {"on": "2025-01-01"}).json()
    by_as_of = anon.get("/api/v1/treaties/ccm/participants/", {"as_of": "2025-01-01"}).json()
    assert by_on == by_as_of
    assert by_on["as_of"] == "2025-01-01"


def test_two_different_dates_are_refused(anon: APIClient):
    build_ccm()
    response = anon.get(
        "/api/v1/treaties/ccm/participants/", {"on": "2025-01-01", "as_of": "2024-01-01"}
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "conflicting_dates"


def test_a_bad_date_under_either_name_names_the_parameter(anon: APIClient):
    build_ccm()
    response = anon.get("/api/v1/states/LTU/treaties/", {"on": "2025-13-01"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "on"


def test_public_reads_carry_no_padlock_and_writes_do(anon: APIClient):
    schema = anon.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method == "get" and path.startswith(PRIVATE_READS):
                # A webhook and its delivery log are its owner's alone.
                assert operation.get("security", schema.get("security")), (method, path)
            elif method == "get":
                assert operation["security"] == [], (method, path)
            elif (method, path) == ("post", "/api/v1/auth/token/"):
                continue  # obtaining a token takes a user name and password, not a token
            elif method in {"post", "put", "patch", "delete"}:
                assert operation.get("security", schema.get("security")), (method, path)
