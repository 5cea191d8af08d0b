"""Who stood where on a date: a treaty's participants, a state's positions, counts.

Each selector runs a small, fixed number of queries whatever the size of the treaty: status on
a date comes from the stored ``StatusPeriod`` rows (one indexed range query), never from
replaying events per request. Rows are built from ``values_list`` reads of the columns shown,
not from model instances: on the largest treaty that is a third of the cost of a request on a
date nobody asked for before.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, IntegerField, Q, Value

from rules import NOT_JOINED
from states.models import State
from treaties.models import Treaty

from ..models import (
    CONSENT_KINDS,
    Event,
    EventKind,
    Membership,
    Status,
    StatusPeriod,
    steps_text,
)

_KIND_LABELS: dict[str, str] = dict(EventKind.choices)
Day = date  # EventFacts has a field named "date"


@dataclass(frozen=True, slots=True)
class StateRef:
    """The state of a row: what the rows show of it."""

    pk: int
    code: str
    short_name: str
    numeric: str


@dataclass(frozen=True, slots=True)
class TreatyRef:
    """The treaty of a row: what the rows show of it."""

    pk: int
    slug: str
    short_name: str
    #: The treaty's record date (``Treaty.status_as_at``): nothing after it is known.
    status_as_at: date | None = None
    latest_act_on: date | None = None


@dataclass(frozen=True, slots=True)
class EventFacts:
    """One event of a row: its facts and what the engine derived, as the rows show them."""

    pk: int
    kind: str
    date: Day
    effective_date: Day | None
    effective_date_basis: str
    explanation: list[dict[str, Any]]
    condition: str
    disagrees_with_depositary: bool
    superseded: bool
    published_effective_date: Day | None
    note: str
    source_url: str
    notification_ref: str
    bracketed: bool

    def get_kind_display(self) -> str:
        # Named as on the model, so that templates and presenters read both alike.
        return _KIND_LABELS.get(self.kind, self.kind)

    @property
    def explanation_text(self) -> str:
        return steps_text(self.explanation)


#: The columns of an ``EventFacts``, in its field order.
_EVENT_COLUMNS = (
    "pk",
    "kind",
    "date",
    "effective_date",
    "effective_date_basis",
    "explanation",
    "condition",
    "disagrees_with_depositary",
    "superseded",
    "published_effective_date",
    "note",
    "source_url",
    "notification_ref",
    "bracketed",
)
_STATE_COLUMNS = ("state_id", "state__code", "state__short_name", "state__numeric")
_TREATY_COLUMNS = (
    "treaty_id",
    "treaty__slug",
    "treaty__short_name",
    "treaty__status_as_at",
    "treaty__latest_act_on",
)


@dataclass
class ParticipantRow:
    """One state's position towards one treaty on one date, with the facts behind it.

    The one shape of a participant: the treaty page and the API list a treaty's rows, the state
    page and the API a state's rows.
    """

    treaty: TreatyRef
    state: StateRef
    status: str  # a Status value, or NOT_JOINED before its first event took effect
    #: The stored status period holding the date: since when the status holds, and until
    #: when (exclusive; None while nothing recorded ends it). None for "not joined".
    since: date | None = None
    until: date | None = None
    signature: EventFacts | None = None
    consent: EventFacts | None = None
    withdrawal: EventFacts | None = None
    intervals: list[tuple[date, date | None]] = field(default_factory=list)
    events: list[EventFacts] = field(default_factory=list)

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
    def bound_by_latest(self) -> date | None:
        """The day the state is bound from, at the latest, when its consent's date of effect is
        not computed although the status periods have it bound (where the readings of inferred
        rules differ, a state is a party from the day every reading has it bound: the latest
        possible, not the day it became one). None when the date of effect is known or the
        state is not bound. The status, the periods and the entry into force all read it, so
        a row says one thing: "not computed; bound by D at the latest"."""
        consent = self.consent
        if consent is None or consent.effective_date is not None:
            return None
        if self.intervals:
            return self.intervals[-1][0]
        if self.status == Status.PARTY:
            return self.since
        return None

    @property
    def withdrawal_notified_on(self) -> date | None:
        return self.withdrawal.date if self.withdrawal else None

    @property
    def withdrawal_effective_on(self) -> date | None:
        return self.withdrawal.effective_date if self.withdrawal else None

    def add(self, event: EventFacts) -> None:
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


def _event(values: tuple[Any, ...]) -> EventFacts:
    return EventFacts(*values)


def participants_on(*, treaty: Treaty, on: date, status: str | None = None) -> list[ParticipantRow]:
    """Every state that had acted on ``treaty`` by ``on``, with its status on that date.

    Facts are those known on ``on`` (events dated on or before it); their effective dates may
    lie after it ("withdrawal pending"). Three queries: events, periods on the date, memberships.
    """
    # The state's columns come with the events (one query, not one per state).
    # A succession can take effect before its deposit (South Sudan, APMBC): such a state has
    # a status on ``on`` although its instrument is dated later, so it is listed too.
    events = (
        Event.objects.filter(treaty=treaty)
        .filter(Q(date__lte=on) | Q(effective_date__lte=on))
        .order_by("state__short_name", "date", "pk")
        .values_list(*_STATE_COLUMNS, *_EVENT_COLUMNS)
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

    treaty_ref = TreatyRef(
        treaty.pk, treaty.slug, treaty.short_name, treaty.status_as_at, treaty.latest_act_on
    )
    rows: dict[int, ParticipantRow] = {}
    for values in events:
        state_id = values[0]
        row = rows.get(state_id)
        if row is None:
            status_, since, until = periods.get(state_id, (NOT_JOINED, None, None))
            row = rows[state_id] = ParticipantRow(
                treaty=treaty_ref,
                state=StateRef(*values[:4]),
                status=status_,
                since=since,
                until=until,
                intervals=intervals.get(state_id, []),
            )
        row.add(_event(values[4:]))
    result = list(rows.values())
    if status:
        result = [r for r in result if r.status == status]
    return result


def state_positions(
    *,
    state: State,
    on: date,
    with_intervals: bool = False,
    day_of: Callable[[TreatyRef], date] | None = None,
) -> list[ParticipantRow]:
    """The state's row on every treaty it had acted on by ``on``, by treaty name.

    Two queries (events, periods on the date); ``with_intervals`` adds the membership
    intervals begun by then (one more query). Events are those known on ``on`` or already in
    effect on it, as in :func:`participants_on`, so that both say the same of the same state.
    ``day_of``: the date each treaty's row is read on, when not ``on`` (a treaty whose record
    is older: ``events.selectors.record.positions_on_record``), in the same queries.
    """
    state_ref = StateRef(state.pk, state.code, state.short_name, state.numeric)
    rows: dict[int, ParticipantRow] = {}
    for values in (
        # The treaty's columns come with the events (one query, not one per treaty).
        Event.objects.filter(state=state)
        .filter(Q(date__lte=on) | Q(effective_date__lte=on))
        .order_by("treaty__short_name", "date", "pk")
        .values_list(*_TREATY_COLUMNS, *_EVENT_COLUMNS)
    ):
        treaty_id = values[0]
        row = rows.get(treaty_id)
        if row is None:
            row = rows[treaty_id] = ParticipantRow(
                treaty=TreatyRef(*values[:5]), state=state_ref, status=NOT_JOINED
            )
        row.add(_event(values[5:]))
    days = {pk: day_of(row.treaty) if day_of else on for pk, row in rows.items()}
    by_day: dict[date, list[int]] = defaultdict(list)
    for pk, day in days.items():
        by_day[day].append(pk)
    if not by_day:
        return []
    which = Q()
    for day, ids in by_day.items():
        which |= (
            Q(treaty_id__in=ids, valid_from__lte=day)
            & (Q(valid_until__isnull=True) | Q(valid_until__gt=day))
        )  # fmt: skip
    for treaty_id, status, since, until in (
        StatusPeriod.objects.filter(state=state)
        .filter(which)
        .values_list("treaty_id", "status", "valid_from", "valid_until")
    ):
        row = rows[treaty_id]
        row.status, row.since, row.until = status, since, until
    if with_intervals:
        for treaty_id, start, end in (
            Membership.objects.filter(state=state, start__lte=on)
            .order_by("start")
            .values_list("treaty_id", "start", "end")
        ):
            if treaty_id in rows and start <= days[treaty_id]:
                rows[treaty_id].intervals.append((start, end))
    return list(rows.values())


def change_points(*, treaty_slug: str | None = None, state_code: str | None = None) -> list[date]:
    """Every date on which what is read above about a treaty (or a state) on a date can
    change, sorted: between two consecutive change points every date has the same answer.

    The reads above select events by their date and effective date, status periods by their
    bounds and memberships by their start and end, and nothing else that depends on the date;
    a change here must follow any change of what they read. The treaties' record dates and
    adoption dates change what is said too (a date past the record is answered with the
    record's; a treaty not yet adopted is not "not joined"): the first day past each record
    and each adoption date are change points, of the treaty's, or of every treaty's for a
    state. One query.
    """
    if treaty_slug is not None and state_code is None:
        scope = {"treaty__slug": treaty_slug}
        treaties = Treaty.objects.filter(slug=treaty_slug)
    elif state_code is not None and treaty_slug is None:
        scope = {"state__code": state_code}
        treaties = Treaty.objects.all()
    else:
        raise ValueError("Give a treaty's slug or a state's code.")
    fact, record, adopted = (Value(n, IntegerField()) for n in (0, 1, 2))
    # order_by(): the models' default orderings are not allowed inside a UNION.
    rows = (
        Event.objects.filter(**scope)
        .order_by()
        .annotate(tag=fact)
        .values_list("date", "effective_date", "tag")
        .union(
            StatusPeriod.objects.filter(**scope)
            .order_by()
            .annotate(tag=fact)
            .values_list("valid_from", "valid_until", "tag"),
            Membership.objects.filter(**scope)
            .order_by()
            .annotate(tag=fact)
            .values_list("start", "end", "tag"),
            treaties.order_by()
            .annotate(tag=record)
            .values_list("status_as_at", "latest_act_on", "tag"),
            treaties.order_by()
            .annotate(tag=adopted)
            .values_list("adopted_on", "adopted_on", "tag"),
        )
    )
    days: set[date] = set()
    for first, second, tag in rows:
        if tag == 1:  # a treaty's record: the first day past it (events.selectors.record)
            if first is not None:
                days.add(max(first, second or first) + timedelta(days=1))
            continue
        days.update(day for day in (first, second) if day is not None)
    return sorted(days)


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
