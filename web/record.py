"""What the pages say of a treaty's record: its gaps (no participants table, the League of
Nations' instruments not imported) on the map and in its legend.

One path for both gaps (``Treaty.participants_incomplete``); the wording differs only in
why a country has no row.
"""

from __future__ import annotations

from django.utils.html import format_html

from events.selectors.record import RecordDay, record_sentence
from rules import NOT_JOINED, ORDER, status_label
from rules.dates import format_date
from treaties.models import Treaty

#: The map's status of a country for a treaty whose record has no participants table.
NO_DATA = "no_data"
NO_TABLE_LABEL = "No data: the depositary's record has no participants table"
NOT_IN_TABLE_LABEL = (
    "Not in the UN's participants table (the League of Nations' list is not imported)"
)


def legend_choices(treaty: Treaty) -> list[tuple[str, str]]:
    """The map legend's (status, label) pairs: without a participants table, one "no data"
    entry; with the League's instruments not imported, a country without a row is "not in
    the table", never "not joined"."""
    if not treaty.has_participant_data:
        return [(NO_DATA, NO_TABLE_LABEL)]
    return [
        (
            s,
            NOT_IN_TABLE_LABEL
            if s == NOT_JOINED and treaty.league_instruments
            else status_label(s),
        )
        for s in ORDER
    ]


def past_record_holes(treaty: Treaty | None, record: RecordDay | None) -> dict[str, str]:
    """The treaty page's holes for a date past the record: the note naming the date asked for
    (which differs between the dates a stored page serves) and the heading's tag; empty for a
    date the record covers."""
    if treaty is None or record is None or not record.past_record:
        return {"past_note": "", "past_tag": ""}
    note = format_html(
        '<p class="note-box" id="past-record">You asked for {}. Shown is the status on {}, the '
        "date of the record. {}</p>",
        format_date(record.asked),
        format_date(record.day),
        record_sentence(treaty),
    )
    return {"past_note": note, "past_tag": ' <span class="tag">the record\'s date</span>'}
