"""API tokens: obtained with a user name and password, revoked with themselves, and the
passwords guarded by the same lockout as the admin's log-in."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from serving.lockout import MAX_FAILURES_PER_ACCOUNT

pytestmark = pytest.mark.django_db

URL = "/api/v1/auth/token/"
PASSWORD = "x" * 12


def _obtain(client: APIClient, username: str, password: str = PASSWORD, **extra):
    return client.post(URL, {"username": username, "password": password}, format="json", **extra)


def test_an_api_user_obtains_a_token_that_authenticates_writes(anon, editor_user, ccm):
    response = _obtain(anon, "ed")

    assert response.status_code == 200
    token = response.json()["token"]
    client = APIClient(HTTP_AUTHORIZATION=f"Token {token}")
    event = ccm.events.first()
    patched = client.patch(f"/api/v1/events/{event.pk}/", {"note": "Checked."}, format="json")
    assert patched.status_code == 200


def test_obtaining_again_replaces_the_token(anon, editor_user, ccm):
    first = _obtain(anon, "ed").json()["token"]
    second = _obtain(anon, "ed").json()["token"]

    assert first != second
    assert _note(first, ccm).status_code == 401
    assert _note(second, ccm).status_code == 200


def _note(token: str, ccm):
    client = APIClient(HTTP_AUTHORIZATION=f"Token {token}")
    event = ccm.events.first()
    return client.patch(f"/api/v1/events/{event.pk}/", {"note": "Checked."}, format="json")


def test_the_database_holds_no_usable_token(anon, editor_user, ccm):
    token = _obtain(anon, "ed").json()["token"]
    [stored] = Token.objects.values_list("key", flat=True)

    assert token.split(".", 1)[1] not in stored and stored not in token
    assert _note(f"{editor_user.pk}.{stored}", ccm).status_code == 401
    assert _note(stored, ccm).status_code == 401


def test_a_change_of_password_ends_the_token(anon, editor_user, ccm):
    token = _obtain(anon, "ed").json()["token"]
    assert _note(token, ccm).status_code == 200

    editor_user.set_password("a-new-password-1234")
    editor_user.save()

    response = _note(token, ccm)
    assert response.status_code == 401
    assert response.json()["errors"][0]["message"] == "Invalid token."


def test_a_token_older_than_its_age_limit_is_refused_with_a_reason(
    anon, editor_user, ccm, settings
):
    import datetime as dt

    from django.utils import timezone

    token = _obtain(anon, "ed").json()["token"]
    Token.objects.update(created=timezone.now() - dt.timedelta(days=settings.API_TOKEN_DAYS + 1))

    response = _note(token, ccm)
    assert response.status_code == 401
    assert "obtain a new one" in response.json()["errors"][0]["message"]


@pytest.mark.parametrize(
    "header",
    ["Token 1.", "Token .abc", "Token x.abc", "Token 99999999999999999999999.abc", "Token ².abc",
     "Token 1.\u0000"],
)  # fmt: skip
def test_a_malformed_token_is_a_401_not_a_500(anon, editor_user, ccm, header):
    client = APIClient(HTTP_AUTHORIZATION=header)
    event = ccm.events.first()
    response = client.patch(f"/api/v1/events/{event.pk}/", {"note": "x"}, format="json")
    assert response.status_code == 401


def test_a_wrong_password_is_a_400_with_the_error_body_and_no_token(anon, editor_user):
    response = _obtain(anon, "ed", "wrong-password")

    assert response.status_code == 400
    assert response.json()["errors"] == [
        {
            "field": "password",
            "code": "invalid_credentials",
            "message": "Wrong user name or password.",
        }
    ]
    assert not Token.objects.exists()


def test_an_inactive_account_gets_no_token(anon, editor_user):
    editor_user.is_active = False
    editor_user.save()

    assert _obtain(anon, "ed").status_code == 400


def test_five_wrong_passwords_lock_the_account_even_against_the_right_one(anon, editor_user):
    for n in range(MAX_FAILURES_PER_ACCOUNT):
        _obtain(anon, "ed", "wrong", REMOTE_ADDR=f"10.0.0.{n + 1}")

    response = _obtain(anon, "ed")

    assert response.status_code == 429
    assert response.json()["errors"][0]["code"] == "locked_out"
    assert int(response["Retry-After"]) == 15 * 60
    assert not Token.objects.exists()


def test_the_token_revokes_itself(anon, editor_user):
    token = _obtain(anon, "ed").json()["token"]
    client = APIClient(HTTP_AUTHORIZATION=f"Token {token}")

    assert client.delete(URL).status_code == 204
    assert not Token.objects.exists()
    assert client.delete(URL).status_code == 401  # it no longer works


def test_revoking_needs_a_token(anon, db):
    response = anon.delete(URL)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_the_token_endpoint_is_in_the_api_schema(anon, db):
    schema = anon.get("/api/v1/schema/", {"format": "json"}).json()

    operations = schema["paths"]["/api/v1/auth/token/"]
    assert {"post", "delete"} <= set(operations)
    assert not operations["post"].get("security")  # no authentication to obtain one
    assert operations["delete"]["security"] == [{"tokenAuth": []}]
    body = operations["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert body == {"$ref": "#/components/schemas/CredentialsRequest"}
    assert "token" in schema["components"]["schemas"]["Token"]["properties"]


def test_a_user_without_model_permissions_may_still_obtain_a_token(anon, db):
    User.objects.create_user("rita", password=PASSWORD)

    assert _obtain(anon, "rita").status_code == 200
