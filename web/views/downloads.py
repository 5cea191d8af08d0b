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
participants.csv      every treaty's participants on {day}: status, membership periods,
                      dates with their articles, notes and sources (one row per treaty and
                      participant).

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
    rows = [
        view.row
        for treaty in Treaty.objects.order_by("short_name")
        for view in participant_views(participants_on(treaty=treaty, on=today), today)
    ]
    write_participants_csv(participants, rows, today, treaty_column=True)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", README.format(day=today.isoformat()))
        archive.writestr("events.csv", BOM + events.getvalue())
        archive.writestr("computed-dates.csv", _computed_csv())
        archive.writestr("participants.csv", participants.content.decode("utf-8"))
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = (
        f'attachment; filename="treaty-tracker-{today.isoformat()}.zip"'
    )
    return response
