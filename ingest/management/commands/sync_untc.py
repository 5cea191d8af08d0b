"""``manage.py sync_untc [REFERENCE...] [--chapter X]``: bring the record up to date with the
depositary's (the UN Treaty Collection's) status files; see ``ingest.sync``."""

from __future__ import annotations

import dataclasses
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ingest.models import SyncChange, SyncRun
from ingest.sync import SyncBusy, sync_untc
from ingest.sync.run import client_from_settings


class Command(BaseCommand):
    help = (
        "Fetch each treaty's status file from the depositary (UNTC_BASE_URL) and apply what "
        "changed: additions and the depositary's own acts at once, an editor's acts to review."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "references", nargs="*", help="UN references (e.g. XXVI-6); default: every treaty"
        )
        parser.add_argument(
            "--chapter", action="append", default=[], help="A chapter (e.g. XXVI); repeatable"
        )
        parser.add_argument("--base-url", help="Instead of the UNTC_BASE_URL setting")
        parser.add_argument(
            "--show-requests", action="store_true", help="List every request and its answer"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        client = client_from_settings()
        if options["base_url"]:
            try:
                client = dataclasses.replace(client, base_url=options["base_url"])
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
        tty = sys.stderr.isatty() and options["verbosity"] > 0
        try:
            run = sync_untc(
                references=options["references"],
                chapters=options["chapter"],
                client=client,
                progress=_bar if tty else None,
            )
        except SyncBusy as exc:
            raise CommandError(f"Not started: {exc}.") from exc
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if tty:
            sys.stderr.write("\n")
        if options["show_requests"]:
            for url, code in client.log:
                self.stdout.write(f"  {code or 'no answer'} {url}")
        self.stdout.write(_summary(run))
        for change in run.changes.filter(
            status__in=[SyncChange.Status.REVIEW, SyncChange.Status.REPORTED]
        ):
            self.stdout.write(
                f"  {change}: {change.message.splitlines()[0] if change.message else ''}"
            )
        if run.message:
            self.stdout.write(run.message)
        if run.outcome == SyncRun.Outcome.FAILED:
            raise CommandError("The sync failed: nothing could be fetched or applied.")


def _bar(done: int, total: int, counts: dict[str, int]) -> None:
    width = 30
    filled = width * done // max(total, 1)
    sys.stderr.write(
        f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} files · "
        f"{counts['changed']} changed, {counts['unchanged']} unchanged, "
        f"{counts['failed']} failed, {counts['review']} for review "
    )
    sys.stderr.flush()


def _summary(run: SyncRun) -> str:
    return (
        f"Sync {run.get_outcome_display().lower()}: {run.files_checked} files checked, "
        f"{run.files_changed} changed and applied, {run.files_unchanged} unchanged, "
        f"{run.files_failed} failed; {run.treaties_created} treaties created; "
        f"{run.changes_applied} changes applied, {run.changes_for_review} wait for review; "
        f"{run.requests} requests, {run.bytes_fetched} bytes (run {run.pk})."
    )
