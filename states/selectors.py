"""Reads of states: the one state search (pages, API and admin) and the state page's state."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Prefetch

from .models import State, StateAlias
from .names import SIMILAR_SCORE, name_similarity, normalize_name, sort_key


@dataclass(frozen=True)
class StateMatch:
    """A state found by a search, with the name or code that matched it ("matched: UK")."""

    state: State
    matched: str
    #: How it matched, best first: "code" (ISO alpha-3 / alpha-2), "name" (a whole name or
    #: alias, "UK", "DPRK"), "part" (a part of a name), "similar" (a name typed with a mistake).
    how: str

    @property
    def matched_other_name(self) -> bool:
        """Whether the reader should be told what matched (it is not the name shown)."""
        return self.matched != self.state.short_name


_RANK = {"code": 0, "name": 1, "part": 2, "similar": 3}


def state_search(text: str) -> list[StateMatch]:
    """States whose code, name, official name or any alias (former names, short forms such as
    "UK", "UAE", "DPRK", "USSR") matches ``text``, best first, each with what matched.

    Codes (ISO alpha-3 and alpha-2) and whole names match first, then names containing the
    text (those starting with it first, then those with a word starting with it); only when
    nothing contains it, names it resembles ("Lithunia" → Lithuania). Names
    match in normal form (case, accents and punctuation ignored: "turkiye" finds Türkiye).
    Two queries, the states and the aliases; the comparison runs in Python because the
    database cannot strip accents portably and there are only a few hundred participants,
    so SQLite and PostgreSQL give the same answer.
    """
    text = text.strip()
    key = normalize_name(text)
    if not key:
        return []
    code = text.upper()
    states = list(State.objects.only("code", "alpha2", "short_name", "official_name", "kind"))
    names: dict[int, list[str]] = {s.pk: [s.short_name] for s in states}
    for s in states:
        if s.official_name:
            names[s.pk].append(s.official_name)
    for state_id, name in StateAlias.objects.values_list("state_id", "name"):
        if state_id in names:
            names[state_id].append(name)

    best: dict[int, tuple[int, float, str, str]] = {}  # state id -> (rank, -score, how, name)

    def offer(state_id: int, how: str, name: str, score: float = 100.0) -> None:
        candidate = (_RANK[how], -score, how, name)
        # The first name offered wins a tie: the short name, then the official name.
        if state_id not in best or candidate[:2] < best[state_id][:2]:
            best[state_id] = candidate

    for s in states:
        if code in (s.code, s.alpha2):
            offer(s.pk, "code", s.code if code == s.code else s.alpha2)
        for name in names[s.pk]:
            normalized = normalize_name(name)
            if key == normalized:
                offer(s.pk, "name", name)
            elif key in normalized:
                # A name starting with the text first ("lit": Lithuania), then one with a word
                # starting with it, then the rest ("principality" of Andorra).
                words = normalized.split()
                if normalized.startswith(key):
                    score = 100.0
                elif any(w.startswith(key) for w in words):
                    score = 90.0
                else:
                    score = 50.0
                offer(s.pk, "part", name, score)
    if not best:
        for s in states:
            for name in names[s.pk]:
                score = name_similarity(key, normalize_name(name))
                if score >= SIMILAR_SCORE:
                    offer(s.pk, "similar", name, score)

    by_id = {s.pk: s for s in states}
    ranked = sorted(
        best.items(), key=lambda item: (*item[1][:2], sort_key(by_id[item[0]].short_name))
    )
    return [StateMatch(by_id[pk], name, how) for pk, (_r, _s, how, name) in ranked]


def state_detail(code: str) -> State | None:
    """The state with ``code`` (any case) with its aliases, predecessors and successors (four
    queries)."""
    return (
        State.objects.filter(code=code.upper())
        .prefetch_related(
            # The page lists every alias and both directions of succession: one query each.
            Prefetch("aliases", queryset=StateAlias.objects.order_by("-is_former_name", "name")),
            Prefetch("predecessors", queryset=State.objects.order_by("short_name")),
            Prefetch("successors", queryset=State.objects.order_by("short_name")),
        )
        .first()
    )


def short_names(codes: Iterable[str]) -> dict[str, str]:
    """Code → short name of the states with these codes (one query; unknown codes are left
    out, for the caller to say so)."""
    return dict(State.objects.filter(code__in=list(codes)).values_list("code", "short_name"))
