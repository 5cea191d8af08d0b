"""A parsed file's participants as event rows for the batch writer.

Endnote tables of withdrawals (participant, date of notification, date of effect) become
withdrawal events with the depositary's published date of effect; a bracketed date without
such a table stays a consent with ``bracketed=True`` — no withdrawal is guessed. Footnotes are
attached, by number and text, to the events of the participant that cites them.
"""

from __future__ import annotations

from datetime import date

from events.models import CONSENT_KINDS, EventKind
from states.services import StateMatcher

from ..base import EventRow, ImportReport
from ..untc_csv import un_status_url
from .document import ParsedTreaty

__all__ = ["event_rows"]


def event_rows(parsed: ParsedTreaty, matcher: StateMatcher, report: ImportReport) -> list[EventRow]:
    """The file's events; an unknown participant name goes to ``report.unmatched`` with the
    closest known names, and none of its rows is written."""
    url = un_status_url(parsed.un_reference)
    label = f"{parsed.un_reference}.en.xml"
    withdrawn: dict[int, list[tuple[date, date | None, str]]] = {}
    for name, notified, effect, note in parsed.withdrawals:
        state = matcher.find(name)
        if state is None:
            report.unmatched[name] = [f"{n} ({c})" for n, c in matcher.closest(name)]
            continue
        withdrawn.setdefault(state.pk, []).append((notified, effect, note))
    rows: list[EventRow] = []
    for name, notes, events in parsed.participants:
        state = matcher.find(name)
        if state is None:
            report.unmatched[name] = [f"{n} ({c})" for n, c in matcher.closest(name)]
            continue
        note_text = " ".join(
            f"UN footnote {n}: {parsed.footnotes[n]}" for n in notes if n in parsed.footnotes
        )
        attached = False
        for ev in events:
            note = ""
            if not attached and note_text and (ev["kind"] in CONSENT_KINDS or ev is events[-1]):
                note, attached = note_text, True
            # How the table codes the instrument, when its kind does not say it ("simplified
            # procedure (p)", a code the importer does not know).
            note = " ".join(filter(None, (ev.get("code_note", ""), note)))
            rows.append(
                EventRow(
                    line=f"{label} {name}",
                    state=state,
                    kind=ev["kind"],
                    date=ev["date"],
                    source_url=url,
                    note=note,
                    bracketed=ev["bracketed"] and ev["kind"] in CONSENT_KINDS,
                )
            )
        for notified, effect, n in withdrawn.pop(state.pk, []):
            rows.append(
                EventRow(
                    line=f"{label} {name} (endnote {n})",
                    state=state,
                    kind=EventKind.WITHDRAWAL,
                    date=notified,
                    source_url=url,
                    note=f"Withdrawal table of UN endnote {n}.",
                    published_effective_date=effect,
                )
            )
    return rows
