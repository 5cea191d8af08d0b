"""``manage.py export_statements [--treaty SLUG] [-o FILE]``: statements in the CSV format."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ingest.statements_csv import statements_csv_export, statements_for_export
from treaties.models import Treaty


class Command(BaseCommand):
    help = "Export statements in the statements CSV format (docs/data-format.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--treaty", help="Only this treaty (slug)")
        parser.add_argument("-o", "--output", help="Output file (default: standard output)")

    def handle(self, *args: Any, **options: Any) -> None:
        treaty = None
        if options["treaty"]:
            treaty = Treaty.objects.filter(slug=options["treaty"]).first()
            if treaty is None:
                raise CommandError(f"No treaty with slug {options['treaty']!r}")
        statements = statements_for_export(treaty=treaty)
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8", newline="") as fh:
                count = statements_csv_export(fh, statements=statements)
            self.stderr.write(f"{count} statements written to {options['output']}")
        else:
            statements_csv_export(self.stdout, statements=statements)
