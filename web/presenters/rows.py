"""What the pages and downloads say about the data: rows as plain values, sentences, labels.

No queries here: every function takes what a selector returned.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import quote

from django.urls import reverse
from django.utils.html import escape
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.safestring import SafeString, mark_safe

from events.models import CONSENT_KINDS, Event, EventKind
from events.selectors.participants import EventFacts, ParticipantRow, StateRef
from rules import ORDER, status_label
from rules.dates import format_date
from states.names import sort_key

from ..worldmap import zero_padded


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def article_of(event: Event | EventFacts | None) -> str:
    """The article the event's computed date follows from: the last step that names one."""
    if event is None:
        return ""
    for step in reversed(event.explanation or []):
        if step.get("article"):
            return str(step["article"])
    return ""


def condition_text(event: Event | EventFacts) -> str:
    """The condition of an effect as a sentence ("Subject to art. 20(3): ..."), once."""
    text = event.condition.strip()
    return text[:1].upper() + text[1:] if text else ""


@dataclass(frozen=True)
class DateCell:
    """A computed date as a page shows it: the date, the article it follows from, the steps.

    The cell leaves room for a short note on how the date is known (a later "basis").
    """

    event: Event | EventFacts
    on: date

    @property
    def day(self) -> date | None:
        return self.event.effective_date

    @property
    def article(self) -> str:
        return article_of(self.event)

    @property
    def steps(self) -> list[str]:
        return [str(step.get("text", "")) for step in self.event.explanation or []]

    @property
    def condition(self) -> str:
        return condition_text(self.event)

    @property
    def after_on(self) -> bool:
        """Known on the date shown but still to come then."""
        return self.day is not None and self.day > self.on


@dataclass
class Note:
    """A numbered note of the participants table, tied to the event it explains."""

    number: int
    event: Event | EventFacts
    texts: list[str]


@dataclass
class ParticipantView:
    """One participants-table row as the page shows it."""

    row: ParticipantRow
    label: str
    on: date
    periods: list[tuple[date, date | None, bool]] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    note_of: dict[int, int] = field(default_factory=dict)  # event pk -> note number
    #: The depositary's notes on the state that tell history it could not date, quoted.
    noted: list[str] = field(default_factory=list)

    @property
    def state(self) -> StateRef:
        return self.row.state

    @property
    def entry_into_force(self) -> DateCell | None:
        return DateCell(self.row.consent, self.on) if self.row.consent else None

    @property
    def withdrawal(self) -> DateCell | None:
        return DateCell(self.row.withdrawal, self.on) if self.row.withdrawal else None

    @property
    def sort_name(self) -> str:
        return sort_key(self.row.state.short_name)

    @property
    def status_order(self) -> int:
        return ORDER.index(self.row.status) if self.row.status in ORDER else len(ORDER)

    @property
    def events(self) -> list[tuple[EventFacts, int | None]]:
        return [(e, self.note_of.get(e.pk)) for e in self.row.events]


def membership_periods(row: ParticipantRow, on: date) -> list[tuple[date, date | None, bool]]:
    """The row's membership periods begun by ``on`` as (start, end, end still to come).

    An end is shown only if it had come by ``on`` or a withdrawal notified by then announces
    it: a later notification is not a fact on ``on``.
    """
    periods = []
    announced = row.withdrawal.effective_date if row.withdrawal else None
    for start, end in row.intervals:
        if end is not None and end > on and end != announced:
            end = None
        periods.append((start, end, end is not None and end > on))
    return periods


def event_note_texts(event: Event | EventFacts) -> list[str]:
    """What a reader should know about one event, in plain words."""
    texts = []
    if event.note:
        texts.append(event.note)
    if event.bracketed:
        texts.append(
            "The depositary prints this instrument in square brackets: the state later "
            "withdrew from the treaty."
        )
    if event.superseded:
        texts.append("Rescinded or revoked before it took effect.")
    if event.disagrees_with_depositary and event.published_effective_date:
        texts.append(
            f"The depositary gives {format_date(event.published_effective_date)} as the date "
            f"this took effect; the treaty's rules give "
            f"{format_date(event.effective_date) if event.effective_date else 'no date yet'}."
        )
    return texts


def participant_views(
    rows: list[ParticipantRow], on: date, noted: dict[int, list[str]] | None = None
) -> list[ParticipantView]:
    """The table's rows in accent-aware order of state names, notes numbered from 1;
    ``noted``: state id → the undated history the depositary's notes tell, to quote."""
    views = []
    number = 0
    for row in sorted(rows, key=lambda r: sort_key(r.state.short_name)):
        view = ParticipantView(row, status_label(row.status), on, membership_periods(row, on))
        view.noted = (noted or {}).get(row.state.pk, [])
        for event in row.events:
            texts = event_note_texts(event)
            if texts:
                number += 1
                view.notes.append(Note(number, event, texts))
                view.note_of[event.pk] = number
        views.append(view)
    return views


def _periods_text(row: ParticipantRow, on: date) -> str:
    return "; ".join(
        f"{start.isoformat()}/{end.isoformat() if end else ''}"
        for start, end, _ in membership_periods(row, on)
    )


def url_maker(name: str) -> Callable[[str], str]:
    """The URL of the route ``name`` for one argument (a slug or a code), reversed once.

    ``reverse()`` costs ~0.1 ms: once per row of a 166-row table it was a fifth of the APMBC
    page's rendering. The argument is quoted as ``reverse()`` quotes it.
    """
    placeholder = "ARGUMENTPLACEHOLDER"
    before, after = reverse(name, args=[placeholder]).split(placeholder)
    return lambda value: f"{before}{quote(value, safe=RFC3986_SUBDELIMS + '/~:@')}{after}"


