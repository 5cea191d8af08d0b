"""What changed in the record, as notices: each change once, and only what the record says.

* :func:`treaty_changes_detect` — after a recomputation: an act new since the alerts last read
  the treaty is an ``act`` notice; an act whose date or date of effect changed since is a
  ``correction`` (not a new act); an unchanged record makes nothing. The first reading of a
  treaty is its baseline (what was on record before is not news), except the acts recorded
  after the first watch was made (but a treaty imported whole from the depositary since).
* :func:`day_notices` — for a day: the status changes taking effect that day (bound, ceased to
  be bound) and the reminders N days before a known date of effect.
* :func:`statement_notice` — a statement recorded.

A date is told with its basis (``rules.basis``): an inferred date says it is inferred and not
confirmed; an act whose date of effect is unknown says so, and gets no reminder and no
"taking effect" notice (there is no date to tell).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, cast

from django.conf import settings
from django.db import transaction
from django.db.models import Min
from django.urls import reverse

from events.models import CONSENT_KINDS, Event, EventKind, EventOrigin, Status, StatusPeriod
from rules.basis import BASIS_NOTES, COMPUTED, INFERRED, RECORDED
from rules.dates import format_date
from statements.models import Statement
from treaties.models import Treaty

from .models import EventSeen, Notice, NoticeKind, TreatySeen, Watch

#: The version of the webhook payload (``payload["version"]``).
PAYLOAD_VERSION = 1

#: The API's words for a status change (``api.serializers.treaties.CHANGE_WORDS``).
CHANGE_WORDS = {Status.PARTY: "became_party", Status.WITHDRAWN: "ceased_to_be_party"}

#: Dates a reminder or a "taking effect" notice may rest on: never an unknown one.
TELLABLE_BASES = (COMPUTED, RECORDED, INFERRED)


def site_url(path: str) -> str:
    return settings.ALERTS_SITE_URL.rstrip("/") + path


def treaty_url(treaty: Treaty) -> str:
    return site_url(reverse("web:treaty", kwargs={"slug": treaty.slug}))


def basis_words(basis: str) -> str:
    """How a date's basis reads in a notice: "(computed from the treaty's articles)"."""
    if basis == COMPUTED:
        return "computed from the treaty's articles"
    return BASIS_NOTES.get(basis) or "basis not recorded"


def _fingerprint(event: Event) -> str:
    return "|".join(
        [
            event.kind,
            event.date.isoformat(),
            event.effective_date.isoformat() if event.effective_date else "",
            event.effective_date_basis,
            "superseded" if event.superseded else "",
        ]
    )


def _event_json(event: Event) -> dict[str, Any]:
    """The event with the API's field names (``api.serializers.events.EventSerializer``)."""
    return {
        "id": event.pk,
        "kind": event.kind,
        "date": event.date.isoformat(),
        "effective_date": event.effective_date.isoformat() if event.effective_date else None,
        "effective_date_basis": event.effective_date_basis or None,
        "condition": event.condition,
        "superseded": event.superseded,
        "source_url": event.source_url,
        "notification_ref": event.notification_ref,
    }


def base_payload(kind: str, treaty: Treaty, state: Any) -> dict[str, Any]:
    return {
        "version": PAYLOAD_VERSION,
        "type": kind,
        "treaty": {"slug": treaty.slug, "short_name": treaty.short_name},
        "state": {"code": state.code, "name": state.short_name} if state is not None else None,
        "url": treaty_url(treaty),
    }


def _effect_clause(event: Event) -> str:
    """What the record says of the act's date of effect, with its basis."""
    if event.superseded:
        return "It was rescinded or revoked before it took effect."
    if event.effective_date is None:
        if event.effective_date_basis and event.effective_date_basis not in TELLABLE_BASES:
            return f"Date of effect: not known ({basis_words(event.effective_date_basis)})."
        return ""
    text = (
        f"Date of effect: {format_date(event.effective_date)} "
        f"({basis_words(event.effective_date_basis)})"
    )
    if event.condition.strip():
        text += f", {event.condition.strip()}"
    return text + "."


def _act_title(event: Event) -> str:
    state, treaty = event.state.short_name, event.treaty.short_name
    if event.kind == EventKind.WITHDRAWAL:
        return f"{state}: withdrawal from the {treaty} notified"
    return f"{state}: {event.get_kind_display().lower()} of the {treaty} recorded"


def _source_clause(event: Event) -> str:
    ref = f" ({event.notification_ref})" if event.notification_ref else ""
    return f"Source: {event.source_url}{ref}"


