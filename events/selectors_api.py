"""Reads the API needs beyond :mod:`events.selectors` (same rule: a fixed number of queries)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from django.db.models import Count

from states.models import State

from .models import Event, EventKind, Membership
from .selectors import ParticipantRow, Position, _take_latest


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


def treaty_event_sources(*, treaty_id: int) -> list[str]:
    """The distinct source URLs of a treaty's events, sorted (one query)."""
    return list(
        Event.objects.filter(treaty_id=treaty_id)
        .order_by("source_url")
        .values_list("source_url", flat=True)
        .distinct()
    )


# A state's position carries the same facts as a participant row; reuse its shape and the
# selectors' own "latest signature/consent/withdrawal" rule so pages and API agree.
PositionFacts = ParticipantRow


def state_position_facts(
    *, state: State, on: date, positions: Iterable[Position]
) -> dict[int, ParticipantRow]:
    """For each position (from ``state_positions``), the latest signature, consent and
    withdrawal known on ``on`` and the membership intervals begun by then (one query)."""
    intervals: dict[int, list[tuple[date, date | None]]] = defaultdict(list)
    for treaty_id, start, end in (
        Membership.objects.filter(state=state, start__lte=on)
        .order_by("start")
        .values_list("treaty_id", "start", "end")
    ):
        intervals[treaty_id].append((start, end))
    facts: dict[int, ParticipantRow] = {}
    for position in positions:
        row = ParticipantRow(
            state=state,
            status=position.status,
            intervals=intervals.get(position.treaty.pk, []),
            events=position.events,
        )
        for event in position.events:
            _take_latest(row, event)
        facts[position.treaty.pk] = row
    return facts
