"""A state's history: every act on every treaty, and the day each took effect."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from states.models import State
from treaties.models import Treaty

from ..models import CONSENT_KINDS, Event, EventKind


@dataclass(frozen=True)
class HistoryItem:
    """One dated line of a state's history: an act, or the day an act took effect."""

    on: date
    treaty: Treaty
    text: str
    event: Event
    is_effect: bool = False

    @property
    def explanation(self) -> str:
        return self.event.explanation_text if self.is_effect else ""


def _effect_text(event: Event) -> str:
    if event.kind in CONSENT_KINDS:
        return "Entered into force"
    if event.kind == EventKind.WITHDRAWAL:
        return "Withdrawal took effect"
    return f"{event.get_kind_display()} took effect"


def _act_text(event: Event) -> str:
    if event.kind == EventKind.WITHDRAWAL:
        return "Withdrawal notified"
    return event.get_kind_display()


def state_history(*, state: State, until: date | None = None) -> list[HistoryItem]:
    """Every act of the state on every treaty, and the day each took effect (one query).

    With ``until``, only what had happened by then: acts dated up to it and effects that had
    taken effect by then.
    """
    events = Event.objects.filter(state=state).select_related("treaty").order_by("date", "pk")
    items: list[HistoryItem] = []
    for event in events:
        if until is None or event.date <= until:
            items.append(HistoryItem(event.date, event.treaty, _act_text(event), event))
        effect = event.effective_date
        if (
            effect
            and not event.superseded
            and event.kind != EventKind.SIGNATURE
            and (until is None or effect <= until)
        ):
            items.append(
                HistoryItem(effect, event.treaty, _effect_text(event), event, is_effect=True)
            )
    items.sort(key=lambda i: (i.on, i.is_effect, i.treaty.short_name))
    return items
