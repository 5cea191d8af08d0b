"""A database that cannot be reached is a 503 with Retry-After on pages, the API and the admin.

On PostgreSQL (CI) the connection is pointed at a port nothing listens on for the length of one
test, as when the server is down. The suite's SQLite database lives in memory and cannot be
closed and reopened, so there every new cursor fails as the driver fails on a file it cannot open.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import pytest
from django.db import connection
from django.db.utils import DatabaseErrorWrapper
from django.test import Client, RequestFactory

from serving.busy import server_error


@pytest.fixture
def database_down(django_db_blocker, monkeypatch) -> Iterator[None]:
    saved = dict(connection.settings_dict)
    with django_db_blocker.unblock():
        if connection.vendor == "postgresql":
            connection.close()
            connection.settings_dict["HOST"] = "127.0.0.1"
            connection.settings_dict["PORT"] = "9"  # discard: nothing listens there
        else:

            def cannot_open(*args: object, **kwargs: object) -> None:
                with DatabaseErrorWrapper(connection):
                    raise sqlite3.OperationalError("unable to open database file")

            monkeypatch.setattr(connection, "_cursor", cannot_open)
        try:
            yield
        finally:
            monkeypatch.undo()
            if connection.vendor == "postgresql":
                connection.close()
                connection.settings_dict.clear()
                connection.settings_dict.update(saved)


@pytest.mark.parametrize("path", ["/", "/treaties/ccm/", "/states/LTU/", "/data/"])
def test_a_page_answers_503_with_retry_after_while_the_database_is_down(path, database_down):
    response = Client(raise_request_exception=False).get(path)
    assert response.status_code == 503
    assert response["Retry-After"]
    assert "cannot be reached" in response.content.decode()


def test_the_api_answers_503_in_its_error_body_while_the_database_is_down(database_down):
    response = Client(raise_request_exception=False).get("/api/v1/treaties/")
    assert response.status_code == 503
    assert response["Retry-After"]
    assert response.json()["errors"][0]["code"] == "unavailable"


def test_an_editors_session_read_before_any_view_is_a_503_too(database_down, settings):
    # The session middleware reads the session row before any view runs: that failure reaches
    # the project's handler500, not the view's middleware.
    client = Client(raise_request_exception=False)
    client.cookies[settings.SESSION_COOKIE_NAME] = "a" * 32
    response = client.get("/admin/")
    assert response.status_code == 503
    assert response["Retry-After"]


def test_a_bug_is_still_a_500():
    request = RequestFactory().get("/")
    try:
        raise ValueError("a bug, not the database")
    except ValueError:
        response = server_error(request)
    assert response.status_code == 500
