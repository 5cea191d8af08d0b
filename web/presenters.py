"""What the pages and downloads say about the data: rows as plain values, sentences, labels.

No queries here: every function takes what a selector returned.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any
from urllib.parse import quote

from django.urls import reverse
from django.utils.http import RFC3986_SUBDELIMS

from events.models import CONSENT_KINDS, Event, EventKind
from events.selectors.participants import ParticipantRow
from rules import status_label
from rules.dates import format_date

from .worldmap import zero_padded


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def url_maker(name: str) -> Callable[[str], str]:
    """The URL of the route ``name`` for one argument (a slug or a code), reversed once.

    ``reverse()`` costs ~0.1 ms: once per row of a 166-row table it was a fifth of the APMBC
    page's rendering. The argument is quoted as ``reverse()`` quotes it.
    """
    placeholder = "ARGUMENTPLACEHOLDER"
    before, after = reverse(name, args=[placeholder]).split(placeholder)
    return lambda value: f"{before}{quote(value, safe=RFC3986_SUBDELIMS + '/~:@')}{after}"


def participant_record(row: ParticipantRow) -> dict[str, Any]:
    """One participants-table row as plain values: what the CSV and JSON downloads contain."""
    consent = row.consent
    withdrawal = row.withdrawal
    return {
        "state": row.state.short_name,
        "code": row.state.code,
        "status": row.status,
        "status_label": status_label(row.status),
        "signature": _iso(row.signature_date),
        "consent_kind": consent.get_kind_display() if consent else None,
        "consent_date": _iso(row.consent_date),
        "entry_into_force": _iso(row.entry_into_force_date),
        "entry_into_force_explanation": (
            consent.explanation_text if consent and consent.explanation else None
        ),
        "withdrawal_notified": _iso(row.withdrawal_notified_on),
        "withdrawal_effective": _iso(row.withdrawal_effective_on),
        "withdrawal_explanation": (
            withdrawal.explanation_text if withdrawal and withdrawal.explanation else None
        ),
        "notes": [e.note for e in row.events if e.note],
        "notification_refs": [e.notification_ref for e in row.events if e.notification_ref],
        "sources": sorted({e.source_url for e in row.events if e.source_url}),
    }


def map_statuses(rows: list[ParticipantRow]) -> dict[str, tuple[str, str]]:
    """Zero-padded ISO numeric code → (status, state name) for every participant with one."""
    result: dict[str, tuple[str, str]] = {}
    for row in rows:
        numeric = zero_padded(row.state.numeric)
        if numeric:
            result[numeric] = (row.status, row.state.short_name)
    return result


def effect_sentence(event: Event) -> str:
    """ "Poland's withdrawal from the APMBC takes effect on 20 Feb 2026, subject to …"."""
    when = format_date(event.effective_date) if event.effective_date else "a date to be known"
    treaty = event.treaty.short_name
    state = event.state.short_name
    if event.kind == EventKind.WITHDRAWAL:
        text = f"{state}'s withdrawal from the {treaty} takes effect on {when}"
    elif event.kind in CONSENT_KINDS:
        text = f"The {treaty} enters into force for {state} on {when}"
    else:
        text = f"{state}'s {event.get_kind_display().lower()} ({treaty}) takes effect on {when}"
    if event.condition:
        text += f", subject to {event.condition}"
    return text