def _act_notice(event: Event, *, previous: str | None) -> Notice:
    state, treaty = event.state.short_name, event.treaty.short_name
    fp = _fingerprint(event)
    if previous is None:
        kind, title = NoticeKind.ACT, _act_title(event)
        key = f"act:{event.pk}"
        lead = (
            f"{state}'s {event.get_kind_display().lower()} of the {treaty} is recorded, "
            f"dated {format_date(event.date)}."
        )
    else:
        kind = NoticeKind.CORRECTION
        title = f"Correction: {state}'s {event.get_kind_display().lower()} of the {treaty}"
        digest = hashlib.sha256(f"{previous}>{fp}".encode()).hexdigest()[:16]
        key = f"correction:{event.pk}:{digest}"
        old = previous.split("|")
        was = f"dated {format_date(date.fromisoformat(old[1]))}"
        if old[2]:
            was += f", date of effect {format_date(date.fromisoformat(old[2]))} ({old[3]})"
        lead = (
            f"The record of {state}'s {event.get_kind_display().lower()} of the {treaty} was "
            f"corrected (it read: {was}). It is now dated {format_date(event.date)}."
        )
    text = " ".join(p for p in (lead, _effect_clause(event), _source_clause(event)) if p)
    payload = base_payload(kind, event.treaty, event.state)
    payload |= {"title": title, "text": text, "event": _event_json(event)}
    if previous is not None:
        old = previous.split("|")
        payload["previous"] = {
            "date": old[1],
            "effective_date": old[2] or None,
            "effective_date_basis": old[3] or None,
        }
    return Notice(
        kind=kind,
        key=key,
        treaty=event.treaty,
        state=event.state,
        event=event,
        effective_on=event.effective_date,
        title=title,
        text=text,
        payload=payload,
    )


@transaction.atomic
def treaty_changes_detect(treaty_id: int) -> list[Notice]:
    """The notices of what changed in the treaty's record since the alerts last read it.

    Serialised per treaty (the treaty's marker row is locked), so two detections of one
    treaty never both tell the same change; each notice's unique key makes it once anyway.
    """
    treaty = Treaty.objects.filter(pk=treaty_id).first()
    if treaty is None:
        return []
    _, first_reading = TreatySeen.objects.get_or_create(treaty=treaty)
    # Everything below is read under the marker's lock: a concurrent detection of the
    # treaty waits here, then finds what this one stored.
    TreatySeen.objects.select_for_update().get(pk=treaty.pk)
    events = list(Event.objects.filter(treaty=treaty).select_related("state", "treaty"))
    seen = dict(EventSeen.objects.filter(treaty=treaty).values_list("event_id", "fingerprint"))
    news_after = _news_after(events) if first_reading else None
    notices: list[Notice] = []
    new_seen: list[EventSeen] = []
    changed_seen: list[EventSeen] = []
    for event in events:
        if not event.is_computed:
            continue  # its derived date is not written yet: the next recomputation tells it
        fp = _fingerprint(event)
        previous = seen.get(event.pk)
        if previous == fp:
            continue
        if previous is None:
            new_seen.append(EventSeen(event=event, treaty=treaty, fingerprint=fp))
        else:
            changed_seen.append(EventSeen(event=event, treaty=treaty, fingerprint=fp))
        if not first_reading or (news_after is not None and event.created_at > news_after):
            notices.append(_act_notice(event, previous=previous))
    EventSeen.objects.bulk_create(new_seen, batch_size=1000, ignore_conflicts=True)
    EventSeen.objects.bulk_update(changed_seen, ["fingerprint"], batch_size=1000)
    return notices_store(notices)


def _news_after(events: list[Event]) -> datetime | None:
    """On a treaty's first reading, the moment after which a recorded act is still news: the
    first watch's creation (the treaty simply had not been recomputed since the alerts began,
    and an act recorded since must not be lost in its baseline). None when nobody watches, and
    for a treaty whose every act came from the depositary's record after the first watch — one
    imported whole later, told by the sync's notice, not act by act."""
    first_watch = Watch.objects.aggregate(first=Min("created_at"))["first"]
    if first_watch is None:
        return None
    later = [e for e in events if e.created_at > first_watch]
    imported_whole = len(later) == len(events) and all(
        e.origin == EventOrigin.DEPOSITARY for e in later
    )
    return None if imported_whole else cast(datetime, first_watch)


def notices_store(notices: Iterable[Notice]) -> list[Notice]:
    """Save the notices not made before (by key); return those saved now."""
    notices = list(notices)
    if not notices:
        return []
    existing = set(
        Notice.objects.filter(key__in=[n.key for n in notices]).values_list("key", flat=True)
    )
    fresh = [n for n in notices if n.key not in existing]
    Notice.objects.bulk_create(fresh, batch_size=500, ignore_conflicts=True)
    # ignore_conflicts leaves pks unset on some databases: read back what is now stored.
    return list(
        Notice.objects.filter(key__in=[n.key for n in fresh])
        .select_related("treaty", "state")
        .order_by("pk")
    )


@dataclass(frozen=True)
class _Effect:
    basis: str
    source: str


