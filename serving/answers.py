"""What a stored rendering of a dated answer is keyed on: the answer, not the URL that asked.

What a treaty's participants, statuses and counts are on a date changes only on the dates in
its data, its *change points* (``events.selectors.participants.change_points``): every date
between two of them has the same answer. A view that shows such an answer describes it as an
:class:`Answer` (what it shows, of which treaty or state, on which date) and its rendering is
stored under the change point the date falls in, its *epoch*, so the number of stored
renderings is bounded by the data (a few hundred per treaty), not by the requests.

What still differs between the dates of one epoch (the date itself, in the page's headings and
the API's ``as_of``; a page's parts that read a second date) is left open in the stored
rendering as a named *hole* and filled with the request's own value when it is served. While
a rendering is being stored the view renders each hole as a stand-in that holds a random
nonce, so no data can be mistaken for one.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from bisect import bisect_right
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal, TypeVar, cast

from events.selectors.participants import change_points

Scope = tuple[Literal["treaty", "state"], str]
T = TypeVar("T")


@dataclass
class Answer:
    """A response's answer: what its body shows, beyond the data version and the URL's format.

    ``parts`` name what the body shows besides the dated data (the page, a filter, today's
    date where a page depends on it); ``scope`` and ``on`` the treaty or state and the date
    asked for; ``holes`` the request's own value of each hole. ``storable`` is False for an
    answer that must not be stored (a page that reports a bad parameter). ``context`` carries
    what was parsed and read to describe the answer, for the view that renders it.
    """

    parts: tuple[str, ...]
    scope: Scope
    on: date
    holes: dict[str, str]
    storable: bool = True
    context: dict[str, Any] = field(default_factory=dict)
    _nonce: str | None = None

    def hole(self, name: str) -> str:
        """What to render for the hole ``name``: a stand-in while the rendering is to be
        stored, else the request's own value."""
        value = self.holes[name]  # a KeyError for a hole without a value, in both cases
        if self._nonce is None:
            return value
        return f"@@{self._nonce}:{name}@@"

    def stand_in(self) -> None:
        """Render holes as stand-ins from now on (the rendering will be stored)."""
        self._nonce = secrets.token_hex(8)

    @property
    def standing_in(self) -> bool:
        return self._nonce is not None

    def cache_key(self, version: str, *parts: str, dated: bool = True) -> str:
        """The key of the stored rendering: the data version, what the body shows, and the
        epoch of the date asked for (unless ``dated`` is False: a part the same on every
        date, such as the chart's drawing with its marker a hole)."""
        when = epoch(version, self.scope, self.on) if dated else "any date"
        identity = "|".join((version, *parts, *self.parts, *self.scope, when))
        return "answer:" + hashlib.blake2b(identity.encode(), digest_size=16).hexdigest()

    def split(self, content: bytes) -> list[Any]:
        """The rendering cut at its stand-ins: text, hole name, text, ... (``hole()`` gives
        stand-ins only for names with a value, and no data can hold the random nonce)."""
        assert self._nonce is not None, "split() needs a rendering made with stand-ins"
        pattern = re.compile(rb"@@" + self._nonce.encode() + rb":(\w+)@@")
        pieces: list[Any] = pattern.split(content)
        for i in range(1, len(pieces), 2):
            pieces[i] = pieces[i].decode()
        return pieces

    def fill(self, pieces: list[Any]) -> bytes:
        """A stored rendering with this request's values in its holes."""
        if len(pieces) == 1:
            return cast(bytes, pieces[0])
        values = {name: value.encode() for name, value in self.holes.items()}
        return b"".join(values[p] if i % 2 else p for i, p in enumerate(pieces))


# --- Per data version ---------------------------------------------------------------------

#: Small reads kept in this process for the life of one data version (a treaty's change
#: points, its row): one query per treaty or state and version. Only what exists is kept, so
#: the memo is bounded by the data; a new version starts a new memo.
_memo: tuple[str, dict[Hashable, Any]] = ("", {})


def remember(version: str, key: Hashable, read: Callable[[], T]) -> T:
    """``read()``, done once per data version in this process (results that are empty or
    None are not kept: they are what an unknown treaty or state gives)."""
    global _memo
    memo_version, memo = _memo
    if memo_version != version:
        memo = {}
        _memo = (version, memo)
    if key in memo:
        return cast(T, memo[key])
    value = read()
    if value:
        memo[key] = value
    return value


def forget() -> None:
    """Drop what this process remembers (tests whose frozen clocks give two data states the
    same version)."""
    global _memo
    _memo = ("", {})


def epoch(version: str, scope: Scope, on: date) -> str:
    """The change point ``on`` falls in (the last one on or before it), as a key part."""
    kind, ident = scope
    if kind == "treaty":
        points = remember(version, scope, lambda: change_points(treaty_slug=ident))
    else:
        points = remember(version, scope, lambda: change_points(state_code=ident))
    index = bisect_right(points, on)
    return points[index - 1].isoformat() if index else "before"
