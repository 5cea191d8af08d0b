"""The filters of a list of statements as a reader gives them (``?kind=&q=&state=``...), read
once for the API and the pages: each bad value is an error naming its parameter, with a
message a reader can act on, never a silently empty list."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from states.models import State
from treaties.models import Treaty

from .models import StatementKind

__all__ = ["ARTICLE_MAX", "Q_MAX", "FilterError", "parse_filters"]

#: The longest ``article`` filter accepted ("article 18 (1)" is 14).
ARTICLE_MAX = 40
#: The longest search accepted: a sentence or two, not a whole statement pasted in.
Q_MAX = 200


@dataclass(frozen=True)
class FilterError:
    field: str
    code: str
    message: str


def _state(code: str, field: str, errors: list[FilterError]) -> State | None:
    state = State.objects.filter(code=code.strip().upper()).first()
    if state is None:
        errors.append(FilterError(field, "unknown_state", f"No state with code '{code}'."))
    return state


def parse_filters(
    params: Mapping[str, str], names: Iterable[str]
) -> tuple[dict[str, Any], list[FilterError]]:
    """The ``statements_on`` keyword arguments of the parameters ``names`` found in
    ``params`` (kind, article, objects_to, q, state, treaty), and the errors."""
    errors: list[FilterError] = []
    found: dict[str, Any] = {}
    wanted = set(names)
    kind = params.get("kind") if "kind" in wanted else None
    if kind:  # "" is "any kind" (the pages' select)
        if kind not in StatementKind.values:
            errors.append(
                FilterError(
                    "kind",
                    "invalid_choice",
                    f"'{kind}' is not a kind of statement; use one of"
                    f" {', '.join(StatementKind.values)}.",
                )
            )
        found["kind"] = kind
    article = params.get("article") if "article" in wanted else None
    if article is not None:
        if not 0 < len(article.strip()) <= ARTICLE_MAX:
            errors.append(
                FilterError(
                    "article", "invalid", f"Give an article of 1 to {ARTICLE_MAX} characters."
                )
            )
        found["article"] = article
    q = params.get("q") if "q" in wanted else None
    if q is not None:
        words = " ".join(q.split())
        if not words or len(words) > Q_MAX or "\x00" in words:
            errors.append(
                FilterError(
                    "q", "invalid", f"Give the words to search for, 1 to {Q_MAX} characters."
                )
            )
        found["q"] = words
    for name in ("objects_to", "state"):
        code = params.get(name) if name in wanted else None
        if code:
            found[name] = _state(code, name, errors)
    slug = params.get("treaty") if "treaty" in wanted else None
    if slug:
        treaty = Treaty.objects.filter(slug=slug.strip()).first()
        if treaty is None:
            errors.append(FilterError("treaty", "unknown_treaty", f"No treaty '{slug}'."))
        found["treaty"] = treaty
    return found, errors
