"""Writes of a treaty's rules.

They live with the events because a change of rules moves every derived date of the treaty,
exactly as a change of its events does: the same staleness flag and the same recomputation.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from treaties.models import Treaty

from ..exceptions import EventRejected
from .locking import treaty_lock, write_transaction
from .scheduling import treaty_mark_changed

#: Written by the recomputation only; a save of the rules keeps what is stored.
DERIVED_FIELDS = (
    "entry_into_force_date",
    "entry_into_force_explanation",
    "data_changed_at",
    "derived_at",
    "derived_error",
)


@write_transaction
def treaty_rules_update(*, treaty: Treaty, rules: dict[str, Any]) -> Treaty:
    """Replace a treaty's rules (validated by the engine) and recompute its dates.

    The caller's instance may carry other edits of the treaty's key facts, saved with it; its
    derived fields are taken from the locked row, so a recomputation that finished since the
    caller read the treaty is not undone.
    """
    if treaty.pk is not None:
        locked = treaty_lock(treaty.pk)
        for name in DERIVED_FIELDS:
            setattr(treaty, name, getattr(locked, name))
    treaty.rules = rules
    try:
        treaty.full_clean()
    except ValidationError as exc:
        raise EventRejected(exc.message_dict) from exc
    treaty.save()
    treaty_mark_changed(treaty_id=treaty.pk)
    return treaty
