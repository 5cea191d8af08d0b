"""Reads that only the public pages need, on top of ``events.selectors``.

Like the shared selectors, each function runs a fixed number of queries whatever the size of
the treaty or the state's history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Prefetch, QuerySet

from events.models import CONSENT_KINDS, Event, EventKind, Membership, Status, StatusPeriod
from events.selectors import NOT_JOINED, ParticipantRow, explanation_text
from states.models import State, StateAlias, normalize_name

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

STATUS_LABELS: dict[str, str] = {
    Status.PARTY: "Party",
    Status.SIGNATORY: "Signatory",
    Status.CONSENTED: "Consented (not yet in force)",
    Status.WITHDRAWAL_PENDING: "Withdrawal pending",
    Status.WITHDRAWN: "Withdrawn",
    NOT_JOINED: "Not joined",
}
# Display order of the legend, counts and filter.
STATUS_ORDER: tuple[str, ...] = tuple(STATUS_LABELS)


def status_label(status: str) -> str:
    """The label people read for a machine status value."""
    return STATUS_LABELS.get(status, status.replace("_", " ").capitalize())


# --- Search -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchResults:
    treaties: list[Treaty]
    states: list[State]

    @property
    def total(self) -> int:
        return len(self.treaties) + len(self.states)


def _alias_slugs(key: str) -> list[str]:
    return [
        slug
        for slug, names in TREATY_ALIASES.items()
        if any(key in normalize_name(name) for name in names)
    ]


def search(text: str, *, limit: int = 50) -> SearchResults:
    """Treaties and states whose names, aliases or codes match ``text`` (three queries).

    Matching ignores case, accents and punctuation ("turkiye" finds Türkiye) through the
    aliases' normalised form; codes match exactly ("LTU").
    """
    text = text.strip()
    key = normalize_name(text)
    if not key:
        return SearchResults([], [])
    slugs = _alias_slugs(key)
    treaties = list(
        (Treaty.objects.search(text) | Treaty.objects.filter(slug__in=slugs))
        .distinct()
        .order_by("short_name")[:limit]
    )
    alias_ids = set(
        StateAlias.objects.filter(normalized__contains=key).values_list("state_id", flat=True)
    )
    # Names are compared in normalised form in Python: the database cannot strip accents
    # portably, and there are only a few hundred participants.
    code = text.upper()
    states = [
        s
        for s in State.objects.order_by("short_name").only("code", "short_name", "official_name")
        if s.code == code
        or s.pk in alias_ids
        or key in normalize_name(s.short_name)
        or (s.official_name and key in normalize_name(s.official_name))
    ]
    # Exact code matches first, so "LTU" lists Lithuania before any name containing "ltu".
    states.sort(key=lambda s: (s.code != code, normalize_name(s.short_name) != key))
    states = states[:limit]
    return SearchResults(treaties, states)


# --- Treaty page ------------------------------------------------------------------------------


def participant_record(row: ParticipantRow) -> dict[str, Any]:
    """One participants-table row as plain values: what the CSV and JSON downloads contain."""

    def iso(value: date | None) -> str | None:
        return value.isoformat() if value else None

    consent = row.consent
    withdrawal = row.withdrawal
    notes = [e.note for e in row.events if e.note]
    sources = sorted({e.source_url for e in row.events if e.source_url})
    refs = [e.notification_ref for e in row.events if e.notification_ref]
    return {
        "state": row.state.short_name,
        "code": row.state.code,
        "status": row.status,
        "status_label": status_label(row.status),
        "signature": iso(row.signature_date),
        "consent_kind": consent.get_kind_display() if consent else None,
        "consent_date": iso(row.consent_date),
        "entry_into_force": iso(row.entry_into_force_date),
        "entry_into_force_explanation": (
            explanation_text(consent.explanation) if consent and consent.explanation else None
        ),
        "withdrawal_notified": iso(row.withdrawal_notified_on),
        "withdrawal_effective": iso(row.withdrawal_effective_on),
        "withdrawal_explanation": (
            explanation_text(withdrawal.explanation)
            if withdrawal and withdrawal.explanation
            else None
        ),
        "notes": notes,
        "notification_refs": refs,
        "sources": sources,
    }


def map_statuses(rows: list[ParticipantRow]) -> dict[str, tuple[str, str]]:
    """Zero-padded ISO numeric code → (status, state name) for every participant with one."""
    from .worldmap import zero_padded

    result: dict[str, tuple[str, str]] = {}
    for row in rows:
        numeric = zero_padded(row.state.numeric)
        if numeric:
            result[numeric] = (row.status, row.state.short_name)
    return result


# --- State page -------------------------------------------------------------------------------


def state_detail(code: str) -> State | None:
    """The state with its aliases, predecessors and successors (four queries)."""
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
        return explanation_text(self.event.explanation) if self.is_effect else ""


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


def all_treaties() -> QuerySet[Treaty]:
    return Treaty.objects.order_by("short_name")


# --- Compare ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Comparison:
    only_a: list[State]
    only_b: list[State]
    both: list[State]


def compare_parties(*, a: Treaty, b: Treaty, on: date) -> Comparison:
    """States bound by one treaty and not the other on ``on`` (one query).

    "Bound" means a membership interval contains the date; a state whose withdrawal is
    pending is still bound.
    """
    bound: dict[int, set[int]] = {a.pk: set(), b.pk: set()}
    states: dict[int, State] = {}
    for membership in (
        Membership.objects.filter(treaty_id__in=[a.pk, b.pk]).on(on).select_related("state")
    ):
        bound[membership.treaty_id].add(membership.state_id)
        states[membership.state_id] = membership.state

    def listed(ids: set[int]) -> list[State]:
        return sorted((states[i] for i in ids), key=lambda s: s.short_name)

    return Comparison(
        only_a=listed(bound[a.pk] - bound[b.pk]),
        only_b=listed(bound[b.pk] - bound[a.pk]),
        both=listed(bound[a.pk] & bound[b.pk]),
    )


# --- Feeds ------------------------------------------------------------------------------------


def effective_changes(
    *, until: date, treaty: Treaty | None = None, limit: int = 50
) -> list[StatusPeriod]:
    """Status changes that had taken effect by ``until``, latest first (one query)."""
    periods = StatusPeriod.objects.filter(valid_from__lte=until)
    if treaty is not None:
        periods = periods.filter(treaty=treaty)
    return list(
        periods.select_related("state", "treaty").order_by("-valid_from", "state__short_name")[
            :limit
        ]
    )


def recent_treaty_events(*, treaty: Treaty, limit: int = 50) -> list[Event]:
    """The treaty's latest events by date (one query)."""
    return list(
        # Feed items name the state and the treaty: without both, one query per item.
        Event.objects.filter(treaty=treaty)
        .select_related("state", "treaty")
        .order_by("-date", "-pk")[:limit]
    )


def upcoming_treaty_effects(*, after: date, treaty: Treaty | None, limit: int = 200) -> list[Event]:
    """Events whose computed effect lies after ``after`` (one query)."""
    events = Event.objects.filter(effective_date__gt=after, superseded=False)
    if treaty is not None:
        events = events.filter(treaty=treaty)
    return list(
        events.select_related("state", "treaty").order_by("effective_date", "state__short_name")[
            :limit
        ]
    )


def effect_sentence(event: Event) -> str:
    """ "Poland's withdrawal from the APMBC takes effect on 20 Feb 2026, subject to …"."""
    when = f"{event.effective_date:%-d %b %Y}" if event.effective_date else "a date to be known"
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
