"""Writes of armed conflicts.

A conflict postpones a withdrawal under the CCM's, the APMBC's and the TPNW's clauses, so
recording, correcting or ending one changes derived dates just as an event does: every treaty
the state acted on is marked changed and recomputed after commit. Those treaties are locked
first, in id order, like every other write (``locking``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError

from states.models import State

from ..models import ArmedConflict, Event
from .locking import treaties_lock, write_transaction
from .scheduling import treaties_mark_changed

#: The facts of a conflict, as people enter them.
CONFLICT_FIELDS = ("state", "started_on", "ended_on", "description", "source_url")


def _lock_state_treaties(state_ids: Iterable[int | None]) -> list[int]:
    """Lock every treaty the states acted on (before the conflict row is written); return
    their ids, to be marked changed once it is."""
    treaty_ids = Event.objects.filter(
        state_id__in={pk for pk in state_ids if pk is not None}
    ).values_list("treaty_id", flat=True)
    return list(treaties_lock(treaty_ids))


@write_transaction
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
    treaty_ids = _lock_state_treaties([state.pk])
    conflict.full_clean()
    conflict.save()
    treaties_mark_changed(treaty_ids=treaty_ids)
    return conflict


@write_transaction
def armed_conflict_update(*, conflict: ArmedConflict, **changes: Any) -> ArmedConflict:
    """Correct a recorded conflict (typically: record the day it ended)."""
    unknown = set(changes) - set(CONFLICT_FIELDS)
    if unknown:
        raise ValidationError(f"Unknown field(s): {', '.join(sorted(unknown))}")
    old_state_id = (
        ArmedConflict.objects.filter(pk=conflict.pk).values_list("state_id", flat=True).first()
    )
    new_state = changes.get("state")
    new_state_id = new_state.pk if isinstance(new_state, State) else conflict.state_id
    treaty_ids = _lock_state_treaties([old_state_id, new_state_id])
    for name, value in changes.items():
        setattr(conflict, name, value)
    conflict.full_clean()
    conflict.save()
    treaties_mark_changed(treaty_ids=treaty_ids)
    return conflict


@write_transaction
def armed_conflict_delete(*, conflict: ArmedConflict) -> None:
    """Delete a conflict recorded in error; the withdrawals it postponed are recomputed."""
    treaty_ids = _lock_state_treaties([conflict.state_id])
    conflict.delete()
    treaties_mark_changed(treaty_ids=treaty_ids)
