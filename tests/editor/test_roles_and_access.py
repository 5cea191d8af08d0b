"""Who may do what in the admin: editors, reviewers, anonymous visitors, and the login lockout."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse

from events import services
from events.models import Event
from tests.factories import PASSWORD, UN_CCM

from .test_event_admin import event_form


@pytest.fixture(autouse=True)
def _fresh_lockout_counters():
    cache.clear()
    yield
    cache.clear()


def test_the_roles_exist_after_migrating(db):
    editor = set(Group.objects.get(name="editor").permissions.values_list("codename", flat=True))
    reviewer = set(
        Group.objects.get(name="reviewer").permissions.values_list("codename", flat=True)
    )

    assert {"add_event", "change_event", "delete_event", "change_treaty"} <= editor
    assert "change_treaty_rules" not in editor
    assert "delete_treaty" not in editor
    assert reviewer and all(code.startswith("view_") for code in reviewer)


def test_setup_roles_can_run_again_without_changing_anything(db):
    before = {g.name: set(g.permissions.values_list("pk", flat=True)) for g in Group.objects.all()}

    call_command("setup_roles")

    after = {g.name: set(g.permissions.values_list("pk", flat=True)) for g in Group.objects.all()}
    assert after == before


def test_a_reviewer_can_read_an_event_but_not_change_it(reviewer_client, ccm, lithuania):
    event = services.event_record(treaty=ccm, state=lithuania, kind="ratification",
                                  date=dt.date(2011, 3, 24), source_url=UN_CCM)  # fmt: skip
    url = reverse("admin:events_event_change", args=[event.pk])

    assert reviewer_client.get(url).status_code == 200
    response = reviewer_client.post(url, event_form(ccm, lithuania, kind="ratification",
                                                    date="2011-03-25"))  # fmt: skip

    assert response.status_code == 403
    event.refresh_from_db()
    assert event.date == dt.date(2011, 3, 24)
    assert reviewer_client.post(reverse("admin:events_event_add"),
                                event_form(ccm, lithuania)).status_code == 403  # fmt: skip
    assert reviewer_client.post(reverse("admin:events_event_delete", args=[event.pk]),
                                {"post": "yes"}).status_code == 403  # fmt: skip
    assert Event.objects.count() == 1


def test_a_reviewer_cannot_change_a_treaty(reviewer_client, ccm):
    url = reverse("admin:treaties_treaty_change", args=[ccm.pk])

    response = reviewer_client.post(url, {"short_name": "Changed", "_save": "Save"})

    assert response.status_code == 403
    ccm.refresh_from_db()
    assert ccm.short_name == "CCM"


def test_a_reviewer_can_read_the_history(reviewer_client, ccm):
    url = reverse("admin:treaties_treaty_history", args=[ccm.pk])

    assert reviewer_client.get(url).status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        reverse("admin:events_event_changelist"),
        reverse("admin:events_event_add"),
        reverse("admin:events_event_data_quality"),
        reverse("admin:events_event_import"),
    ],
)
def test_anonymous_visitors_are_sent_to_the_login_page(client, db, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_a_reviewer_cannot_open_the_import_page(reviewer_client):
    assert reviewer_client.get(reverse("admin:events_event_import")).status_code == 403


def _login(client, username: str, password: str, address: str = "127.0.0.1"):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


def test_the_login_is_locked_after_five_failures_even_with_the_right_password(client, editor):
    for _ in range(5):
        assert _login(client, editor.username, "wrong").status_code == 200

    response = _login(client, editor.username, PASSWORD)

    assert response.status_code == 429
    assert "Too many failed log-ins" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_failures_against_many_names_lock_the_address(client, editor):
    for n in range(5):
        _login(client, f"guess-{n}", "wrong")

    assert _login(client, editor.username, PASSWORD).status_code == 429


def test_a_successful_login_clears_the_users_failures(client, editor):
    for _ in range(4):
        _login(client, editor.username, "wrong")
    assert _login(client, editor.username, PASSWORD).status_code == 302
    client.logout()

    # From another address (its own counter): four more failures of this user name would
    # make eight, and a lockout, had the successful login not cleared the first four.
    for _ in range(4):
        _login(client, editor.username, "wrong", address="10.0.0.2")

    assert _login(client, editor.username, PASSWORD, address="10.0.0.2").status_code == 302
