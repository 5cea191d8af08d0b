"""How participant names are compared: one normal form for names, aliases and search terms,
and one measure of how alike two names are (for typing mistakes)."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

from rapidfuzz import fuzz

#: Below this length a typing mistake cannot be told from another word ("us" is in "Russia").
SIMILAR_MIN_LENGTH = 4
#: rapidfuzz's ratio (0-100) from which a word counts as the same word mistyped: "lithunia" /
#: "lithuania" is 94, "ottowa" / "ottawa" 83, "kenia" / "kenya" 80, "kenia" / "guinea" 36.
SIMILAR_SCORE = 80.0


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


def name_similarity(key: str, normalized: str) -> float:
    """How alike a search key and a name are (0-100), both in normal form: the best ratio of
    the key against any run of as many consecutive words of the name, so "lithunia" is
    compared with "lithuania" in "republic of lithuania", not with the whole name."""
    if len(key) < SIMILAR_MIN_LENGTH:
        return 0.0
    words = normalized.split()
    size = max(1, len(key.split()))
    windows = [" ".join(words[i : i + size]) for i in range(max(1, len(words) - size + 1))]
    return max(fuzz.ratio(key, window) for window in windows)


def sort_key(name: str) -> str:
    """The key that orders names as readers expect whatever their accents: Côte d'Ivoire
    before Czechia, Türkiye before Tuvalu (a plain sort puts accented letters last)."""
    return normalize_name(name)


def league_key(name: str) -> str:
    """The form under which a name of the League of Nations' list is matched with a state's
    names: the normal form without a leading article ("The Netherlands" is "Netherlands")."""
    return normalize_name(name).removeprefix("the ")


def league_entries_naming(
    entries: Iterable[Mapping[str, Any]], names: Iterable[str]
) -> list[Mapping[str, Any]]:
    """The entries of a League of Nations' list (``Treaty.league_list``: ``who``, ``kind``,
    ``date``) whose ``who`` is one of ``names`` (a state's names and aliases), in list order."""
    keys = {league_key(name) for name in names if name}
    return [entry for entry in entries if league_key(entry["who"]) in keys]
