"""Reads shared by the pages, the API, the feeds and the admin.

Each selector runs a small, fixed number of queries whatever the size of the treaty: status on
a date comes from the stored ``StatusPeriod`` rows (one indexed range query), never from
replaying events per request.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Q

from states.models import State
from treaties.models import Treaty

from .models import CONSENT_KINDS, Event, EventKind, Membership, Status, StatusPeriod

NOT_JOINED = "not_joined"  # a state with no status period on the date


@dataclass
class ParticipantRow:
    """One state's position towards one treaty on one date, with the facts behind it."""

    state: State
    status: str  # a Status value, or NOT_JOINED before its first event took effect
    signature: Event | None = None
    consent: Event | None = None
    withdrawal: Event | None = None
    intervals: list[tuple[date, date | None]] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)

    @property
    def signature_date(self) -> date | None:
        return self.signature.date if self.signature else None

    @property
    def consent_kind(self) -> str | None:
        return self.consent.kind if self.consent else None

    @property
    def consent_date(self) -> date | None:
        return self.consent.date if self.consent else None

    @property
    def entry_into_force_date(self) -> date | None:
        return self.consent.effective_date if self.consent else None

    @property
    def withdrawal_notified_on(self) -> date | None:
        return self.withdrawal.date if self.withdrawal else None

    @property
    def withdrawal_effective_on(self) -> date | None:
        return self.withdrawal.effective_date if self.withdrawal else None


def participants_on(*, treaty: Treaty, on: date, status: str | None = None) -> list[ParticipantRow]:
    """Every state that had acted on ``treaty`` by ``on``, with its status on that date.

    Facts are those known on ``on`` (events dated on or before it); their effective dates may
    lie after it ("withdrawal pending"). Three queries: events, periods on the date, memberships.
    """
    # select_related: every row shows the state's name and code (N+1 on states otherwise).
    # A succession can take effect before its deposit (South Sudan, APMBC): such a state has
    # a status on ``on`` although its instrument is dated later, so it is listed too.
    events = list(
        Event.objects.filter(treaty=treaty)
        .filter(Q(date__lte=on) | Q(effective_date__lte=on))
        .select_related("state")
        .order_by("state__short_name", "date", "pk")
    )
    statuses = dict(
        StatusPeriod.objects.filter(treaty=treaty).on(on).values_list("state_id", "status")
    )
    intervals: dict[int, list[tuple[date, date | None]]] = defaultdict(list)
    for state_id, start, end in (
        Membership.objects.filter(treaty=treaty, start__lte=on)
        .order_by("start")
        .values_list("state_id", "start", "end")
    ):
        intervals[state_id].append((start, end))

    rows: dict[int, ParticipantRow] = {}
    for event in events:
        row = rows.get(event.state_id)
        if row is None:
            row = rows[event.state_id] = ParticipantRow(
                state=event.state,
                status=statuses.get(event.state_id, NOT_JOINED),
                intervals=intervals.get(event.state_id, []),
            )
        row.events.append(event)
        _take_latest(row, event)
    result = list(rows.values())
    if status:
        result = [r for r in result if r.status == status]
    return result


def _take_latest(row: ParticipantRow, event: Event) -> None:
    """Keep the latest signature, consent and withdrawal (events arrive in date order)."""
    if event.superseded:
        return
    if event.kind == EventKind.SIGNATURE:
        row.signature = event
    elif event.kind in CONSENT_KINDS:
        row.consent = event
        row.withdrawal = None  # a re-accession starts a new membership
    elif event.kind == EventKind.WITHDRAWAL:
        row.withdrawal = event
    elif event.kind == EventKind.CONSENT_REVOKED:
        row.consent = None


def status_counts(*, treaty_ids: Iterable[int], on: date) -> dict[int, dict[str, int]]:
    """Number of states in each status on ``on``, per treaty — one grouped query."""
    counts: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(Status.values, 0))
    for row in (
        StatusPeriod.objects.filter(treaty_id__in=list(treaty_ids))
        .on(on)
        .values("treaty_id", "status")
        .annotate(n=Count("id"))
    ):
        counts[row["treaty_id"]][row["status"]] = row["n"]
    return counts


@dataclass(frozen=True)
class Change:
    """A state's status changed on ``on`` (a derived period began)."""

    state: State
    status: str
    on: date


def changes_between(*, treaty: Treaty, start: date, end: date) -> list[Change]:
    """Status changes that took effect after ``start`` and up to ``end`` (one query)."""
    periods = (
        StatusPeriod.objects.filter(treaty=treaty, valid_from__gt=start, valid_from__lte=end)
        .select_related("state")
        .order_by("valid_from", "state__short_name")
    )
    return [Change(state=p.state, status=p.status, on=p.valid_from) for p in periods]


def party_timeline(*, treaty: Treaty) -> list[tuple[date, int]]:
    """The number of parties over time as a step series: (date, parties from that date)."""
    deltas: dict[date, int] = defaultdict(int)
    for start, end in Membership.objects.filter(treaty=treaty).values_list("start", "end"):
        deltas[start] += 1
        if end is not None:
            deltas[end] -= 1
    series: list[tuple[date, int]] = []
    total = 0
    for day in sorted(deltas):
        total += deltas[day]
        series.append((day, total))
    return series


@dataclass
class Position:
    """A state's position on one treaty on one date."""

    treaty: Treaty
    status: str
    events: list[Event] = field(default_factory=list)
    #: The stored status period holding the date: since when the status holds, and until
    #: when (exclusive; None while nothing recorded ends it). None for "not joined".
    since: date | None = None
    until: date | None = None


def state_positions(*, state: State, on: date) -> list[Position]:
    """The state's status on every treaty it acted on by ``on`` (two queries)."""
    periods = {
        treaty_id: (status, since, until)
        for treaty_id, status, since, until in StatusPeriod.objects.filter(state=state)
        .on(on)
        .values_list("treaty_id", "status", "valid_from", "valid_until")
    }
    positions: dict[int, Position] = {}
    for event in (
        Event.objects.filter(state=state, date__lte=on)
        .select_related("treaty")
        .order_by("treaty__short_name", "date", "pk")
    ):
        pos = positions.get(event.treaty_id)
        if pos is None:
            status, since, until = periods.get(event.treaty_id, (NOT_JOINED, None, None))
            pos = positions[event.treaty_id] = Position(
                treaty=event.treaty, status=status, since=since, until=until
            )
        pos.events.append(event)
    return list(positions.values())


def upcoming_effects(*, after: date, limit: int = 20) -> list[Event]:
    """Events whose computed effect lies after ``after`` (home page, iCalendar feed)."""
    return list(
        Event.objects.filter(effective_date__gt=after, superseded=False)
        .select_related("state", "treaty")
        .order_by("effective_date", "state__short_name")[:limit]
    )


def recent_events(*, limit: int = 20) -> list[Event]:
    """The latest recorded events by date (home page, Atom feed)."""
    return list(Event.objects.select_related("state", "treaty").order_by("-date", "-pk")[:limit])


def explanation_text(steps: list[dict[str, Any]]) -> str:
    """The stored explanation steps as one readable line."""
    return " → ".join(s["text"] for s in steps)
