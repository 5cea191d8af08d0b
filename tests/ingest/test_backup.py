"""The portable export restores a database exactly: export, empty the database, import, and
every page, API answer and derived date is as before."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from events import services
from events.models import Event, EventOrigin, Membership, StatusPeriod
from statements.models import Statement
from statements.services import statement_record
from states.models import State
from tests.factories import SOURCE, build_ccm, make_user

ROOT = Path(__file__).resolve().parents[2]

URLS = [
    "/api/v1/treaties/ccm/?as_of=2025-01-01",
    "/api/v1/treaties/ccm/participants/?as_of=2025-06-01",
    "/api/v1/treaties/ccm/changes/",
    "/api/v1/events/?treaty=ccm&limit=1000",
    "/api/v1/states/LTU/treaties/?as_of=2025-01-01",
    "/treaties/ccm/?on=2025-01-01",
    "/treaties/ccm/participants.csv?on=2025-06-01",
    "/states/LTU/",
    "/api/v1/treaties/ccm/statements/",
    "/api/v1/states/LTU/statements/?as_of=2012-01-01",
    "/treaties/ccm/statements/?q=bound",
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
        # Who wrote each act (the sync changes only the depositary's own) and when.
        "events": sorted(Event.objects.values_list("pk", "origin", "created_at")),
        "aliases": sorted(State.objects.values_list("code", "aliases__name")),
        "statements": sorted(
            Statement.objects.values_list(
                "pk",
                "treaty__slug",
                "state__code",
                "kind",
                "made_on",
                "upon_event_id",
                "text",
                "objects_to__code",
                "withdraws_id",
                "withdrawn_on",
                "source_section",
                "created_at",
            )
        ),
        "statement history": sorted(
            Statement.history.values_list("id", "history_type", "history_user__username", "text")
        ),
    }


def _statements(treaty, lithuania: State) -> None:
    """A reservation upon ratification, later withdrawn, and another state's objection."""
    ratification = treaty.events.filter(state=lithuania, kind="ratification").first()
    reservation = statement_record(
        treaty=treaty, state=lithuania, kind="reservation", made_on=dt.date(2011, 3, 24),
        upon_event=ratification, text="Not bound by article 10.", source_url=SOURCE,
        source_section="test Declarations #1", withdrawn_on=dt.date(2019, 5, 1),
    )  # fmt: skip
    statement_record(
        treaty=treaty, state=lithuania, kind="withdrawal", made_on=dt.date(2019, 5, 1),
        withdraws=reservation, text="Withdrawn.", source_url=SOURCE,
        source_section="test note 1",
    )  # fmt: skip
    other = State.objects.filter(events__treaty=treaty).exclude(pk=lithuania.pk).first()
    assert other is not None
    statement_record(
        treaty=treaty, state=other, kind="objection", objects_to=lithuania,
        text="An objection to the reservation.", source_url=SOURCE,
        source_section="test Objections #1",
    )  # fmt: skip


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
        _statements(ccm, lithuania)
    LogEntry.objects.log_actions(alice.pk, [event], 2, change_message="Checked")
    # As after an import: the depositary's acts, beside the editor's.
    ccm.events.exclude(state=lithuania).update(origin=EventOrigin.DEPOSITARY)
    before = (_answers(), _derived(), _facts())
    path = tmp_path / "backup.xml.gz"

    call_command("export_data", str(path))
    call_command("flush", interactive=False, verbosity=0)
    assert not Event.objects.exists() and not User.objects.exists()
    call_command("import_data", str(path))

    assert (_answers(), _derived(), _facts()) == before
    assert len(before[2]["statements"]) == 3 and len(before[2]["statement history"]) == 3
    assert {origin for _, origin, _ in before[2]["events"]} == {"depositary", "editor"}


@pytest.mark.django_db
def test_an_import_into_a_database_holding_data_is_refused(tmp_path):
    build_ccm()
    path = tmp_path / "backup.xml"
    call_command("export_data", str(path))

    with pytest.raises(CommandError, match=r"already holds data \(treaties, events"):
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


def _documented_restore_commands() -> list[str]:
    """The shell commands of docs/operations.md's portable copy, as written there."""
    text = (ROOT / "docs" / "operations.md").read_text()
    section = text.split("## A portable copy", 1)[1].split("\n## ", 1)[0]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0]
    return [line for line in block.splitlines() if line.strip() and not line.startswith("#")]


def _page(env: dict[str, str], path: str) -> str:
    code = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        f"print(Client().get({path!r}).content.decode())\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings"},
        timeout=300, check=True,
    )  # fmt: skip
    return re.sub(r'nonce="[^"]*"', "", done.stdout)


@pytest.mark.slow
def test_the_documented_restore_commands_work_as_written_on_a_freshly_migrated_database(
    tmp_path,
):
    commands = _documented_restore_commands()
    assert [c.split()[2] for c in commands] == ["export_data", "migrate", "import_data"]
    # The commands name .venv/bin/python and manage.py from the project's folder; they run in
    # a folder of their own (the copy is written there), linked to the project's.
    work = tmp_path / "ops"
    work.mkdir()
    (work / ".venv").symlink_to(sys.prefix)  # the virtualenv running the tests
    (work / "manage.py").symlink_to(ROOT / "manage.py")
    base = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CACHE_URL")}
    base.update(DEBUG="true", CELERY_TASK_ALWAYS_EAGER="true")
    base.pop("DJANGO_SETTINGS_MODULE", None)
    old = {**base, "SQLITE_PATH": str(tmp_path / "old.sqlite3")}
    new = {**base, "SQLITE_PATH": str(tmp_path / "new.sqlite3")}

    def run(command: str, env: dict[str, str]) -> None:
        subprocess.run(["bash", "-c", command], cwd=work, env=env, check=True, timeout=600,
                       capture_output=True)  # fmt: skip

    run(".venv/bin/python manage.py migrate && .venv/bin/python manage.py load_demo", old)
    run(commands[0], old)  # export, on the old machine
    run(commands[1], new)  # migrate: loads the states reference data
    run(commands[2], new)  # import

    for path in ("/treaties/ccm/?on=2025-03-07", "/states/LTU/?on=2025-03-07"):
        assert _page(new, path) == _page(old, path)
