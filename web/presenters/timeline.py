"""The treaty's timeline as one JSON body: what the treaty page's slider plays client-side
(map, counts, chart marker and a compact table), and what the embed view draws.

It says only what the record says: each state's stored status periods with what the start
of each rests on (``basis``: computed, inferred, recorded, unknown); a state without a
period on a date has no status on it ("not joined" where the participants table is whole,
"not in the table" where the League of Nations' instruments are not imported, "no data"
where there is no table), and a status whose date of effect is not computed stays
``consented_unknown``. No date past the treaty's record is offered (``end``).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from events.selectors.record import record_date
from events.selectors.timeline import StateTimeline, status_timeline
from events.selectors.treaties import party_timeline
from rules import NOT_IN_TABLE, NOT_JOINED, ORDER, status_label
from rules.basis import BASES, BASIS_NOTES
from treaties.models import Treaty

from ..record import NO_DATA, NO_TABLE_LABEL
from ..worldmap import zero_padded

#: What each basis badge means, for the legend (one sentence each, said once per page).
BASIS_LEGEND: dict[str, str] = {
    "computed": "computed from the treaty's articles (select “how” for the steps)",
    "inferred": BASIS_NOTES["inferred"],
    "recorded": "the depositary's own date, as it records it",
    "unknown": "not computed: the reason is given with the date",
}


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def absent(treaty: Treaty) -> dict[str, str]:
    """What a country without a row is on any date (the map's status and label)."""
    if not treaty.has_participant_data:
        return {"status": NO_DATA, "label": NO_TABLE_LABEL}
    if treaty.participants_incomplete:
        label = f"{NOT_IN_TABLE} (the League of Nations' list is not imported)"
        return {"status": NOT_JOINED, "label": label}
    return {"status": NOT_JOINED, "label": status_label(NOT_JOINED)}


def _state(timeline: StateTimeline) -> dict[str, Any]:
    return {
        "code": timeline.code,
        "name": timeline.short_name,
        "numeric": zero_padded(timeline.numeric),
        "acted": _iso(timeline.acted),
        "periods": [
            {
                "status": p.status,
                "since": p.since.isoformat(),
                "until": _iso(p.until),
                "basis": p.basis,
            }
            for p in timeline.periods
        ],
    }


def timeline_body(treaty: Treaty, today: date) -> dict[str, Any]:
    """The JSON body (three queries: the events, the periods, the memberships)."""
    timeline = status_timeline(treaty=treaty)
    states = timeline.states
    points: set[date] = set()
    for state in states:
        for period in state.periods:
            points.add(period.since)
            if period.until is not None:
                points.add(period.until)
    as_of = record_date(treaty.status_as_at, treaty.latest_act_on)
    end = min(today, as_of) if as_of else today
    acted = [t.acted for t in states if t.acted]
    first = min([d for d in (treaty.adopted_on, *acted) if d], default=None)
    series = party_timeline(treaty=treaty) if not treaty.participants_incomplete else []
    return {
        "treaty": {
            "slug": treaty.slug,
            "short_name": treaty.short_name,
            "title": treaty.title,
            "adopted_on": _iso(treaty.adopted_on),
            "entry_into_force": _iso(treaty.entry_into_force_date),
            "has_participant_data": treaty.has_participant_data,
            "participants_incomplete": treaty.participants_incomplete,
        },
        "today": today.isoformat(),
        # The slider's range: from the first fact to today, or to the record's date.
        "start": _iso(first),
        "end": end.isoformat(),
        "record_as_of": _iso(as_of),
        "change_points": [d.isoformat() for d in sorted(points) if d <= end],
        # The dates of the events (the page's "latest event recorded up to" the date).
        "event_dates": [d.isoformat() for d in timeline.event_dates],
        "statuses": {s: status_label(s) for s in ORDER},
        "bases": {b: BASIS_LEGEND.get(b, b) for b in BASES},
        "absent": absent(treaty),
        # The number of states bound (parties and pending withdrawals) from each date: the
        # chart's series; empty where whole counts are unknown.
        "bound_series": [[d.isoformat(), n] for d, n in series],
        "states": [_state(t) for t in states],
    }
