"""Reads of treaties: the one treaty search (pages and API)."""

from __future__ import annotations

from django.db.models import QuerySet

from states.names import SIMILAR_SCORE, name_similarity, normalize_name

from .catalogue import ABBREVIATIONS
from .models import Treaty

# The words people use for treaties, which the depositary's titles do not contain.
TREATY_ALIASES: dict[str, tuple[str, ...]] = {
    "apmbc": (
        "Ottawa Convention",
        "Ottawa Treaty",
        "Mine Ban Treaty",
        "Mine Ban Convention",
        "Anti-Personnel Mine Ban Convention",
        "landmines",
    ),
    "ccm": ("Oslo Convention", "Convention on Cluster Munitions", "cluster bombs"),
    "rome-statute": ("Rome Statute", "ICC Statute", "International Criminal Court"),
    "paris-agreement": ("Paris Climate Agreement", "Paris Accord"),
    "att": ("Arms Trade Treaty",),
    "tpnw": ("Nuclear Ban Treaty", "Treaty on the Prohibition of Nuclear Weapons"),
    "cwc": ("Chemical Weapons Convention",),
    "npt": ("Non-Proliferation Treaty", "Nuclear Non-Proliferation Treaty"),
    "ctbt": ("Test Ban Treaty", "Comprehensive Nuclear-Test-Ban Treaty"),
    "north-atlantic-treaty": ("NATO", "Washington Treaty"),
    "echr": ("European Convention on Human Rights", "Human Rights Convention"),
    "unclos": ("Law of the Sea Convention", "Convention on the Law of the Sea"),
    "kyoto-protocol": ("Kyoto Protocol",),
}


def _nickname_slugs(key: str) -> list[str]:
    return [
        slug
        for slug, names in TREATY_ALIASES.items()
        if any(key in normalize_name(name) for name in names)
    ]


def _abbreviated_references(key: str) -> list[str]:
    """The UN references whose common abbreviation ("VCLT", "Refugee Convention") contains
    ``key`` (``treaties.catalogue``)."""
    return [ref for ref, name in ABBREVIATIONS.items() if key in normalize_name(name)]


def _similar_slugs(key: str) -> list[str]:
    """Treaties one of whose names resembles ``key`` ("ottowa" → the Ottawa Convention):
    one query for the names, the comparison in Python (the same on SQLite and PostgreSQL)."""
    found = {
        slug
        for slug, names in TREATY_ALIASES.items()
        if any(name_similarity(key, normalize_name(n)) >= SIMILAR_SCORE for n in names)
    }
    for slug, short_name, title in Treaty.objects.values_list("slug", "short_name", "title"):
        if any(
            name_similarity(key, normalize_name(n)) >= SIMILAR_SCORE for n in (short_name, title)
        ):
            found.add(slug)
    return sorted(found)


def treaty_search(text: str) -> QuerySet[Treaty]:
    """Treaties whose slug, name, title or UN reference matches ``text``, or whose common name
    ("Ottawa Convention", "ICC Statute") or abbreviation ("VCLT", "CRC") contains it; by short
    name (one query). When nothing matches, the treaties one of whose names resembles it
    ("ottowa"; one more query)."""
    key = normalize_name(text)
    if not key:
        return Treaty.objects.none()
    found = (
        Treaty.objects.matching(text)
        | Treaty.objects.filter(slug__in=_nickname_slugs(key))
        | Treaty.objects.filter(un_reference__in=_abbreviated_references(key))
    ).distinct()
    if not found.exists():
        found = Treaty.objects.filter(slug__in=_similar_slugs(key))
    return found.order_by("short_name", "pk")
