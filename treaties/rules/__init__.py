"""Treaty Tracker's rule engine: pure Python, no Django.

Parse a treaty's rules (``Rules.from_dict``), compute dates, memberships and statuses from its
events (``compute``), check an event list for editorial mistakes (``validate``). The rules of the
demo treaties live in ``catalogue.CATALOGUE``.
"""

from .catalogue import CATALOGUE, catalogue_rules
from .engine import (
    CONSENTED,
    NOT_SIGNATORY,
    PARTY,
    SIGNATORY,
    STATUSES,
    WITHDRAWAL_PENDING,
    WITHDRAWN,
    Computation,
    Conflict,
    Effect,
    EventId,
    EventIn,
    Interval,
    StatusPeriod,
    Step,
    compute,
    explain,
    status_on,
)
from .validation import Violation, validate
from .vocabulary import (
    ALL_KINDS,
    CONSENT_KINDS,
    EntryIntoForce,
    LaterStates,
    MinimumMembership,
    PeriodStep,
    Rules,
    RulesError,
    Threshold,
    Withdrawal,
)

__all__ = [
    "ALL_KINDS",
    "CATALOGUE",
    "CONSENTED",
    "CONSENT_KINDS",
    "NOT_SIGNATORY",
    "PARTY",
    "SIGNATORY",
    "STATUSES",
    "WITHDRAWAL_PENDING",
    "WITHDRAWN",
    "Computation",
    "Conflict",
    "Effect",
    "EntryIntoForce",
    "EventId",
    "EventIn",
    "Interval",
    "LaterStates",
    "MinimumMembership",
    "PeriodStep",
    "Rules",
    "RulesError",
    "StatusPeriod",
    "Step",
    "Threshold",
    "Violation",
    "Withdrawal",
    "catalogue_rules",
    "compute",
    "explain",
    "status_on",
    "validate",
]