def participant_record(row: ParticipantRow, on: date) -> dict[str, Any]:
    """One participants-table row as plain values: what the CSV and JSON downloads contain."""
    consent = row.consent
    withdrawal = row.withdrawal
    return {
        "state": row.state.short_name,
        "code": row.state.code,
        "status": row.status,
        "status_label": status_label(row.status),
        "membership_periods": _periods_text(row, on),
        "signature": _iso(row.signature_date),
        "consent_kind": consent.get_kind_display() if consent else None,
        "consent_date": _iso(row.consent_date),
        "entry_into_force": _iso(row.entry_into_force_date),
        "entry_into_force_basis": (consent.effective_date_basis or None) if consent else None,
        "entry_into_force_article": article_of(consent) or None,
        "entry_into_force_explanation": (
            consent.explanation_text if consent and consent.explanation else None
        ),
        "withdrawal_notified": _iso(row.withdrawal_notified_on),
        "withdrawal_effective": _iso(row.withdrawal_effective_on),
        "withdrawal_effective_basis": (
            (withdrawal.effective_date_basis or None) if withdrawal else None
        ),
        "withdrawal_article": article_of(withdrawal) or None,
        "withdrawal_condition": condition_text(withdrawal) if withdrawal else None,
        "withdrawal_explanation": (
            withdrawal.explanation_text if withdrawal and withdrawal.explanation else None
        ),
        "notes": [text for e in row.events for text in event_note_texts(e)],
        "notification_refs": [e.notification_ref for e in row.events if e.notification_ref],
        "sources": sorted({e.source_url for e in row.events if e.source_url}),
    }


def map_statuses(rows: list[ParticipantRow]) -> dict[str, ParticipantRow]:
    """Zero-padded ISO numeric code → the participant's row, for every row with a code."""
    result: dict[str, ParticipantRow] = {}
    for row in rows:
        numeric = zero_padded(row.state.numeric)
        if numeric:
            result[numeric] = row
    return result


def bound_count(rows: list[ParticipantRow]) -> tuple[int, int]:
    """(states bound, of which withdrawal pending): a pending withdrawal still binds."""
    parties = sum(r.status == "party" for r in rows)
    pending = sum(r.status == "withdrawal_pending" for r in rows)
    return parties + pending, pending


def effect_title(event: Event) -> str:
    """A short title for a calendar: "Lithuania leaves the CCM", "CCM in force for Niue"."""
    treaty = event.treaty.name
    state = event.state.short_name
    if event.kind == EventKind.WITHDRAWAL:
        return f"{state} leaves the {treaty}"
    if event.kind in CONSENT_KINDS:
        return f"{treaty} in force for {state}"
    return f"{state}: {event.get_kind_display().lower()} ({treaty}) takes effect"


def effect_sentence(event: Event) -> str:
    """ "Poland's withdrawal from the APMBC takes effect on 20 Feb 2026, subject to …"."""
    when = format_date(event.effective_date) if event.effective_date else "a date to be known"
    treaty = event.treaty.name
    state = event.state.short_name
    if event.kind == EventKind.WITHDRAWAL:
        text = f"{state}'s withdrawal from the {treaty} takes effect on {when}"
    elif event.kind in CONSENT_KINDS:
        text = f"The {treaty} enters into force for {state} on {when}"
    else:
        text = f"{state}'s {event.get_kind_display().lower()} ({treaty}) takes effect on {when}"
    condition = event.condition.strip()
    if condition:
        # The engine's condition already reads "subject to art. 20(3): ...".
        text += ", " + (
            condition if condition.lower().startswith("subject to") else f"subject to {condition}"
        )
    return text


_HATCHED = {"withdrawn", "withdrawal_pending", "consented_unknown", "disputed"}


def map_shapes_html(items: list[dict[str, Any]], sprite: str, *, inset: bool) -> SafeString:
    """The map's countries as SVG: a link to its table row for a participant (``href``;
    focusable, named for screen readers), a plain group otherwise, and a pattern over
    withdrawn, pending and disputed areas. Built here rather than by a template include per
    country: the map has some 290 of them and includes made up a third of the page's render
    time."""
    parts = []
    for c in items:
        if (c["inset_only"] and not inset) or (inset and not c["in_inset"]):
            continue
        ref = escape(f"{sprite}#n{c['numeric']}")
        status = c["status"]
        numeric = escape(c["numeric"])
        shape = (
            f'<use href="{ref}" class="s-{status}" data-status="{status}" '
            f'data-numeric="{numeric}"/>'
        )
        if status in _HATCHED:
            shape += f'<use href="{ref}" class="hatch h-{status}" aria-hidden="true"/>'
        name, label = escape(c["name"]), escape(c["label"])
        tip = label + (f" since {format_date(c['since'])}" if c["since"] else "")
        if c["code"]:
            # The inset repeats countries of the world map: one tab stop each is enough.
            tabindex = ' tabindex="-1"' if inset and not c["inset_only"] else ""
            parts.append(
                f'<a href="{escape(c["href"])}" class="shape" aria-label="{name}: '
                f'{label}" data-name="{name}" data-label="{tip}"{tabindex}>{shape}</a>'
            )
        else:
            parts.append(f'<g class="shape" data-name="{name}" data-label="{tip}">{shape}</g>')
    # Every value above is escaped.
    return mark_safe("".join(parts))
