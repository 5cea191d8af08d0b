"""Writes of a treaty's key facts: its names, its references and what the depositary records.

One place decides what a change means. Every key fact is history (the treaty's history, and so
the data version that keys every cached answer, moves with it); a change of a fact the
computation reads (:data:`DERIVATION_INPUTS`) also marks the treaty changed, so its derived
dates are recomputed after commit and the periodic reconcile repairs them should the queue lose
the message. The admin, the importers and the demo call these; none of them writes a treaty.

The rules themselves go through :mod:`events.services.rules` (their source and review move
with them).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from treaties.models import Treaty

from .locking import treaty_lock, write_transaction
from .scheduling import treaty_mark_changed

#: The facts the recomputation reads besides the events and the rules: a change of any of them
#: can move a derived date (``events.services.recompute``).
DERIVATION_INPUTS = frozenset(
    {
        "rules",
        "parent",
        "recorded_entry_into_force",
        "recorded_entry_into_force_article",
        "recorded_entry_into_force_provisional",
        "recorded_not_in_force_on",
        "status_as_at",
    }
)

#: Written by the recomputation only: never through these services.
DERIVED_FIELDS = frozenset(
    {
        "entry_into_force_date",
        "entry_into_force_basis",
        "entry_into_force_explanation",
        "data_changed_at",
        "derived_at",
        "derived_error",
        "latest_act_on",
    }
)

__all__ = ["DERIVATION_INPUTS", "treaty_create", "treaty_update"]


def _check_fields(values: Mapping[str, Any]) -> None:
    derived = sorted(DERIVED_FIELDS & set(values))
    if derived:
        raise ValueError(f"derived fields are written by the recomputation only: {derived}")


@write_transaction
def treaty_create(*, treaty: Treaty, author: Any = None) -> Treaty:
    """Save a new treaty (validated first: nothing is written if a fact is wrong) and queue its
    first computation. ``treaty`` is an unsaved instance holding its key facts."""
    if treaty.pk is not None:
        raise ValueError("treaty_create saves a new treaty; use treaty_update for a stored one")
    if author is not None:
        treaty._history_user = author  # read by simple_history
    treaty.full_clean()
    treaty.save()
    treaty_mark_changed(treaty_id=treaty.pk)
    return treaty


@write_transaction
def treaty_update(*, treaty: Treaty, values: Mapping[str, Any], author: Any = None) -> list[str]:
    """Set the key facts in ``values`` that differ from the stored ones; return their names.

    Validated before anything is written (a ``ValidationError`` leaves the treaty as it was).
    Only the changed fields are saved: the derived ones, which a recomputation may have written
    since ``treaty`` was read, are never written back. A changed input of the computation marks
    the treaty changed. ``treaty`` is given the new values too.
    """
    _check_fields(values)
    # Compared first without the lock: an update that changes nothing takes none (a re-import
    # holds no lock of a treaty it leaves as it is, issue 27).
    current = Treaty.objects.filter(pk=treaty.pk).first()
    if current is not None and all(getattr(current, k) == v for k, v in values.items()):
        return []
    stored = treaty_lock(treaty.pk)
    changed = sorted(name for name, value in values.items() if getattr(stored, name) != value)
    if not changed:
        return []
    for name in changed:
        setattr(stored, name, values[name])
    if author is not None:
        stored._history_user = author  # type: ignore[attr-defined]  # read by simple_history
    stored.full_clean()
    stored.save(update_fields=[name.removesuffix("_id") for name in changed])
    if DERIVATION_INPUTS & {name.removesuffix("_id") for name in changed}:
        treaty_mark_changed(treaty_id=stored.pk)
    for name in changed:
        setattr(treaty, name, values[name])
    return changed
