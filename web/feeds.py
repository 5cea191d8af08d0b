"""Atom feeds of new events and of effective status changes, and an iCalendar of upcoming
effective dates — overall and per treaty.

Atom's ``<summary type="html">`` (Django's generator) holds HTML that feed readers render, and
XML-escaping it once only protects the XML: a reader unescapes it and runs an editor's
``<script>``. Our summaries are plain text, so they are HTML-escaped first
(:func:`_summary`): readers show the text, markup and all, and run nothing.

The iCalendar is written by hand: it is a few properties per event, and RFC 5545's escaping and
line folding fit in two small functions.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.views.decorators.http import require_GET

from events.models import Event, StatusPeriod
from events.selectors.feeds import effective_changes, recent_events, upcoming_effects
from events.selectors.record import after_record, record_sentence
from rules import status_label
from rules.dates import format_date
from treaties.models import Treaty

from .presenters import effect_sentence, effect_title

FEED_LIMIT = 50


def treaty_or_404(slug: str) -> Treaty:
    """The treaty with this slug, or a 404."""
    try:
        return Treaty.objects.get(slug=slug)
    except Treaty.DoesNotExist as exc:
        raise Http404("No such treaty") from exc


def _summary(text: str) -> str:
    """Plain text as the HTML of an Atom summary (escaped once more by the XML writer)."""
    return escape(text)


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def _treaty_page(treaty: Treaty, on: date | None = None) -> str:
    url = reverse("web:treaty", kwargs={"slug": treaty.slug})
    return f"{url}?on={on.isoformat()}" if on else url


class EventsFeed(Feed[Event, Treaty | None]):
    """New events (acts of states), latest first; ``/feeds/events.atom`` or per treaty."""

    feed_type = Atom1Feed
    author_name = "Treaty Tracker"

    def feed_guid(self, obj: Treaty | None) -> str:
        # Atom's feed id: distinct per feed (Django would use the link, which the two feeds
        # of a treaty share).
        return f"urn:treaty-tracker:feed:events:{obj.slug if obj else 'all'}"

    def get_object(self, request: HttpRequest, slug: str | None = None) -> Treaty | None:
        return treaty_or_404(slug) if slug else None

    def title(self, obj: Treaty | None) -> str:
        return f"{obj.name}: new events" if obj else "Treaty Tracker: new events"

    def link(self, obj: Treaty | None) -> str:
        return _treaty_page(obj) if obj else reverse("web:home")

    def subtitle(self, obj: Treaty | None) -> str:
        record = record_sentence(obj) if obj else ""
        words = "Signatures, deposits of instruments and withdrawal notifications, as recorded."
        return f"{words} {record}".strip()

    def items(self, obj: Treaty | None) -> list[Event]:
        return recent_events(treaty=obj, limit=FEED_LIMIT)

    def item_title(self, item: Event) -> str:
        return f"{item.state.short_name}: {item.get_kind_display()} — {item.treaty.name}"

    def item_description(self, item: Event) -> str:
        parts = [f"Dated {format_date(item.date)}."]
        if item.effective_date:
            parts.append(f"Takes effect on {format_date(item.effective_date)}.")
            if item.explanation:
                parts.append(item.explanation_text)
            parts += [w for w in [after_record(item.treaty, item.effective_date)] if w]
        if item.note:
            parts.append(item.note)
        parts.append(f"Source: {item.source_url}")
        return _summary(" ".join(parts))

    def item_link(self, item: Event) -> str:
        return _treaty_page(item.treaty, item.date) + f"#state-{item.state.code}"

    def item_guid(self, item: Event) -> str:
        return f"urn:treaty-tracker:event:{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: Event) -> datetime:
        return _midnight(item.date)

    def item_updateddate(self, item: Event) -> datetime:
        return item.updated_at


class ChangesFeed(Feed[StatusPeriod, Treaty | None]):
    """Status changes that have taken effect (a state became party, withdrew...)."""

    feed_type = Atom1Feed
    author_name = "Treaty Tracker"

    def feed_guid(self, obj: Treaty | None) -> str:
        return f"urn:treaty-tracker:feed:changes:{obj.slug if obj else 'all'}"

    def get_object(self, request: HttpRequest, slug: str | None = None) -> Treaty | None:
        return treaty_or_404(slug) if slug else None

    def title(self, obj: Treaty | None) -> str:
        return f"{obj.name}: status changes" if obj else "Treaty Tracker: status changes"

    def link(self, obj: Treaty | None) -> str:
        return _treaty_page(obj) if obj else reverse("web:home")

    def subtitle(self, obj: Treaty | None) -> str:
        record = record_sentence(obj) if obj else ""
        return f"Changes of status on the day they took effect. {record}".strip()

    def items(self, obj: Treaty | None) -> list[StatusPeriod]:
        return effective_changes(until=timezone.localdate(), treaty=obj, limit=FEED_LIMIT)

    def item_title(self, item: StatusPeriod) -> str:
        return f"{item.state.short_name}: {status_label(item.status)} — {item.treaty.name}"

    def item_description(self, item: StatusPeriod) -> str:
        return _summary(
            f"From {format_date(item.valid_from)}, {item.state.short_name}'s status towards the "
            f"{item.treaty.name} is “{status_label(item.status)}”. "
            + after_record(item.treaty, item.valid_from)
        ).strip()

    def item_link(self, item: StatusPeriod) -> str:
        return _treaty_page(item.treaty, item.valid_from) + f"#state-{item.state.code}"

    def item_guid(self, item: StatusPeriod) -> str:
        # Periods are rewritten on every recomputation; the guid must outlive their ids.
        return (
            f"urn:treaty-tracker:change:{item.treaty.slug}:{item.state.code}:"
            f"{item.status}:{item.valid_from.isoformat()}"
        )

    item_guid_is_permalink = False

    def item_pubdate(self, item: StatusPeriod) -> datetime:
        return _midnight(item.valid_from)

    def item_updateddate(self, item: StatusPeriod) -> datetime:
        # RFC 4287 requires <updated> on every entry: a change is not edited once it happened.
        return _midnight(item.valid_from)


# --- iCalendar --------------------------------------------------------------------------------


def _ics_escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _ics_fold(line: str) -> str:
    """Fold a content line at 75 octets (RFC 5545 §3.1) without splitting a UTF-8 character."""
    out: list[str] = []
    current = ""
    size = 0
    limit = 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            out.append(current)
            current, size, limit = " ", 1, 75
        current += char
        size += width
    out.append(current)
    return "\r\n".join(out)


def upcoming_ics(events: list[Event], *, name: str, base_url: str, now: datetime) -> str:
    """An iCalendar with one all-day event per upcoming effective date.

    RFC 5545 wants at least one component: with no date to come, the calendar holds only a
    time zone (no event is invented) and its description says that none is known.
    """
    stamp = now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Treaty Tracker//Upcoming effective dates//EN",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_ics_escape(name)}",
    ]
    for event in events:
        day = event.effective_date
        if day is None:
            continue
        description = f"{effect_sentence(event)}. {event.explanation_text}"
        lines += [
            "BEGIN:VEVENT",
            f"UID:event-{event.pk}-effect@treaty-tracker",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{day + timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_ics_escape(effect_title(event))}",
            f"DESCRIPTION:{_ics_escape(description + ' Source: ' + event.source_url)}",
            f"URL:{base_url}{_treaty_page(event.treaty, day)}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    if not any(event.effective_date for event in events):
        # RFC 5545 wants at least one component. No event is invented: the calendar holds
        # only the definition of the UTC time zone, and says in its description that no
        # effective date is known to come.
        today = now.astimezone(UTC).date()
        lines += [
            "X-WR-CALDESC:"
            + _ics_escape(f"On {format_date(today)} no recorded event takes effect later."),
            "BEGIN:VTIMEZONE",
            "TZID:UTC",
            "BEGIN:STANDARD",
            "DTSTART:19700101T000000",
            "TZOFFSETFROM:+0000",
            "TZOFFSETTO:+0000",
            "TZNAME:UTC",
            "END:STANDARD",
            "END:VTIMEZONE",
        ]
    lines.append("END:VCALENDAR")
    return "".join(_ics_fold(line) + "\r\n" for line in lines)


@require_GET
def upcoming_calendar(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    """``/feeds/upcoming.ics`` or ``/treaties/<slug>/upcoming.ics``."""
    treaty = treaty_or_404(slug) if slug else None
    events = upcoming_effects(after=timezone.localdate(), treaty=treaty, limit=200)
    name = f"{treaty.name}: upcoming effective dates" if treaty else "Treaty Tracker"
    body = upcoming_ics(
        events,
        name=name,
        base_url=request.build_absolute_uri("/").rstrip("/"),
        now=timezone.now(),
    )
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")
