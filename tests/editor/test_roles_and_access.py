"""Who may do what in the admin: editors, reviewers, anonymous visitors, and the login lockout."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from events import services
from events.models import Event
from serving.lockout import MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_ADDRESS
from serving.lockout import is_locked as lockout_is_locked
from tests.factories import PASSWORD, UN_CCM

from .test_event_admin import event_form


@pytest.fixture(autouse=True)
def _fresh_lockout_counters():
    cache.clear()
    yield
    cache.clear()


ROLE_MIGRATIONS = [
    ("events.migrations.0003_roles", "create_roles"),
    ("statements.migrations.0002_roles", "grant"),
    ("ingest.migrations.0002_roles", "grant"),
]


@pytest.fixture
def migrated_roles(db):
    """The roles as the migrations leave them. A transactional test that ran earlier in this
    process (pytest-xdist gives each process its own share of the tests) flushed the tables,
    the groups with them: then the role migrations' own functions are run again, in order."""
    if not Group.objects.filter(name="editor").exists():
        from importlib import import_module

        from django.apps import apps

        for module, function in ROLE_MIGRATIONS:
            getattr(import_module(module), function)(apps, None)


def test_the_roles_exist_after_migrating(migrated_roles):
    editor = set(Group.objects.get(name="editor").permissions.values_list("codename", flat=True))
    reviewer = set(
        Group.objects.get(name="reviewer").permissions.values_list("codename", flat=True)
    )

    assert {"add_event", "change_event", "delete_event", "change_treaty"} <= editor
    assert "change_treaty_rules" not in editor
    assert "delete_treaty" not in editor
    assert reviewer and all(code.startswith("view_") for code in reviewer)


def test_setup_roles_can_run_again_without_changing_anything(migrated_roles):
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


def _login(client, username: str, password: str, address: str = "127.0.0.1", **headers):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
        **headers,
    )


def test_the_login_is_locked_after_five_failures_even_with_the_right_password(client, editor):
    for _ in range(5):
        assert _login(client, editor.username, "wrong").status_code == 200

    response = _login(client, editor.username, PASSWORD)

    assert response.status_code == 429
    assert "Too many failed log-ins" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_an_account_is_locked_whichever_addresses_the_failures_came_from(client, editor):
    for n in range(MAX_FAILURES_PER_ACCOUNT):
        _login(client, editor.username, "wrong", address=f"10.0.0.{n + 1}")

    assert _login(client, editor.username, PASSWORD, address="10.0.9.9").status_code == 429


def test_five_failures_by_other_people_behind_one_address_lock_no_one_else_out(
    client, editor, reviewer
):
    # An office behind one NAT address: five people mistype their own passwords.
    for n in range(5):
        _login(client, f"colleague-{n}", "wrong")

    assert _login(client, editor.username, PASSWORD).status_code == 302


def test_failures_against_many_names_from_one_address_lock_the_address_at_its_ceiling(
    client, editor
):
    for n in range(MAX_FAILURES_PER_ADDRESS):
        _login(client, f"guess-{n}", "wrong")

    assert _login(client, editor.username, PASSWORD).status_code == 429
    assert _login(client, editor.username, PASSWORD, address="10.0.0.7").status_code == 302


def test_the_right_password_of_a_user_who_may_not_use_the_admin_is_not_a_failure(client, db):
    User.objects.create_user("dave-reader", password=PASSWORD)  # not staff

    for _ in range(MAX_FAILURES_PER_ACCOUNT + 1):
        response = _login(client, "dave-reader", PASSWORD)
        assert response.status_code == 200  # refused: the admin is for staff

    assert not lockout_is_locked(username="dave-reader", address="127.0.0.1")


@override_settings(NUM_PROXIES=1)
def test_behind_a_proxy_the_lockout_counts_the_client_the_proxy_saw(client, editor):
    proxy = "10.0.0.1"
    for n in range(MAX_FAILURES_PER_ADDRESS):
        _login(client, f"guess-{n}", "wrong", address=proxy, HTTP_X_FORWARDED_FOR="203.0.113.5")

    assert (
        _login(
            client, editor.username, PASSWORD, address=proxy, HTTP_X_FORWARDED_FOR="198.51.100.2"
        ).status_code
        == 302
    )
    assert (
        _login(
            client, "someone", "x", address=proxy, HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.5"
        ).status_code
        == 429
    )


def test_without_a_proxy_a_forged_forwarded_for_header_changes_nothing(client, editor):
    for n in range(MAX_FAILURES_PER_ADDRESS):
        _login(client, f"guess-{n}", "wrong", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")

    assert (
        _login(client, editor.username, PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.200").status_code
        == 429
    )


def test_a_successful_login_clears_the_users_failures(client, editor):
    for _ in range(4):
        _login(client, editor.username, "wrong")
    assert _login(client, editor.username, PASSWORD).status_code == 302
    client.logout()

    # Four more failures of this user name would make eight, and a lockout, had the
    # successful login not cleared the first four.
    for _ in range(4):
        _login(client, editor.username, "wrong", address="10.0.0.2")

    assert _login(client, editor.username, PASSWORD, address="10.0.0.2").status_code == 302


def test_the_admin_lists_api_tokens_but_adds_none(superuser_client, editor):
    from api.tokens import token_issue

    token_issue(user=editor)
    listing = superuser_client.get("/admin/authtoken/tokenproxy/")
    assert listing.status_code == 200
    assert editor.username in listing.content.decode()
    assert superuser_client.get("/admin/authtoken/tokenproxy/add/").status_code == 403
