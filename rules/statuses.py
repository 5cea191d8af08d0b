"""The statuses a state can have towards a treaty on a date, and the words people read for them.

One vocabulary for the engine, the database (``events.models.Status``), the API and the pages.
``NOT_JOINED`` is never stored: it is what a state has on a date no status period covers.
``CONSENTED_UNKNOWN`` is what a recorded consent gives when its date of effect cannot be
computed (the treaty's rules are not recorded): never "not joined", never "not yet in force".
"""

from __future__ import annotations

from typing import Final

__all__ = [
    "CONSENTED",
    "CONSENTED_UNKNOWN",
    "LABELS",
    "NOT_JOINED",
    "ORDER",
    "PARTY",
    "SIGNATORY",
    "STATUSES",
    "WITHDRAWAL_PENDING",
    "WITHDRAWN",
    "status_label",
]

SIGNATORY: Final = "signatory"
CONSENTED: Final = "consented"
#: A consent is recorded but its date of effect is not computed (no rules, or a deposit whose
#: place relative to the threshold is not recorded): the state may or may not be bound yet.
CONSENTED_UNKNOWN: Final = "consented_unknown"
PARTY: Final = "party"
WITHDRAWAL_PENDING: Final = "withdrawal_pending"
WITHDRAWN: Final = "withdrawn"
#: A state with no status period on the date: none of its acts had taken effect.
NOT_JOINED: Final = "not_joined"

#: The statuses the engine derives (and the database stores), in the engine's order.
STATUSES: Final = (SIGNATORY, CONSENTED, CONSENTED_UNKNOWN, PARTY, WITHDRAWAL_PENDING, WITHDRAWN)

#: What people read; the order is the display order of legends, counts and filters.
LABELS: Final[dict[str, str]] = {
    PARTY: "Party",
    SIGNATORY: "Signatory",
    CONSENTED: "Consented (not yet in force)",
    CONSENTED_UNKNOWN: "Consented (date of effect not computed)",
    WITHDRAWAL_PENDING: "Withdrawal pending",
    WITHDRAWN: "Withdrawn",
    NOT_JOINED: "Not joined",
}
ORDER: Final = tuple(LABELS)


def status_label(status: str) -> str:
    """The label people read for a status value."""
    return LABELS.get(status, status.replace("_", " ").capitalize())
