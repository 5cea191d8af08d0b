"""``manage.py import_statements FILE``: statements in the CSV format (all or nothing)."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ingest.base import ImportFailed
from ingest.statements_csv import statements_csv_import


class Command(BaseCommand):
    help = "Import statements from a CSV file in the statements format (docs/data-format.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="CSV file ('-' for standard input)")

    def handle(self, *args: Any, **options: Any) -> None:
        path = options["file"]
        try:
            if path == "-":
                created, updated, unchanged = statements_csv_import(sys.stdin)
            else:
                with open(path, encoding="utf-8-sig", newline="") as fh:
                    created, updated, unchanged = statements_csv_import(fh)
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc}") from exc
        except UnicodeDecodeError as exc:
            raise CommandError(
                f"Nothing was imported: {path} is not UTF-8 text (byte {exc.object[exc.start]:#04x}"
                f" at position {exc.start}); save it as CSV in UTF-8."
            ) from exc
        except ImportFailed as exc:
            raise CommandError(
                f"Nothing was imported: {len(exc.report.errors)} error(s) in {path}\n"
                f"{exc.report.error_text()}"
            ) from exc
        self.stdout.write(
            f"statements: {created} created, {updated} updated, {unchanged} unchanged"
        )
