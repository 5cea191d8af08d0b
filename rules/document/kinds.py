"""The kinds of event the engine knows: the consents (and which a threshold can count), and
every kind it carries."""

from __future__ import annotations

from typing import Final

__all__ = ["ALL_KINDS", "CONSENT_KINDS", "CONSENT_OF_UNKNOWN_KIND", "COUNTABLE_KINDS"]

#: A consent the depositary records under a code the importer does not know: the state has
#: consented, but not how, so its date of effect is never computed.
CONSENT_OF_UNKNOWN_KIND: Final = "consent_of_unknown_kind"

#: Instruments by which a state consents to be bound (VCLT arts. 11-16, plus succession).
CONSENT_KINDS: Final[frozenset[str]] = frozenset(
    {
        "ratification",
        "acceptance",
        "approval",
        "accession",
        "succession",
        "definitive_signature",
        CONSENT_OF_UNKNOWN_KIND,
    }
)

#: The kinds a threshold can count: a consent of unknown kind cannot be said to be one of them.
COUNTABLE_KINDS: Final = CONSENT_KINDS - {CONSENT_OF_UNKNOWN_KIND}

#: Every event kind the engine understands; kinds outside the consent/withdrawal family
#: (reservations, declarations...) are facts the engine carries but does not date.
ALL_KINDS: Final[frozenset[str]] = CONSENT_KINDS | frozenset(
    {
        "signature",
        "provisional_application",
        "withdrawal",
        "withdrawal_rescinded",
        "consent_revoked",
        "reservation",
        "declaration",
        "objection",
        "territorial_application",
    }
)
