"""What a file's endnotes on its participants tell that the participants table does not: the
dated acts ``rules.depositary.endnote_events`` reads become event rows marked ``from_note``
(with the note's number and words as their note, the table's source URL as their source), and
the history it cannot date is kept as the note's words (``NotedHistory``), to be quoted.

Never a false answer: a note whose history is read only in part (a withdrawal it tells left
unread, an undated re-accession the table does not show) is quoted whole, none of it read; an
act the table already records (same state, kind and date, or a
consent on the same day) is not added again; a withdrawal the note tells while the table shows
a consent of the state between its notification and its effect (a re-accession the same day)
cannot be ordered, so it is quoted instead of read.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from events.models import CONSENT_KINDS, EventKind
from events.services.notes import NotedEntry
from rules.depositary.endnote_events import (
    WITHDRAWAL,
    NoteAct,
    NoteReading,
    names_of,
    read_note_acts,
)
from states.models import State
from states.services import StateMatcher

from ..base import EventRow
from ..untc_csv import un_status_url
from .document import ParsedTreaty

__all__ = ["NoteFindings", "note_rows"]

_MARKUP = re.compile(r"<[^<>]{0,400}>")
#: The longest quotation of a note kept for a page.
QUOTE_LENGTH = 1500


@dataclass
class NoteFindings:
    """What the endnotes added: event rows, undated history, and what was read but not used."""

    rows: list[EventRow] = field(default_factory=list)
    noted: list[NotedEntry] = field(default_factory=list)
    #: One line per event read from a note: "file, state, kind, date".
    lines: list[str] = field(default_factory=list)
    already_in_table: int = 0
    territories: Counter[str] = field(default_factory=Counter)


def note_rows(parsed: ParsedTreaty, matcher: StateMatcher, table: list[EventRow]) -> NoteFindings:
    """The endnote findings of one file (see the module docstring); ``table`` are the rows
    read from its participants table and withdrawal tables."""
    found = NoteFindings()
    url = un_status_url(parsed.un_reference)
    label = f"{parsed.un_reference}.en.xml"
    keys = {row.key for row in table}
    consents: dict[int, list[EventRow]] = {}
    for row in table:
        if row.kind in CONSENT_KINDS:
            consents.setdefault(row.state.pk, []).append(row)
    seen: set[tuple[int, str, date]] = set()
    for name, notes, _ in parsed.participants:
        state = matcher.find(name)
        if state is None:
            continue  # reported with the table's rows
        names = names_of(name, state.short_name, state.official_name)
        for index in dict.fromkeys(notes):
            text = parsed.footnotes.get(index, "")
            if not text:
                continue
            reading = read_note_acts(text, parsed.title, names)
            for territory in reading.territories:
                found.territories[territory.kind] += 1
            unread = list(reading.undated)
            acts = [a for a in reading.acts if (state.pk, a.kind, a.date) not in seen]
            if not _readable(reading, acts, consents.get(state.pk, [])):
                found.noted.append(NotedEntry(state, index, _quote(text), url))
                continue
            for act in acts:
                seen.add((state.pk, act.kind, act.date))
                if _in_table(act, state, keys, consents):
                    found.already_in_table += 1
                    continue
                if act.kind == WITHDRAWAL and _ends_standing_consent(act, state, consents):
                    unread.append(act.sentence)
                    continue
                found.rows.append(_row(act, state, name, index, label, url))
                found.lines.append(f"{label}, {state.short_name}, {act.kind}, {act.date}")
            if unread:
                found.noted.append(NotedEntry(state, index, _quote(text), url))
    return found


def _readable(reading: NoteReading, acts: list[NoteAct], table: list[EventRow]) -> bool:
    """Whether the note's acts can be read without the history left unread: a withdrawal left
    unread would leave the membership read before it open; an undated re-accession is only
    harmless when the table records a consent after the last withdrawal read."""
    if reading.refused or reading.unread_withdrawal:
        return False
    if not reading.undated:
        return True
    last = max((a.date for a in acts if a.kind == WITHDRAWAL), default=None)
    return last is None or any(row.date > last for row in table)


def _in_table(
    act: NoteAct,
    state: State,
    keys: set[tuple[int, str, date]],
    consents: dict[int, list[EventRow]],
) -> bool:
    if (state.pk, act.kind, act.date) in keys:
        return True
    return act.kind in CONSENT_KINDS and any(
        row.date == act.date for row in consents.get(state.pk, [])
    )


def _ends_standing_consent(act: NoteAct, state: State, consents: dict[int, list[EventRow]]) -> bool:
    """Whether the table records a consent of the state from the day the withdrawal was
    notified to the day it took effect (a re-accession the same day, as Guyana's to the first
    Optional Protocol to the ICCPR): which came first cannot be told, so it is quoted."""
    until = act.effective or act.date
    return any(act.date <= row.date <= until for row in consents.get(state.pk, []))


def _row(act: NoteAct, state: State, name: str, index: str, label: str, url: str) -> EventRow:
    return EventRow(
        line=f"{label} {name} (endnote {index})",
        state=state,
        kind=EventKind(act.kind),
        date=act.date,
        source_url=url,
        note=f"Read from UN endnote {index} ({label}): «{act.sentence}»",
        published_effective_date=act.effective if act.kind == WITHDRAWAL else None,
        from_note=True,
    )


def _quote(text: str) -> str:
    """The note's words without the file's markup, cut at a word when very long."""
    words = " ".join(text.replace("\u00c2", " ").replace("\u00a0", " ").split())
    words = " ".join(_MARKUP.sub(" ", words).split())
    if len(words) <= QUOTE_LENGTH:
        return words
    return words[: QUOTE_LENGTH - 1].rsplit(" ", 1)[0] + "…"
