"""A treaty's whole history of statuses, state by state: what the treaty page's slider plays
without asking the server again (``web.presenters.timeline``).

Two queries whatever the size of the treaty: the stored status periods (with their states)
and the events' dates. Each period says what its start rests on (its *basis*): the date of
effect the engine derived from an event (``computed``, ``inferred``, ``recorded``), the
date of an act as the depositary records it (``recorded``), or neither (``unknown``: where
the readings of inferred rules differ, a state is bound from the day every reading has it
bound, the latest possible — ``ParticipantRow.bound_by_latest``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from rules.basis import RECORDED, UNKNOWN
from treaties.models import Treaty

from ..models import Event, StatusPeriod


@dataclass(frozen=True, slots=True)
class Period:
    """One stored status period: ``until`` exclusive, None while nothing recorded ends it."""

    status: str
    since: date
    until: date | None
    basis: str


@dataclass(slots=True)
class StateTimeline:
    """One state's acts towards a treaty over time. ``acted``: the first day one of its
    events is dated or takes effect (from then on the treaty page lists it, as
    ``participants_on`` does); None for a state with periods but no event (none in
    practice)."""

    code: str
    short_name: str
    numeric: str
    acted: date | None = None
    periods: list[Period] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Timeline:
    """Every state that acted on a treaty, and the dates of its events (sorted, distinct)."""

    states: list[StateTimeline]
    event_dates: list[date]


def status_timeline(*, treaty: Treaty) -> Timeline:
    """Every state that acted on ``treaty``, with all its status periods in order (two
    queries)."""
    event_dates: set[date] = set()
    acts: dict[int, list[tuple[date, date | None, str]]] = defaultdict(list)
    states: dict[int, StateTimeline] = {}
    for state_id, code, name, numeric, day, effective, basis, superseded in (
        Event.objects.filter(treaty=treaty)
        .order_by("state__short_name", "date", "pk")
        .values_list(
            "state_id",
            "state__code",
            "state__short_name",
            "state__numeric",
            "date",
            "effective_date",
            "effective_date_basis",
            "superseded",
        )
    ):
        timeline = states.get(state_id)
        if timeline is None:
            timeline = states[state_id] = StateTimeline(code, name, numeric or "")
        event_dates.add(day)
        first = min(day, effective) if effective else day
        timeline.acted = first if timeline.acted is None else min(timeline.acted, first)
        if not superseded:
            acts[state_id].append((day, effective, basis or UNKNOWN))
    for state_id, code, name, numeric, status, since, until in (
        StatusPeriod.objects.filter(treaty=treaty)
        .order_by("state__short_name", "valid_from")
        .values_list(
            "state_id",
            "state__code",
            "state__short_name",
            "state__numeric",
            "status",
            "valid_from",
            "valid_until",
        )
    ):
        timeline = states.get(state_id)
        if timeline is None:
            timeline = states[state_id] = StateTimeline(code, name, numeric or "")
        timeline.periods.append(Period(status, since, until, period_basis(since, acts[state_id])))
    return Timeline(list(states.values()), sorted(event_dates))


def period_basis(since: date, acts: list[tuple[date, date | None, str]]) -> str:
    """What the start of a period rests on: an event's date of effect on that day (its
    basis), else an act dated that day (the depositary's record), else nothing known.
    ``acts``: the state's events that are not superseded, as (date, date of effect, basis)."""
    for _day, effective, basis in acts:
        if effective == since:
            return basis
    if any(day == since for day, _effective, _basis in acts):
        return RECORDED
    return UNKNOWN
