"""The statuses a state can have towards a treaty on a date, and the words people read for them.

One vocabulary for the engine, the database (``events.models.Status``), the API and the pages.
``NOT_JOINED`` is never stored: it is what a state has on a date no status period covers.
``NOT_RECORDED`` is never stored either: it is what a state has towards a treaty whose
depositary's record does not say who joined (no participants table; parties in the League of
Nations' list, which is not imported) — "not joined" there would deny what may be a fact.
``CONSENTED_UNKNOWN`` is what a recorded consent gives when its date of effect cannot be
computed (the treaty's rules are not recorded): never "not joined", never "not yet in force".
``NOT_ADOPTED`` is never stored: a treaty not yet adopted on the date, which no state could
have joined.
"""

from __future__ import annotations

from typing import Final

__all__ = [
    "CONSENTED",
    "CONSENTED_UNKNOWN",
    "LABELS",
    "NOT_ADOPTED",
    "NOT_IN_TABLE",
    "NOT_JOINED",
    "NOT_RECORDED",
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
#: The record does not say whether the state joined (see above): an answer about the record,
#: not a position, so it is in no legend, count or filter (not in ``ORDER``).
NOT_RECORDED: Final = "not_recorded"
#: The treaty was not yet adopted on the date: nothing to join (no position either).
NOT_ADOPTED: Final = "not_adopted"

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
    NOT_RECORDED: "Not recorded (no participants on record)",
    NOT_ADOPTED: "Not yet adopted",
}
#: The statuses a state can have on a date, in the display order of legends, counts and
#: filters.
ORDER: Final = tuple(s for s in LABELS if s not in (NOT_RECORDED, NOT_ADOPTED))
#: ``NOT_RECORDED`` for a treaty whose table is there but whose parties before 1946 are in the
#: League of Nations' list (not imported): a state without a row may be bound by one of them.
NOT_IN_TABLE: Final = "Not in the UN's participants table"


def status_label(status: str) -> str:
    """The label people read for a status value."""
    return LABELS.get(status, status.replace("_", " ").capitalize())
