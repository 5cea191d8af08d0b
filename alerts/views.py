"""The alerts' pages: sign-up (no account), confirmation, unsubscribe, and a watch's feeds.

The sign-up, confirm and unsubscribe POSTs are exempt from CSRF: the sign-up form sits on
pages whose renderings are stored and shared (a CSRF token in them would be someone else's),
and a forged sign-up achieves nothing (nothing is sent before the address's owner confirms);
confirm and unsubscribe are authorised by the 256-bit token in their URL, and the
unsubscribe must accept a mail client's one-click POST (RFC 8058), which has no token.
"""

from __future__ import annotations

from datetime import UTC, datetime, time

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from events.models import Event
from rules.dates import format_date

from . import services
from .forms import SignupForm
from .models import Delivery, DeliveryStatus, Notice, Watch
from .notices import basis_words, site_url, treaty_url


def _watch_or_404(token: str) -> Watch:
    watch = Watch.objects.select_related("treaty", "state").filter(token=token).first()
    if watch is None:
        raise Http404("No such alert")
    return watch


@csrf_exempt
@require_POST
def subscribe(request: HttpRequest) -> HttpResponse:
    form = SignupForm(request.POST)
    if not form.is_valid():
        return render(request, "alerts/signup_result.html", {"form": form}, status=400)
    data = form.cleaned_data
    services.email_watch_request(
        email=data["email"],
        treaty=data["treaty_obj"],
        state=data["state_obj"],
        on_acts=data["on_acts"],
        on_effects=data["on_effects"],
        on_statements=data["on_statements"],
        on_sync=data["on_sync"],
        reminder_days=data.get("reminder_days"),
        digest=data["digest"],
    )
    # The same answer whether or not a mail was sent (the rate limit, an address on file):
    # the page tells nobody anything about an address.
    return render(request, "alerts/signup_result.html", {"email": data["email"]})


@csrf_exempt
@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button (mail scanners follow links); its POST confirms."""
    watch = _watch_or_404(token)
    if request.method == "POST":
        services.watch_confirm(watch)
    return render(request, "alerts/confirm.html", {"watch": watch})


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button; a POST (the button, or a mail client's one-click) unsubscribes."""
    watch = _watch_or_404(token)
    if request.method == "POST":
        services.watch_stop(watch)
    return render(request, "alerts/unsubscribe.html", {"watch": watch})


class WatchFeed(Feed[Delivery, Watch]):
    """The notices of one watch, latest first (Atom)."""

    feed_type = Atom1Feed
    author_name = "Treaty Tracker"

    def get_object(self, request: HttpRequest, token: str) -> Watch:
        return _watch_or_404(token)

    def feed_guid(self, obj: Watch) -> str:
        return f"urn:treaty-tracker:alerts:{obj.pk}"

    def title(self, obj: Watch) -> str:
        from .mail import target_words

        return f"Treaty Tracker alerts: {target_words(obj)}"

    def link(self, obj: Watch) -> str:
        return treaty_url(obj.treaty) if obj.treaty else site_url("/")

    def items(self, obj: Watch) -> list[Delivery]:
        return list(
            Delivery.objects.filter(watch=obj)
            .exclude(status=DeliveryStatus.DROPPED)
            .select_related("notice__treaty", "notice__state")
            .order_by("-notice_id")[:50]
        )

    def item_title(self, item: Delivery) -> str:
        return item.notice.title

    def item_description(self, item: Delivery) -> str:
        # Plain text, escaped once here: readers render the summary as HTML (web.feeds).
        return escape(item.notice.text)

    def item_link(self, item: Delivery) -> str:
        notice: Notice = item.notice
        return str(notice.payload.get("url") or treaty_url(notice.treaty))

    def item_guid(self, item: Delivery) -> str:
        return f"urn:treaty-tracker:alert:{item.key}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: Delivery) -> datetime:
        return item.notice.created_at

    def item_updateddate(self, item: Delivery) -> datetime:
        return item.notice.created_at


def _ics_text(value: str) -> str:
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _ics_fold(line: str) -> str:
    """RFC 5545 3.1: lines of at most 75 octets, continued with a space."""
    out, current = [], ""
    for char in line:
        if len((current + char).encode()) > 74:
            out.append(current)
            current = " " + char
        else:
            current += char
    out.append(current)
    return "\r\n".join(out)


@require_GET
def calendar(request: HttpRequest, token: str) -> HttpResponse:
    """The known future dates of effect the watch covers (iCalendar), each with its basis."""
    watch = _watch_or_404(token)
    events = Event.objects.filter(
        effective_date__gt=timezone.localdate(), superseded=False
    ).exclude(effective_date_basis__in=["", "unknown"])
    if watch.treaty_id:
        events = events.filter(treaty_id=watch.treaty_id)
    if watch.state_id:
        events = events.filter(state_id=watch.state_id)
    stamp = datetime.combine(timezone.localdate(), time.min, tzinfo=UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Treaty Tracker//alerts//EN",
        f"X-WR-CALNAME:{_ics_text('Treaty Tracker alerts')}",
    ]
    for e in events.select_related("treaty", "state").order_by("effective_date")[:200]:
        assert e.effective_date is not None
        verb = "ceases to be bound by" if e.kind == "withdrawal" else "becomes bound by"
        summary = f"{e.state.short_name} {verb} the {e.treaty.short_name}"
        description = (
            f"{summary} on {format_date(e.effective_date)} "
            f"({basis_words(e.effective_date_basis)}). Source: {e.source_url}"
        )
        lines += [
            "BEGIN:VEVENT",
            f"UID:event-{e.pk}-{e.effective_date:%Y%m%d}@treaty-tracker",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{e.effective_date:%Y%m%d}",
            f"SUMMARY:{_ics_text(summary)}",
            f"DESCRIPTION:{_ics_text(description)}",
            f"URL:{treaty_url(e.treaty)}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    body = "\r\n".join(_ics_fold(line) for line in lines) + "\r\n"
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")