def _effect_basis(period: StatusPeriod) -> _Effect:
    """What the period's start rests on: the act taking effect that day, or the treaty's entry
    into force (for states bound from it)."""
    event = (
        Event.objects.filter(
            treaty_id=period.treaty_id,
            state_id=period.state_id,
            effective_date=period.valid_from,
            superseded=False,
        )
        .order_by("-date")
        .first()
    )
    if event is not None:
        return _Effect(event.effective_date_basis, _source_clause(event))
    treaty = period.treaty
    return _Effect(treaty.entry_into_force_basis, "")


def _effect_notice(period: StatusPeriod) -> Notice | None:
    effect = _effect_basis(period)
    if effect.basis not in TELLABLE_BASES:
        return None  # never a date the record does not support
    state, treaty = period.state.short_name, period.treaty.short_name
    day = format_date(period.valid_from)
    if period.status == Status.WITHDRAWN:
        title = f"{state} ceased to be bound by the {treaty} on {day}"
    else:
        title = f"{state} became bound by the {treaty} on {day}"
    text = f"{title} (date {basis_words(effect.basis)})."
    if effect.source:
        text += " " + effect.source
    payload = base_payload(NoticeKind.EFFECT, period.treaty, period.state) | {
        "title": title,
        "text": text,
        "status": period.status,
        "change": CHANGE_WORDS[Status(period.status)],
        "effective_date": period.valid_from.isoformat(),
        "effective_date_basis": effect.basis,
    }
    return Notice(
        kind=NoticeKind.EFFECT,
        key=f"effect:{period.treaty_id}:{period.state_id}:{period.status}:{period.valid_from}",
        treaty=period.treaty,
        state=period.state,
        effective_on=period.valid_from,
        title=title,
        text=text,
        payload=payload,
    )


def _reminder_notice(event: Event, days: int) -> Notice:
    state, treaty = event.state.short_name, event.treaty.short_name
    when = format_date(event.effective_date) if event.effective_date else ""
    if event.kind == EventKind.WITHDRAWAL:
        title = f"In {days} days: {state} ceases to be bound by the {treaty} ({when})"
    else:
        title = f"In {days} days: the {treaty} enters into force for {state} ({when})"
    lead = f"{title}."
    text = " ".join(p for p in (lead, _effect_clause(event), _source_clause(event)) if p)
    payload = base_payload(NoticeKind.REMINDER, event.treaty, event.state) | {
        "title": title,
        "text": text,
        "days_before": days,
        "event": _event_json(event),
    }
    return Notice(
        kind=NoticeKind.REMINDER,
        key=f"reminder:{event.pk}:{event.effective_date}:{days}",
        treaty=event.treaty,
        state=event.state,
        event=event,
        reminder_days=days,
        effective_on=event.effective_date,
        title=title,
        text=text,
        payload=payload,
    )


def day_notices(on: date) -> list[Notice]:
    """The status changes taking effect on ``on`` and the reminders due that day."""
    periods = (
        StatusPeriod.objects.filter(valid_from=on, status__in=list(CHANGE_WORDS))
        .changes()
        .select_related("treaty", "state")
    )
    notices = [n for p in periods if (n := _effect_notice(p)) is not None]
    days = set(
        Watch.objects.filter(reminder_days__isnull=False, active=True, confirmed_at__isnull=False)
        .values_list("reminder_days", flat=True)
        .distinct()
    )
    for ahead in sorted(d for d in days if d):
        due = Event.objects.filter(
            effective_date=on + timedelta(days=ahead),
            effective_date_basis__in=TELLABLE_BASES,
            superseded=False,
            kind__in=[*CONSENT_KINDS, EventKind.WITHDRAWAL, EventKind.SUCCESSION],
        ).select_related("treaty", "state")
        notices.extend(_reminder_notice(e, ahead) for e in due)
    return notices_store(notices)


def statement_notice(statement_id: int) -> list[Notice]:
    """The notice of a statement recorded (once)."""
    statement = Statement.objects.filter(pk=statement_id).select_related("treaty", "state").first()
    if statement is None:
        return []
    state, treaty = statement.state.short_name, statement.treaty.short_name
    label = statement.get_kind_display().lower()
    title = f"{state}: {label} on the {treaty} recorded"
    made = (
        f"made {format_date(statement.made_on)}"
        if statement.made_on
        else "the record gives no date"
    )
    text = f"{title} ({made}{'; ' + statement.made_upon if statement.made_upon else ''})."
    payload = base_payload(NoticeKind.STATEMENT, statement.treaty, statement.state) | {
        "title": title,
        "text": text,
        "statement": {
            "id": statement.pk,
            "kind": statement.kind,
            "made_on": statement.made_on.isoformat() if statement.made_on else None,
            "made_upon": statement.made_upon,
        },
    }
    notice = Notice(
        kind=NoticeKind.STATEMENT,
        key=f"statement:{statement.pk}",
        treaty=statement.treaty,
        state=statement.state,
        title=title,
        text=text,
        payload=payload,
    )
    return notices_store([notice])
