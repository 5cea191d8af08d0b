"""Reads about one treaty over time: status changes, the party count, sources, comparisons."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q

from states.models import State
from states.names import sort_key
from treaties.models import Treaty

from ..models import Event, Membership, Status, StatusPeriod


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
        .changes()
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


def treaty_event_sources(*, treaty_id: int) -> list[str]:
    """The distinct source URLs of a treaty's events, sorted (one query)."""
    return list(
        Event.objects.filter(treaty_id=treaty_id)
        .order_by("source_url")
        .values_list("source_url", flat=True)
        .distinct()
    )


@dataclass(frozen=True)
class Comparison:
    only_a: list[State]
    only_b: list[State]
    both: list[State]
    #: Sovereign states existing on the date bound by neither treaty.
    neither: list[State]
    #: States with a recorded consent to either treaty whose date of effect is not computed:
    #: whether they are bound on the date is unknown, so they are in none of the lists above.
    not_computed: list[State] = field(default_factory=list)


def compare_parties(*, a: Treaty, b: Treaty, on: date) -> Comparison:
    """States bound by one treaty and not the other, by both and by neither on ``on`` (three
    queries); states whose consent has no computed date of effect in ``not_computed``.

    "Bound" means a membership interval contains the date; a state whose withdrawal is
    pending is still bound.
    """
    bound: dict[int, set[int]] = {a.pk: set(), b.pk: set()}
    states: dict[int, State] = {}
    for membership in (
        Membership.objects.filter(treaty_id__in=[a.pk, b.pk]).on(on).select_related("state")
    ):
        bound[membership.treaty_id].add(membership.state_id)
        states[membership.state_id] = membership.state
    unknown: set[int] = set()
    for period in (
        StatusPeriod.objects.filter(treaty_id__in=[a.pk, b.pk], status=Status.CONSENTED_UNKNOWN)
        .on(on)
        .select_related("state")
    ):
        unknown.add(period.state_id)
        states[period.state_id] = period.state

    def listed(ids: set[int]) -> list[State]:
        return sorted((states[i] for i in ids - unknown), key=lambda s: sort_key(s.short_name))

    existing = (
        State.objects.filter(kind=State.Kind.STATE)
        .filter(Q(exists_from__isnull=True) | Q(exists_from__lte=on))
        .filter(Q(exists_until__isnull=True) | Q(exists_until__gte=on))
        # A state whose consent has no computed date of effect is not "bound by neither":
        # that is unknown, and it is listed apart.
        .exclude(pk__in=bound[a.pk] | bound[b.pk] | unknown)
        .only("code", "short_name")
    )
    return Comparison(
        only_a=listed(bound[a.pk] - bound[b.pk]),
        only_b=listed(bound[b.pk] - bound[a.pk]),
        both=listed(bound[a.pk] & bound[b.pk]),
        neither=sorted(existing, key=lambda s: sort_key(s.short_name)),
        not_computed=sorted((states[i] for i in unknown), key=lambda s: sort_key(s.short_name)),
    )


def status_change_dates(*, treaty: Treaty) -> list[date]:
    """Every date on which some state's status towards the treaty changed, in order (one
    query): the starts of the stored status periods and the ends no other period starts on."""
    days: set[date] = set()
    for start, end in StatusPeriod.objects.filter(treaty=treaty).values_list(
        "valid_from", "valid_until"
    ):
        days.add(start)
        if end is not None:
            days.add(end)
    return sorted(days)
