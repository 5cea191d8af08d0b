"""Property-based run over the OpenAPI schema (schemathesis, through WSGI).

Every operation gets a bounded number of generated requests (and the schema's examples) against
a small real dataset; a 5xx, an undocumented status code or content type, or a body that does not
match the schema fails the test. Reads run anonymously (with the throttle raised, so the run is
not flaky); writes run as an editor so that generated bodies reach the validation in the
services, where a 500 would hide.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.conf import settings as django_settings
from django.contrib.auth.models import Permission, User
from django.test import override_settings
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from config.wsgi import application
from events.models import Event
from states.models import State
from tests.factories import SOURCE, treaty_with_participants

schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", application)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
UNTHROTTLED = {
    **django_settings.REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": {"anon": "100000/minute"},
}


@pytest.fixture
def fuzz_data(transactional_db) -> str:
    """A CCM with 12 states (one withdrawn), Norway as a party, and an editor's token.

    Transactional: with plain ``db`` Django closes the test transaction's connection between
    the WSGI requests.
    """
    ccm = treaty_with_participants("ccm", 12, withdrawals=1)
    norway = State.objects.create(code="NOR", short_name="Norway")
    assert ccm.adopted_on is not None
    Event.objects.create(
        treaty=ccm, state=norway, kind="ratification", date=ccm.adopted_on.replace(year=2009),
        source_url=SOURCE,
    )  # fmt: skip
    editor = User.objects.create_user("ed", password="x" * 12)
    editor.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="events", codename__endswith="_event")
    )
    return Token.objects.create(user=editor).key


@schema.parametrize()
@hypothesis_settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
@override_settings(REST_FRAMEWORK=UNTHROTTLED)
def test_the_api_conforms_to_its_schema_and_never_fails(case, fuzz_data):
    # The WSGI client asks for gzip but does not decompress; GZipMiddleware would oblige.
    headers = {"Accept-Encoding": "identity"}
    if case.method.upper() not in ("GET", "HEAD"):
        headers["Authorization"] = f"Token {fuzz_data}"
    case.call_and_validate(headers=headers, checks=CHECKS)


def test_the_schema_documents_every_endpoint_and_the_error_body(client):
    body = client.get("/api/v1/schema/?format=json").json()
    paths = set(body["paths"])
    assert {
        "/api/v1/treaties/",
        "/api/v1/treaties/{slug}/",
        "/api/v1/treaties/{slug}/participants/",
        "/api/v1/treaties/{slug}/changes/",
        "/api/v1/treaties/{slug}/timeline/",
        "/api/v1/states/",
        "/api/v1/states/{code}/",
        "/api/v1/states/{code}/treaties/",
        "/api/v1/events/",
        "/api/v1/events/{id}/",
    } <= paths
    participants = body["paths"]["/api/v1/treaties/{slug}/participants/"]["get"]["responses"]
    assert participants["400"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Error"
    }
    assert "text/csv" in participants["200"]["content"]


def test_the_docs_load_nothing_from_another_host(client):
    page = client.get("/api/v1/docs/").content.decode()
    assert "swagger-ui-bundle.js" in page
    assert "/static/drf_spectacular_sidecar/" in page
    assert "http://" not in page and "https://" not in page
    asset = client.get("/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js")
    assert asset.status_code == 200
