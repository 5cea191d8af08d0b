"""``manage.py import_untc FILE... [--as-of DATE]``: the UN's MTDSG XML or status CSV files."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ingest.base import ImportFailed, ImportReport
from ingest.untc_csv import untc_csv_import
from ingest.untc_xml import untc_xml_import


class Command(BaseCommand):
    help = "Import UN Treaty Collection status files (MTDSG *.xml, or *_status*.csv tables)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", help="XML or CSV files, or folders of them")
        parser.add_argument("--as-of", type=date.fromisoformat, help="Status date of the data")
        parser.add_argument("-v2", action="store_true", dest="details", help="List repairs")
        parser.add_argument(
            "--keep-going",
            action="store_true",
            help="Import every file that can be imported; list the refused ones (XML only)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        paths: list[Path] = []
        for name in options["files"]:
            p = Path(name)
            if p.is_dir():
                paths += sorted(p.glob("*.xml")) + sorted(p.glob("*_status*.csv"))
            elif p.exists():
                paths.append(p)
            else:
                raise CommandError(f"No such file: {name}")
        xml = [p for p in paths if p.suffix == ".xml"]
        csvs = [p for p in paths if p.suffix == ".csv"]
        try:
            reports: list[ImportReport] = []
            if xml:
                reports.append(
                    untc_xml_import(xml, as_of=options["as_of"], keep_going=options["keep_going"])
                )
            if csvs:
                reports.append(untc_csv_import(csvs))
        except ImportFailed as exc:
            raise CommandError(f"Nothing was imported:\n{exc.report.error_text()}") from exc
        for report in reports:
            self.stdout.write(report.summary())
            for line in report.changes:
                self.stdout.write(f"  {line}")
            for listed in getattr(report, "without_participants", []):
                self.stdout.write(f"  {listed}")
            if not report.ok:
                self.stdout.write(f"  refused or incomplete:\n{report.error_text()}")
            for line in report.unknown_codes:
                self.stdout.write(f"  code not known (a consent of unknown kind): {line}")
            if options["details"]:
                for line in report.repairs + report.notes:
                    self.stdout.write(f"  {line}")
                for inc in report.inconsistencies:
                    self.stdout.write(f"  inconsistent as published: {inc}")
