"""The states reference data in every migrated database.

An import into a fresh database must never silently create nothing because no state is known
(the UN's 2018 XML into an empty states table: "Unknown participant 'Zambia'"). This loads
``states/data/states.csv`` and ``aliases.csv`` once, into an empty states table only; later
changes of the reference data are applied by ``manage.py load_states`` (``states_load``).

The loading logic is a frozen copy (as Django advises for data migrations): it must keep doing
what it did when this migration was written, whatever ``states.services`` becomes. It writes no
history rows (the historical models are not involved), like any data migration.
"""

import csv
import unicodedata
from datetime import date
from pathlib import Path

from django.db import migrations

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def _normalize(name):
    # Frozen copy of states.names.normalize_name at the time of this migration.
    decomposed = unicodedata.normalize("NFKD", name)
    ascii_only = "".join(c for c in decomposed if not unicodedata.combining(c))
    kept = "".join(c.lower() if c.isalnum() else " " for c in ascii_only)
    return " ".join(kept.split())


def _rows(name):
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _day(text):
    return date.fromisoformat(text) if text else None


def load_reference_states(apps, schema_editor):
    State = apps.get_model("states", "State")
    StateAlias = apps.get_model("states", "StateAlias")
    if State.objects.exists():
        return  # a database with states keeps them; load_states updates it
    rows = _rows("states.csv")
    states = State.objects.bulk_create(
        [
            State(
                code=r["code"],
                alpha2=r["alpha2"],
                numeric=r["numeric"],
                short_name=r["short_name"],
                official_name=r["official_name"],
                kind=r["kind"],
                exists_from=_day(r["exists_from"]),
                exists_until=_day(r["exists_until"]),
            )
            for r in rows
        ]
    )
    by_code = {s.code: s for s in State.objects.filter(pk__in=[s.pk for s in states])}
    if len(by_code) != len(rows):  # a backend that does not return primary keys
        by_code = {s.code: s for s in State.objects.all()}
    Link = State.predecessors.through
    Link.objects.bulk_create(
        [
            Link(from_state_id=by_code[r["code"]].pk, to_state_id=by_code[pred].pk)
            for r in rows
            for pred in r["predecessors"].split()
        ]
    )
    # One name means one state: a later row for the same normalised name wins, as in
    # states_load (which moves such an alias).
    aliases = {}
    for r in _rows("aliases.csv"):
        key = _normalize(r["name"])
        aliases[key] = StateAlias(
            state=by_code[r["code"]],
            name=r["name"],
            normalized=key,
            is_former_name=r["is_former_name"] == "yes",
        )
    StateAlias.objects.bulk_create(list(aliases.values()))


class Migration(migrations.Migration):
    dependencies = [("states", "0002_statealias_history")]

    operations = [migrations.RunPython(load_reference_states, migrations.RunPython.noop)]
