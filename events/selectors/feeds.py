"""What is new and what is coming: recent events, effective changes, upcoming effects."""

from __future__ import annotations

from datetime import date

from treaties.models import Treaty

from ..models import Event, StatusPeriod


def recent_events(*, treaty: Treaty | None = None, limit: int = 20) -> list[Event]:
    """The latest recorded events by date, of one treaty or all (one query)."""
    events = Event.objects.all() if treaty is None else Event.objects.filter(treaty=treaty)
    # Items name the state and the treaty: without both, one query per item.
    return list(events.select_related("state", "treaty").order_by("-date", "-pk")[:limit])


def upcoming_effects(*, after: date, treaty: Treaty | None = None, limit: int = 20) -> list[Event]:
    """Events whose computed effect lies after ``after``, soonest first (one query)."""
    events = Event.objects.filter(effective_date__gt=after, superseded=False)
    if treaty is not None:
        events = events.filter(treaty=treaty)
    return list(
        events.select_related("state", "treaty").order_by("effective_date", "state__short_name")[
            :limit
        ]
    )


def effective_changes(
    *, until: date, treaty: Treaty | None = None, limit: int = 50
) -> list[StatusPeriod]:
    """Status changes that had taken effect by ``until``, latest first (one query)."""
    periods = StatusPeriod.objects.filter(valid_from__lte=until).changes()
    if treaty is not None:
        periods = periods.filter(treaty=treaty)
    return list(
        periods.select_related("state", "treaty").order_by("-valid_from", "state__short_name")[
            :limit
        ]
    )
