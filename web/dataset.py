"""The whole-dataset ZIP: built once per data version and day, in the background, kept as a file.

Building it reads every event and every participant (seconds on the demo, tens of seconds on
the UN corpus), so no request builds it: the first request for a version claims the build and
queues ``web.tasks.build_dataset`` (run at once where tasks run in-process), later requests
are served the file (``FileResponse``: the worker streams it, no copy in memory). While it is
being built, requests are told to come back (202 with ``Retry-After``). Never two builds of one
version at once: the claim is a file created exclusively in ``DATASET_DIR`` — a folder the web
processes and the worker share (a volume in docker compose) — so it holds across processes and
needs no cache. A claim older than ``BUILD_SECONDS`` is a build that died: it is taken over.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import time
import zipfile
from datetime import date
from pathlib import Path

from django.conf import settings
from django.http import HttpResponse

from events.selectors.participants import participants_on
from events.selectors.record import record_day
from ingest.interchange import events_csv_export, events_for_export
from ingest.statements_csv import statements_csv_export, statements_for_export
from treaties.models import Treaty

from .presenters import article_of, condition_text, participant_views
from .views.treaties import BOM, write_participants_csv

#: A claim older than this is a build that died.
BUILD_SECONDS = 15 * 60
#: Built files kept besides the newest (older versions are removed after each build).
KEEP = 4

README = """Treaty Tracker: the whole dataset, {day}.

events.csv            every recorded event (the facts), in the interchange format that
                      `manage.py import_events` reads back (see docs/data-format.md).
computed-dates.csv    every event with the date the treaty's rules give it, the article the
                      date follows from, the steps of the computation and any condition.
participants.csv      every treaty's participants on {day}, or on the date of its record
                      where that is earlier (nothing later is in this database; see
                      records.csv): status, membership periods, dates with their articles,
                      notes and sources (one row per treaty and participant).
records.csv           each treaty's record: its date, where that date comes from, the date
                      its participants are given for, whether the record has a participants
                      table (without one: no participant data, not zero) and the depositary's
                      own header counts.
statements.csv        every reservation, declaration, objection, territorial application
                      and withdrawal, quoted from the depositary with its source, in the
                      format `manage.py import_statements` reads back.

All files are UTF-8 with a byte order mark, so that spreadsheet programs read accents right.
"""


def dataset_key(version: str, day: date) -> str:
    """The name of the dataset of one data version on one day."""
    return hashlib.blake2b(f"{version}|{day.isoformat()}".encode(), digest_size=10).hexdigest()


def _folder() -> Path:
    folder = Path(settings.DATASET_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def dataset_file(key: str) -> Path:
    return _folder() / f"treaty-tracker-{key}.zip"


def _claim_file(key: str) -> Path:
    return _folder() / f"treaty-tracker-{key}.building"


def dataset_claim(key: str) -> bool:
    """Claim the build of ``key``; False if another process is building it."""
    claim = _claim_file(key)
    for _ in range(2):
        try:
            os.close(os.open(claim, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644))
            return True
        except FileExistsError:
            try:
                if time.time() - claim.stat().st_mtime < BUILD_SECONDS:
                    return False
                claim.unlink()  # a build that died: take it over
            except FileNotFoundError:
                pass  # finished meanwhile: try once more
    return False


def dataset_release(key: str) -> None:
    _claim_file(key).unlink(missing_ok=True)


def dataset_build(*, key: str, day: date) -> Path:
    """Write the dataset of ``day`` as ``key``'s file (written aside, then renamed into place:
    a reader never sees half a file), and remove old ones."""
    path = dataset_file(key)
    if path.exists():
        return path
    partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
    try:
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("README.txt", README.format(day=day.isoformat()))
            events = io.StringIO()
            events_csv_export(events, events=events_for_export())
            archive.writestr("events.csv", BOM + events.getvalue())
            archive.writestr("computed-dates.csv", _computed_csv())
            archive.writestr("participants.csv", _participants_csv(day))
            archive.writestr("records.csv", _records_csv(day))
            said = io.StringIO()
            statements_csv_export(said, statements=statements_for_export())
            archive.writestr("statements.csv", BOM + said.getvalue())
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    _prune(keep=path)
    return path


def _prune(*, keep: Path) -> None:
    built = sorted(
        (p for p in keep.parent.glob("treaty-tracker-*.zip") if p != keep),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    for old in built[KEEP:]:
        old.unlink(missing_ok=True)


def _participants_csv(day: date) -> str:
    """Each treaty's participants on ``day``, or on its record's date where that is earlier."""
    out = HttpResponse(BOM)
    rows = [
        view.row
        for treaty in Treaty.objects.order_by("short_name")
        for view in participant_views(
            participants_on(treaty=treaty, on=record_day(treaty, day).day), day
        )
    ]
    write_participants_csv(out, rows, day, treaty_column=True)
    return out.content.decode("utf-8")


def _records_csv(day: date) -> str:
    """Each treaty's record: its date and basis, the date its participants are given for,
    whether it has a participants table, and the depositary's header counts."""
    out = io.StringIO()
    writer = csv.writer(out)
    columns = ("record_as_of", "record_basis", "status_on", "has_participant_data")
    writer.writerow(["treaty", *columns, "depositary_parties", "depositary_signatories"])
    for t in Treaty.objects.order_by("short_name"):
        record = record_day(t, day)
        as_of = record.record_as_of.isoformat() if record.record_as_of else ""
        counts = [t.depositary_parties, t.depositary_signatories]
        writer.writerow([t.slug, as_of, t.record_basis, record.day.isoformat(),
                         "yes" if t.has_participant_data else "no",
                         *("" if n is None else n for n in counts)])  # fmt: skip
    return BOM + out.getvalue()


def _computed_csv() -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "treaty", "state", "code", "kind", "date", "effective_date", "article",
            "explanation", "condition", "published_effective_date", "disagrees_with_depositary",
            "superseded", "source_url",
        ]
    )  # fmt: skip
    for e in events_for_export().select_related("state", "treaty"):
        writer.writerow(
            [
                e.treaty.slug, e.state.short_name, e.state.code, e.kind, e.date.isoformat(),
                e.effective_date.isoformat() if e.effective_date else "", article_of(e),
                e.explanation_text, condition_text(e),
                e.published_effective_date.isoformat() if e.published_effective_date else "",
                "yes" if e.disagrees_with_depositary else "", "yes" if e.superseded else "",
                e.source_url,
            ]
        )  # fmt: skip
    return BOM + out.getvalue()
