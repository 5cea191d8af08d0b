"""Writes of a treaty's rules.

They live with the events because a change of rules moves every derived date of the treaty,
exactly as a change of its events does: the same staleness flag and the same recomputation.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from treaties.models import Treaty

from ..exceptions import EventRejected
from .scheduling import treaty_mark_changed


@transaction.atomic
def treaty_rules_update(*, treaty: Treaty, rules: dict[str, Any]) -> Treaty:
    """Replace a treaty's rules (validated by the engine) and recompute its dates."""
    treaty.rules = rules
    try:
        treaty.full_clean()
    except ValidationError as exc:
        raise EventRejected(exc.message_dict) from exc
    treaty.save()
    treaty_mark_changed(treaty_id=treaty.pk)
    return treaty
