"""``manage.py load_states``: load the committed states reference data (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from states.services import states_load


class Command(BaseCommand):
    help = "Create or update states, aliases and predecessor links from states/data/*.csv."

    def handle(self, *args: Any, **options: Any) -> None:
        report = states_load()
        self.stdout.write(report.summary())
