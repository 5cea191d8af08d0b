"""The portable export restores a database exactly: export, empty the database, import, and
every page, API answer and derived date is as before."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from events import services
from events.models import Event, Membership, StatusPeriod
from states.models import State
from tests.factories import SOURCE, build_ccm, make_user

URLS = [
    "/api/v1/treaties/ccm/?as_of=2025-01-01",
    "/api/v1/treaties/ccm/participants/?as_of=2025-06-01",
    "/api/v1/treaties/ccm/changes/",
    "/api/v1/events/?treaty=ccm&limit=1000",
    "/api/v1/states/LTU/treaties/?as_of=2025-01-01",
    "/treaties/ccm/?on=2025-01-01",
    "/treaties/ccm/participants.csv?on=2025-06-01",
    "/states/LTU/",
]


def _answers() -> dict[str, str]:
    cache.clear()
    client = APIClient()
    # When the engine last ran is the one thing a restore changes: it runs again.
    return {
        url: re.sub(r'"computed_at":"[^"]*"', "", client.get(url).content.decode()) for url in URLS
    }


def _derived() -> dict[str, list]:
    return {
        "events": sorted(
            Event.objects.values_list(
                "pk", "effective_date", "explanation", "condition", "disagrees_with_depositary"
            )
        ),
        "periods": sorted(
            StatusPeriod.objects.values_list(
                "treaty__slug", "state__code", "status", "valid_from", "valid_until"
            )
        ),
        "memberships": sorted(
            Membership.objects.values_list("treaty__slug", "state__code", "start", "end")
        ),
    }


def _facts() -> dict[str, list]:
    return {
        "users": sorted(
            User.objects.values_list("username", "password", "is_staff", "groups__name")
        ),
        "groups": sorted(Group.objects.values_list("name", "permissions__codename")),
        "history": sorted(
            Event.history.values_list("id", "history_type", "history_user__username", "note")
        ),
        "log": sorted(LogEntry.objects.values_list("user__username", "object_repr")),
        "aliases": sorted(State.objects.values_list("code", "aliases__name")),
    }


@pytest.mark.django_db(transaction=True)
def test_export_then_import_into_an_empty_database_reproduces_everything(tmp_path):
    ccm = build_ccm()
    alice = make_user("alice-editor", "editor")
    lithuania = State.objects.get(code="LTU")
    with services_as(alice):
        services.armed_conflict_record(
            state=lithuania,
            started_on=dt.date(2025, 1, 10),
            description="A recorded conflict",
            source_url=SOURCE,
        )
        event = ccm.events.get(state=lithuania, kind="withdrawal")
        services.event_update(event=event, note="Checked against the C.N.")
    LogEntry.objects.log_actions(alice.pk, [event], 2, change_message="Checked")
    before = (_answers(), _derived(), _facts())
    path = tmp_path / "backup.xml.gz"

    call_command("export_data", str(path))
    call_command("flush", interactive=False, verbosity=0)
    assert not Event.objects.exists() and not User.objects.exists()
    call_command("import_data", str(path))

    assert (_answers(), _derived(), _facts()) == before


@pytest.mark.django_db
def test_an_import_into_a_database_holding_data_is_refused(tmp_path):
    build_ccm()
    path = tmp_path / "backup.xml"
    call_command("export_data", str(path))

    with pytest.raises(CommandError, match="already holds data"):
        call_command("import_data", str(path))


@pytest.mark.django_db
def test_a_damaged_copy_is_refused_without_a_traceback(tmp_path):
    path = tmp_path / "backup.xml"
    path.write_text('<?xml version="1.0"?><django-objects version="1.0"><object model="events.ev')

    with pytest.raises(CommandError, match="cannot be loaded"):
        call_command("import_data", str(path))


class services_as:
    """Record changes as ``user`` in the history, as the admin and the API do."""

    def __init__(self, user: User) -> None:
        self.user = user

    def __enter__(self) -> None:
        from django.test import RequestFactory
        from simple_history.models import HistoricalRecords

        request = RequestFactory().get("/")
        request.user = self.user
        HistoricalRecords.context.request = request

    def __exit__(self, *exc: object) -> None:
        from simple_history.models import HistoricalRecords

        del HistoricalRecords.context.request
