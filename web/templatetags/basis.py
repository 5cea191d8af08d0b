"""What a date rests on, in the words the pages put beside it (``rules.basis``, docs/basis.md)."""

from __future__ import annotations

from django import template

from rules.basis import BASIS_NOTES, RULES_SOURCES
from rules.statuses import status_label

register = template.Library()


@register.filter
def basis_note(basis: str | None) -> str:
    """ "recorded by the depositary", "inferred from the depositary's recorded date; not
    confirmed", "not computed: ..."; "" for a computed date (its steps say how)."""
    return BASIS_NOTES.get(basis or "", "")


#: Where a treaty's rules come from, in the pages' words (the admin and the API docs keep
#: ``RULES_SOURCES``, which name the project's own sources).
PAGE_RULES_SOURCES = {
    "": "none recorded",
    "catalogue": "taken from the treaty's own articles and checked for this site",
    "editor": "entered or confirmed by an editor",
    "parsed": "read from the article the depositary quotes",
    "inferred": "inferred from the depositary's recorded entry into force (not confirmed)",
}


@register.filter
def rules_source_words(source: str | None) -> str:
    """Where a treaty's rules come from, in words a reader understands."""
    return PAGE_RULES_SOURCES.get(source or "", RULES_SOURCES.get(source or "", ""))


@register.filter
def status_words(status: str | None) -> str:
    """A status in words ("consented, date of effect not computed"), never its code."""
    return status_label(status or "").lower()
