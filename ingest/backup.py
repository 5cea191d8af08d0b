"""A portable copy of everything the project knows, and its restore into an empty database
(``manage.py export_data`` / ``import_data``; docs/operations.md). The file is Django's XML
serialization: any Django with these migrations reads it, on SQLite or PostgreSQL.

What is copied: the facts and who recorded them — states with their aliases and successions,
treaties with their rules, events (with their origin: the depositary's file or an editor, which
decides what a later sync may change), the history the depositary's notes tell but do not date,
statements (reservations, declarations, objections...; they keep their ids, which the
withdrawals that point at them and the API name), armed conflicts, the daily record of status
changes, users and groups, the history of every change (django-simple-history) and the admin's
log. Users, groups, permissions and content types are written with natural keys (user names,
group names, "app.model"), so the copy loads into a database whose migrations numbered them
differently, SQLite or PostgreSQL alike. Events keep their ids: the history and the API's URLs
name them.

What is not: the derived rows (status periods, memberships), which ``import_data`` recomputes
from the facts; API tokens, which are passwords in all but name and should not sit in a file
(users obtain new ones); sessions; uploads staged for an import.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from xml.parsers.expat import ExpatError
from xml.sax import SAXException

from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, transaction

from events.models import ArmedConflict, Event
from events.services import treaty_recompute
from statements.models import Statement
from states.models import State, StateAlias
from treaties.models import Treaty

#: The models copied, in no particular order (dumpdata sorts them by dependency).
MODELS = (
    "auth.group",
    "auth.user",
    "states.state",
    "states.historicalstate",
    "states.statealias",
    "states.historicalstatealias",
    "treaties.treaty",
    "treaties.historicaltreaty",
    "events.event",
    "events.historicalevent",
    "events.notedhistory",
    "events.armedconflict",
    "events.historicalarmedconflict",
    "statements.statement",
    "statements.historicalstatement",
    "events.statuschange",
    "admin.logentry",
)


class NotEmpty(Exception):
    """The database already holds data: a restore is not a merge."""


class NotLoadable(Exception):
    """The file is not a copy this database can load (damaged, or of another schema)."""


@dataclass(frozen=True)
class Restored:
    treaties: int
    events: int
    users: int
    statements: int = 0


def data_export(path: Path) -> None:
    """Write the copy to ``path`` (XML; compressed when the name ends .gz, .bz2, .xz)."""
    call_command(
        "dumpdata",
        *MODELS,
        # XML keeps the microseconds of every time (when an event was recorded, when a change
        # was made); Django's JSON serializer rounds them to milliseconds.
        format="xml",
        natural_foreign=True,
        natural_primary=True,
        output=str(path),
        verbosity=0,
    )


def data_import(path: Path) -> Restored:
    """Load the copy at ``path`` into a freshly migrated database, then recompute every
    treaty's derived dates. All of it, or nothing (one transaction).

    ``migrate`` loads the states reference data: that is no data of anyone's, and the copy's
    states (with their aliases, successions and history) replace it. Treaties, events, armed
    conflicts or users already there raise :class:`NotEmpty`: a restore is not a merge.
    """
    held = [
        name
        for name, model in (
            ("treaties", Treaty),
            ("events", Event),
            ("armed conflicts", ArmedConflict),
            ("statements", Statement),
            ("users", User),
        )
        if model.objects.exists()
    ]
    if held:
        raise NotEmpty(
            f"the database already holds data ({', '.join(held)}); restore into a freshly "
            "migrated one"
        )
    with transaction.atomic():
        _reference_states_drop()
        try:
            call_command("loaddata", str(path), verbosity=0)
        except (DeserializationError, DatabaseError, ValueError, SAXException, ExpatError) as exc:
            raise NotLoadable(str(exc)) from exc
        for treaty_id in Treaty.objects.values_list("pk", flat=True):
            treaty_recompute(treaty_id=treaty_id)
    return Restored(
        treaties=Treaty.objects.count(),
        events=Event.objects.count(),
        users=User.objects.count(),
        statements=Statement.objects.count(),
    )


def _reference_states_drop() -> None:
    """Remove the states reference data ``migrate`` loaded (nothing refers to it yet: there are
    no treaties, events or conflicts), so that the copy's states are loaded as they were."""
    StateAlias.objects.all().delete()
    State.predecessors.through.objects.all().delete()
    State.objects.all().delete()
    State.history.all().delete()
    StateAlias.history.all().delete()
