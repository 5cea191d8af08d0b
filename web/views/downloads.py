"""The whole dataset: a page listing every download, and one ZIP with everything."""

from __future__ import annotations

import csv
import io
import zipfile

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from events.selectors.participants import participants_on
from events.selectors.record import record_day
from ingest.interchange import events_csv_export, events_for_export
from serving.conditional import cached_page
from treaties.models import Treaty

from ..presenters import article_of, condition_text, participant_views
from .treaties import BOM, write_participants_csv

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

All files are UTF-8 with a byte order mark, so that spreadsheet programs read accents right.
"""


@require_GET
@cached_page
def downloads(request: HttpRequest) -> HttpResponse:
    """Every download the site offers, on one page."""
    treaties = list(Treaty.objects.order_by("short_name"))
    return render(
        request,
        "treaties/downloads.html",
        {"treaties": treaties, "today": timezone.localdate()},
    )


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


@require_GET
@cached_page
def dataset_zip(request: HttpRequest) -> HttpResponse:
    """Everything in one ZIP: the facts, the computed dates, today's participants."""
    today = timezone.localdate()
    events = io.StringIO()
    events_csv_export(events, events=events_for_export())
    participants = HttpResponse(BOM)
    treaties = list(Treaty.objects.order_by("short_name"))
    # Each treaty on its record's date where that is earlier than today.
    days = {t.pk: record_day(t, today).day for t in treaties}
    rows = [
        view.row
        for treaty in treaties
        for view in participant_views(participants_on(treaty=treaty, on=days[treaty.pk]), today)
    ]
    write_participants_csv(participants, rows, today, treaty_column=True)
    records = io.StringIO()
    writer = csv.writer(records)
    columns = ("record_as_of", "record_basis", "status_on", "has_participant_data")
    writer.writerow(["treaty", *columns, "depositary_parties", "depositary_signatories"])
    for t in treaties:
        record = record_day(t, today).record_as_of
        as_of = record.isoformat() if record else ""
        table = "yes" if t.has_participant_data else "no"
        counts = [t.depositary_parties, t.depositary_signatories]
        writer.writerow([t.slug, as_of, t.record_basis, days[t.pk].isoformat(), table,
                         *("" if n is None else n for n in counts)])  # fmt: skip
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", README.format(day=today.isoformat()))
        archive.writestr("events.csv", BOM + events.getvalue())
        archive.writestr("computed-dates.csv", _computed_csv())
        archive.writestr("participants.csv", participants.content.decode("utf-8"))
        archive.writestr("records.csv", BOM + records.getvalue())
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = (
        f'attachment; filename="treaty-tracker-{today.isoformat()}.zip"'
    )
    return response
