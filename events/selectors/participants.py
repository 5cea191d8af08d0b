"""Who stood where on a date: a treaty's participants, a state's positions, counts.

Each selector runs a small, fixed number of queries whatever the size of the treaty: status on
a date comes from the stored ``StatusPeriod`` rows (one indexed range query), never from
replaying events per request.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q

from rules import NOT_JOINED
from states.models import State
from treaties.models import Treaty

from ..models import CONSENT_KINDS, Event, EventKind, Membership, Status, StatusPeriod


@dataclass
class ParticipantRow:
    """One state's position towards one treaty on one date, with the facts behind it.

    The one shape of a participant: the treaty page and the API list a treaty's rows, the state
    page and the API a state's rows.
    """

    treaty: Treaty
    state: State
    status: str  # a Status value, or NOT_JOINED before its first event took effect
    #: The stored status period holding the date: since when the status holds, and until
    #: when (exclusive; None while nothing recorded ends it). None for "not joined".
    since: date | None = None
    until: date | None = None
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

    def add(self, event: Event) -> None:
        """Take in the next event (events arrive in date order): keep the latest signature,
        consent and withdrawal."""
        self.events.append(event)
        if event.superseded:
            return
        if event.kind == EventKind.SIGNATURE:
            self.signature = event
        elif event.kind in CONSENT_KINDS:
            self.consent = event
            self.withdrawal = None  # a re-accession starts a new membership
        elif event.kind == EventKind.WITHDRAWAL:
            self.withdrawal = event
        elif event.kind == EventKind.CONSENT_REVOKED:
            self.consent = None


def participants_on(*, treaty: Treaty, on: date, status: str | None = None) -> list[ParticipantRow]:
    """Every state that had acted on ``treaty`` by ``on``, with its status on that date.

    Facts are those known on ``on`` (events dated on or before it); their effective dates may
    lie after it ("withdrawal pending"). Three queries: events, periods on the date, memberships.
    """
    # select_related: every row shows the state's name and code (N+1 on states otherwise).
    # A succession can take effect before its deposit (South Sudan, APMBC): such a state has
    # a status on ``on`` although its instrument is dated later, so it is listed too.
    events = (
        Event.objects.filter(treaty=treaty)
        .filter(Q(date__lte=on) | Q(effective_date__lte=on))
        .select_related("state")
        .order_by("state__short_name", "date", "pk")
    )
    periods = {
        state_id: (status, since, until)
        for state_id, status, since, until in StatusPeriod.objects.filter(treaty=treaty)
        .on(on)
        .values_list("state_id", "status", "valid_from", "valid_until")
    }
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
            status_, since, until = periods.get(event.state_id, (NOT_JOINED, None, None))
            row = rows[event.state_id] = ParticipantRow(
                treaty=treaty,
                state=event.state,
                status=status_,
                since=since,
                until=until,
                intervals=intervals.get(event.state_id, []),
            )
        row.add(event)
    result = list(rows.values())
    if status:
        result = [r for r in result if r.status == status]
    return result


def state_positions(
    *, state: State, on: date, with_intervals: bool = False
) -> list[ParticipantRow]:
    """The state's row on every treaty it had acted on by ``on``, by treaty name.

    Two queries (periods on the date, events); ``with_intervals`` adds the membership
    intervals begun by then (one more query).
    """
    periods = {
        treaty_id: (status, since, until)
        for treaty_id, status, since, until in StatusPeriod.objects.filter(state=state)
        .on(on)
        .values_list("treaty_id", "status", "valid_from", "valid_until")
    }
    intervals: dict[int, list[tuple[date, date | None]]] = defaultdict(list)
    if with_intervals:
        for treaty_id, start, end in (
            Membership.objects.filter(state=state, start__lte=on)
            .order_by("start")
            .values_list("treaty_id", "start", "end")
        ):
            intervals[treaty_id].append((start, end))
    rows: dict[int, ParticipantRow] = {}
    for event in (
        # select_related: each row names its treaty (one query per treaty otherwise).
        Event.objects.filter(state=state, date__lte=on)
        .select_related("treaty")
        .order_by("treaty__short_name", "date", "pk")
    ):
        row = rows.get(event.treaty_id)
        if row is None:
            status_, since, until = periods.get(event.treaty_id, (NOT_JOINED, None, None))
            row = rows[event.treaty_id] = ParticipantRow(
                treaty=event.treaty,
                state=state,
                status=status_,
                since=since,
                until=until,
                intervals=intervals.get(event.treaty_id, []),
            )
        row.add(event)
    return list(rows.values())


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


def signatory_counts(*, treaty_ids: Iterable[int], on: date) -> dict[int, int]:
    """Number of states that had signed each treaty by ``on`` (the depositary's
    "signatories", whether or not they later consented) — one grouped query."""
    return dict(
        Event.objects.filter(treaty_id__in=list(treaty_ids), kind=EventKind.SIGNATURE, date__lte=on)
        .order_by()
        .values_list("treaty_id")
        .annotate(n=Count("state_id", distinct=True))
        .values_list("treaty_id", "n")
    )
