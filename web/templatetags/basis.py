"""What a date rests on, in the words the pages put beside it (``rules.basis``, docs/basis.md)."""

from __future__ import annotations

from django import template

from rules.basis import BASIS_NOTES, RULES_SOURCES

register = template.Library()


@register.filter
def basis_note(basis: str | None) -> str:
    """ "recorded by the depositary", "inferred from the depositary's recorded date; not
    confirmed", "not computed: ..."; "" for a computed date (its steps say how)."""
    return BASIS_NOTES.get(basis or "", "")


@register.filter
def rules_source_words(source: str | None) -> str:
    """Where a treaty's rules come from, in words."""
    return RULES_SOURCES.get(source or "", RULES_SOURCES[""])
