"""Every write of facts that derived dates depend on, and the recomputation of those dates.

* ``treaties`` — a treaty's key facts (what marks it changed is decided there);
* ``events`` — events one at a time (admin, API) and in batches (importers);
* ``conflicts`` — armed conflicts (they postpone withdrawals);
* ``rules`` — a treaty's rules (an editor's, the catalogue's, the review of inferred ones);
* ``derivation`` — rules read from the depositary's words or inferred from its record;
* ``checks`` — the validation all of them share;
* ``locking`` — the one lock order (the treaty's row first) and the retry of a lock not granted;
* ``scheduling`` — the staleness flag and the one recomputation per treaty after commit;
  ``pending`` — one queued recomputation per treaty until it starts;
* ``recompute`` — the recomputation itself; ``changes`` — the daily log of status changes.
"""

from .conflicts import (
    CONFLICT_FIELDS,
    armed_conflict_delete,
    armed_conflict_record,
    armed_conflict_update,
)
from .derivation import Derivation, treaty_rules_derive
from .events import BatchResult, EventRow, event_delete, event_record, event_update, events_apply
from .recompute import RecomputeResult, treaty_recompute
from .rules import (
    catalogue_rules_apply,
    treaty_rules_confirm,
    treaty_rules_reject,
    treaty_rules_update,
)
from .scheduling import schedule_recompute, treaties_mark_changed, treaty_mark_changed
from .treaties import DERIVATION_INPUTS, treaty_create, treaty_update

__all__ = [
    "CONFLICT_FIELDS",
    "DERIVATION_INPUTS",
    "BatchResult",
    "Derivation",
    "EventRow",
    "RecomputeResult",
    "armed_conflict_delete",
    "armed_conflict_record",
    "armed_conflict_update",
    "catalogue_rules_apply",
    "event_delete",
    "event_record",
    "event_update",
    "events_apply",
    "schedule_recompute",
    "treaties_mark_changed",
    "treaty_create",
    "treaty_mark_changed",
    "treaty_recompute",
    "treaty_rules_confirm",
    "treaty_rules_derive",
    "treaty_rules_reject",
    "treaty_rules_update",
    "treaty_update",
]
