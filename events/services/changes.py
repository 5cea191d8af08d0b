"""Recording of status changes as they take effect (for feeds and notifications)."""

from __future__ import annotations

from datetime import date

from ..models import StatusChange, StatusPeriod


def status_changes_record(*, on: date) -> int:
    """Store one ``StatusChange`` per status period starting on ``on``; return how many are new."""
    periods = (
        StatusPeriod.objects.filter(valid_from=on)
        .changes()
        .values_list("treaty_id", "state_id", "status")
    )
    created = 0
    for treaty_id, state_id, status in periods:
        _, was_created = StatusChange.objects.get_or_create(
            treaty_id=treaty_id, state_id=state_id, status=status, effective_on=on
        )
        created += was_created
    return created
