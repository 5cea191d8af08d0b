"""How participant names are compared: one normal form for names, aliases and search terms."""

from __future__ import annotations

import unicodedata


def normalize_name(name: str) -> str:
    """The form under which names and aliases are matched.

    Case, accents, punctuation and spacing differ between the UN's tables, their 2018 XML
    (which lost every non-Latin-1 character) and common usage: "Türkiye", "Turkiye" and
    "TÜRKIYE" must all find the same state.
    """
    decomposed = unicodedata.normalize("NFKD", name)
    ascii_only = "".join(c for c in decomposed if not unicodedata.combining(c))
    kept = "".join(c.lower() if c.isalnum() else " " for c in ascii_only)
    return " ".join(kept.split())
