"""``manage.py export_data FILE``: a portable copy of everything (see ``ingest.backup``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ingest.backup import data_export


class Command(BaseCommand):
    help = (
        "Write states, treaties (with rules), events, armed conflicts, users, groups and the "
        "history to FILE (JSON; .gz/.bz2/.xz compressed). Restore with import_data."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="Output file, e.g. backup.json.gz")

    def handle(self, *args: Any, **options: Any) -> None:
        data_export(Path(options["file"]))
        self.stdout.write(f"Written to {options['file']}")
