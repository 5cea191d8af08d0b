"""Treaty Tracker's rule engine: pure Python, standard library only (no Django).

Parse a treaty's rules (``Rules.from_dict``), compute dates, memberships and statuses from its
events (``compute``), or from the facts alone when the rules are not recorded
(``compute_from_records``), check an event list for editorial mistakes (``validate``), say the
rules in words (``rules_in_words``). The statuses and their labels are in ``statuses``, what a
date rests on in ``basis``; the rules of the treaties in the shared specification in
``catalogue.CATALOGUE``.
"""

from rules.catalogue import CATALOGUE, catalogue_rules
from rules.document.vocabulary import (
    ALL_KINDS,
    CONSENT_KINDS,
    CONSENT_OF_UNKNOWN_KIND,
    EntryIntoForce,
    LaterStates,
    MinimumMembership,
    PeriodStep,
    Rules,
    Threshold,
    Withdrawal,
)
from rules.document.words import rules_in_words
from rules.engine.compute import (
    Computation,
    Conflict,
    Effect,
    EventId,
    EventIn,
    Interval,
    ParentDates,
    StatusPeriod,
    Step,
    compute,
    explain,
    status_on,
)
from rules.engine.validation import Lifespan, Violation, existence_violations, validate
from rules.engine.without_rules import compute_from_records
from rules.errors import RuleProblem, RulesError
from rules.statuses import (
    CONSENTED,
    CONSENTED_UNKNOWN,
    LABELS,
    NOT_ADOPTED,
    NOT_IN_TABLE,
    NOT_JOINED,
    NOT_RECORDED,
    ORDER,
    PARTY,
    SIGNATORY,
    STATUSES,
    WITHDRAWAL_PENDING,
    WITHDRAWN,
    status_label,
)

__all__ = [
    "ALL_KINDS",
    "CATALOGUE",
    "CONSENTED",
    "CONSENTED_UNKNOWN",
    "CONSENT_KINDS",
    "CONSENT_OF_UNKNOWN_KIND",
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
    "Computation",
    "Conflict",
    "Effect",
    "EntryIntoForce",
    "EventId",
    "EventIn",
    "Interval",
    "LaterStates",
    "Lifespan",
    "MinimumMembership",
    "ParentDates",
    "PeriodStep",
    "RuleProblem",
    "Rules",
    "RulesError",
    "StatusPeriod",
    "Step",
    "Threshold",
    "Violation",
    "Withdrawal",
    "catalogue_rules",
    "compute",
    "compute_from_records",
    "existence_violations",
    "explain",
    "rules_in_words",
    "status_label",
    "status_on",
    "validate",
]
