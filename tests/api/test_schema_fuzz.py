"""Property-based runs over the OpenAPI schema (schemathesis, through WSGI).

Every operation gets a bounded number of generated requests (and the schema's examples) against
a small real dataset, each sent twice: anonymously and with an editor's token (so that generated
bodies reach the validation in the services, where a 500 would hide). Then a stateful run
follows the links schemathesis infers between operations (an event created by a POST is read,
patched and deleted by id; a treaty or state found in a list is opened), as an editor and
anonymously. A 5xx, an undocumented status code or content type, a body that does not match the
schema, a resource that cannot be read after its creation or that can after its deletion,
fails the test. The throttle is raised so that the runs are not flaky; the numbers of examples
and steps are fixed and small, so that the whole file runs in about two minutes.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.conf import settings as django_settings
from django.contrib.auth.models import Permission, User
from django.test import override_settings
from hypothesis import HealthCheck, Phase
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    ensure_resource_availability,
    response_schema_conformance,
    status_code_conformance,
    use_after_free,
)

from api.tokens import token_issue
from config.wsgi import application
from events.models import Event
from states.models import State
from tests.factories import SOURCE, treaty_with_participants

schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", application)
TOKEN_PATH = "/api/v1/auth/token/"
# The sequences run as the editor whose token is in the headers: a DELETE of the token
# endpoint would revoke it mid-run and leave the rest of the sequence anonymous. The token
# endpoint is fuzzed by the stateless run (anonymously) and tested in test_tokens.py.
stateful_schema = schema.exclude(path=TOKEN_PATH)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
#: The stateful run also checks what a sequence of calls implies.
STATEFUL_CHECKS = [*CHECKS, use_after_free, ensure_resource_availability]
#: The WSGI client asks for gzip but does not decompress; GZipMiddleware would oblige.
IDENTITY = {"Accept-Encoding": "identity"}
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
    return token_issue(user=editor)


@schema.parametrize()
@hypothesis_settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
@override_settings(REST_FRAMEWORK=UNTHROTTLED)
def test_the_api_conforms_to_its_schema_and_never_fails(case, fuzz_data):
    # Anonymously (writes must be refused with a documented 401), then as an editor.
    case.call_and_validate(headers=IDENTITY, checks=CHECKS)
    if case.path == TOKEN_PATH:
        return  # the editor's DELETE would revoke the token the other examples use
    case.call_and_validate(
        headers={**IDENTITY, "Authorization": f"Token {fuzz_data}"}, checks=CHECKS
    )


class Workflow(stateful_schema.as_state_machine()):  # type: ignore[misc]  # built from the schema
    """Sequences of calls along the inferred links, with ``headers`` on every call."""

    headers: dict[str, str] = IDENTITY

    def get_call_kwargs(self, case):
        return {"headers": self.headers}

    def validate_response(self, response, case, additional_checks=None, **kwargs):
        case.validate_response(response, checks=STATEFUL_CHECKS, transport_kwargs=kwargs)


STATEFUL_SETTINGS = hypothesis_settings(
    max_examples=40,
    stateful_step_count=8,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
    phases=[Phase.explicit, Phase.generate],  # no shrinking: a failure is reported as found
)


@pytest.mark.parametrize("identity", ["editor", "anonymous"])
def test_sequences_of_calls_along_the_schemas_links_never_fail(fuzz_data, identity):
    headers = dict(IDENTITY)
    if identity == "editor":
        headers["Authorization"] = f"Token {fuzz_data}"
    workflow: type[Workflow] = type(
        f"{identity.title()}Workflow", (Workflow,), {"headers": headers}
    )
    with override_settings(REST_FRAMEWORK=UNTHROTTLED):
        workflow.run(settings=STATEFUL_SETTINGS)


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
