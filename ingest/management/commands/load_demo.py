"""``manage.py load_demo``: states, the seven demo treaties and their events (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ingest.base import ImportFailed
from ingest.demo import demo_load


class Command(BaseCommand):
    help = "Load (or refresh) the demo dataset in ingest/demo/ and compute every date."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = demo_load()
        except ImportFailed as exc:
            raise CommandError(f"The demo data was refused:\n{exc.report.error_text()}") from exc
        self.stdout.write(report.summary())
