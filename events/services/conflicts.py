"""Writes of armed conflicts.

A conflict postpones a withdrawal under the CCM's, the APMBC's and the TPNW's clauses, so
recording, correcting or ending one changes derived dates just as an event does: every treaty
the state acted on is marked changed and recomputed after commit.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from states.models import State

from ..models import ArmedConflict, Event
from .scheduling import treaties_mark_changed

#: The facts of a conflict, as people enter them.
CONFLICT_FIELDS = ("state", "started_on", "ended_on", "description", "source_url")


def _mark_state_treaties_changed(state_ids: Iterable[int]) -> None:
    """Mark every treaty the states acted on as changed (recomputed after commit)."""
    treaties_mark_changed(
        treaty_ids=Event.objects.filter(state_id__in=set(state_ids)).values_list(
            "treaty_id", flat=True
        )
    )


@transaction.atomic
def armed_conflict_record(
    *,
    state: State,
    started_on: date,
    description: str,
    source_url: str,
    ended_on: date | None = None,
) -> ArmedConflict:
    """Record an armed conflict of ``state``; every treaty it acted on is recomputed after
    commit, so a withdrawal it postpones shows as pending. ``ValidationError`` if invalid."""
    conflict = ArmedConflict(
        state=state,
        started_on=started_on,
        ended_on=ended_on,
        description=description,
        source_url=source_url,
    )
    conflict.full_clean()
    conflict.save()
    _mark_state_treaties_changed([conflict.state_id])
    return conflict


@transaction.atomic
def armed_conflict_update(*, conflict: ArmedConflict, **changes: Any) -> ArmedConflict:
    """Correct a recorded conflict (typically: record the day it ended)."""
    unknown = set(changes) - set(CONFLICT_FIELDS)
    if unknown:
        raise ValidationError(f"Unknown field(s): {', '.join(sorted(unknown))}")
    old_state_id = (
        ArmedConflict.objects.filter(pk=conflict.pk).values_list("state_id", flat=True).first()
    )
    for name, value in changes.items():
        setattr(conflict, name, value)
    conflict.full_clean()
    conflict.save()
    _mark_state_treaties_changed(
        {conflict.state_id} | ({old_state_id} if old_state_id is not None else set())
    )
    return conflict


@transaction.atomic
def armed_conflict_delete(*, conflict: ArmedConflict) -> None:
    """Delete a conflict recorded in error; the withdrawals it postponed are recomputed."""
    state_id = conflict.state_id
    conflict.delete()
    _mark_state_treaties_changed([state_id])
