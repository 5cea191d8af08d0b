"""What a date or a status rests on: its *basis*, as the API and the pages state it.

Every date the project shows carries one of four bases (``docs/basis.md``):

* ``computed`` — computed by the engine from confirmed rules (the catalogue of the shared
  specification, rules an editor entered or confirmed, or rules read from the article the
  depositary quotes that reproduce its recorded entry into force);
* ``inferred`` — computed from rules inferred from the depositary's recorded entry into force
  and the deposits, not confirmed by an editor;
* ``recorded`` — the depositary's own date, as published (the treaty's entry into force from
  its status page, a withdrawal's published date of effect);
* ``unknown`` — we cannot tell, and say so.

And every treaty's rules have a *source*: where the rules the engine applies came from.
"""

from __future__ import annotations

from typing import Final

__all__ = [
    "BASES",
    "BASIS_NOTES",
    "COMPUTED",
    "INFERRED",
    "RECORDED",
    "RULES_SOURCES",
    "SOURCE_CATALOGUE",
    "SOURCE_EDITOR",
    "SOURCE_INFERRED",
    "SOURCE_NONE",
    "SOURCE_PARSED",
    "UNKNOWN",
    "basis_for",
]

COMPUTED: Final = "computed"
INFERRED: Final = "inferred"
RECORDED: Final = "recorded"
UNKNOWN: Final = "unknown"

BASES: Final = (COMPUTED, INFERRED, RECORDED, UNKNOWN)

#: The short note pages put beside a date of each basis ("" for a computed date: the
#: explanation of the steps already says how it follows from the treaty).
BASIS_NOTES: Final[dict[str, str]] = {
    COMPUTED: "",
    INFERRED: "inferred from the depositary's recorded date; not confirmed",
    RECORDED: "recorded by the depositary",
    UNKNOWN: "not computed: the treaty's rules are not recorded",
}

SOURCE_NONE: Final = ""
SOURCE_CATALOGUE: Final = "catalogue"
SOURCE_EDITOR: Final = "editor"
SOURCE_PARSED: Final = "parsed"
SOURCE_INFERRED: Final = "inferred"

#: Where a treaty's rules came from, with the words the admin and the API docs use.
RULES_SOURCES: Final[dict[str, str]] = {
    SOURCE_NONE: "none: no rules recorded",
    SOURCE_CATALOGUE: "the catalogue of the shared specification",
    SOURCE_EDITOR: "entered or confirmed by an editor",
    SOURCE_PARSED: "read from the article the depositary quotes",
    SOURCE_INFERRED: "inferred from the depositary's recorded entry into force (not confirmed)",
}


def basis_for(engine_basis: str, rules_source: str) -> str:
    """The basis of an engine result under rules from ``rules_source``.

    The engine says ``computed`` for a date it derived from the rules; under inferred rules
    that date is only ``inferred``. ``recorded`` and ``unknown`` stay what they are.
    """
    if engine_basis == COMPUTED and rules_source == SOURCE_INFERRED:
        return INFERRED
    return engine_basis
