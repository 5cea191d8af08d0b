"""The history the depositary's endnotes tell of a state but that could not be dated
(``events.models.NotedHistory``): replaced as a whole for a treaty by each import of its file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from states.models import State
from treaties.models import Treaty

from ..models import NotedHistory
from .locking import treaty_lock, write_transaction
from .scheduling import treaty_mark_changed

__all__ = ["NotedEntry", "noted_history_replace"]


@dataclass(frozen=True)
class NotedEntry:
    """One endnote's words on one state."""

    state: State
    note: str
    text: str
    source_url: str


@write_transaction
def noted_history_replace(*, treaty: Treaty, entries: Sequence[NotedEntry]) -> bool:
    """Make ``entries`` the treaty's noted history; True if it changed (the pages then show
    it: the treaty is marked changed, so its cached renderings are not served again)."""
    wanted = {(e.state.pk, e.note): e for e in entries}

    def same() -> bool:
        stored = {
            (n.state_id, n.note): n for n in NotedHistory.objects.filter(treaty=treaty).order_by()
        }
        return wanted.keys() == stored.keys() and all(
            (stored[k].text, stored[k].source_url) == (e.text, e.source_url)
            for k, e in wanted.items()
        )

    # Compared without the lock first: a re-import that changes nothing takes none.
    if same():
        return False
    treaty_lock(treaty.pk)
    if same():
        return False
    NotedHistory.objects.filter(treaty=treaty).delete()
    NotedHistory.objects.bulk_create(
        NotedHistory(
            treaty=treaty, state=e.state, note=e.note, text=e.text, source_url=e.source_url
        )
        for e in wanted.values()
    )
    treaty_mark_changed(treaty_id=treaty.pk)
    return True
