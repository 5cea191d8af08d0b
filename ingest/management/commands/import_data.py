"""``manage.py import_data FILE``: restore a copy made by ``export_data`` into an empty,
migrated database, and recompute every derived date (see ``ingest.backup``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ingest.backup import NotEmpty, NotLoadable, data_import


class Command(BaseCommand):
    help = "Restore a copy made by export_data into an empty database (after migrate)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="A file written by export_data")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.exists():
            raise CommandError(f"No such file: {path}")
        try:
            restored = data_import(path)
        except NotEmpty as exc:
            raise CommandError(f"Nothing was imported: {exc}") from exc
        except NotLoadable as exc:
            raise CommandError(f"Nothing was imported: {path} cannot be loaded: {exc}") from exc
        self.stdout.write(
            f"Restored {restored.treaties} treaties, {restored.events} events, "
            f"{restored.statements} statements, "
            f"{restored.users} users; every derived date recomputed."
        )
