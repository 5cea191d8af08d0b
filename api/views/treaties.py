"""Treaty endpoints of API v1: thin views over ``events.selectors``."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.http.response import HttpResponseBase
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.request import Request
from rest_framework.response import Response

from events.selectors.participants import participants_on, signatory_counts, status_counts
from events.selectors.record import counts_on_record, record_day
from events.selectors.treaties import changes_between, party_timeline, treaty_event_sources
from serving.answers import Answer
from serving.params import FIRST_SUPPORTED_DAY
from treaties.models import Treaty
from treaties.selectors import treaty_search

from ..errors import invalid
from ..mixins import ApiMixin, ApiView
from ..pagination import StrictLimitOffsetPagination
from ..params import AS_OF, DATE_PARAMS, ON, as_of, choice, parse_date
from ..permissions import ReadOnly
from ..renderers import LIST_RENDERERS
from ..serializers.treaties import (
    STATUS_CHOICES,
    ChangeListSerializer,
    ParticipantListSerializer,
    TimelineSerializer,
    TreatyDetailSerializer,
    TreatySerializer,
    change_json,
    participant_json,
    treaty_detail_json,
    treaty_json,
)

SLUG = OpenApiParameter(
    "slug",
    str,
    OpenApiParameter.PATH,
    description="The treaty's slug",
    examples=[OpenApiExample("Convention on Cluster Munitions", value="ccm")],
)


def get_treaty(slug: str) -> Treaty:
    """The treaty with ``slug``, or a 404 that names it."""
    treaty = Treaty.objects.filter(slug=slug).first()
    if treaty is None:
        raise Http404(f"No treaty with slug '{slug}'.")
    return treaty


class TreatyList(ApiMixin, generics.GenericAPIView[Treaty]):
    """Every treaty with its entry into force and counts on a date."""

    permission_classes = [ReadOnly]
    renderer_classes = LIST_RENDERERS
    pagination_class = StrictLimitOffsetPagination
    query_params = (*DATE_PARAMS, "search")
    # Documents treaty_json's dicts; the stubs tie a view's serializer to its queryset's model.
    serializer_class = TreatySerializer  # type: ignore[assignment]

    def get_queryset(self) -> QuerySet[Treaty]:
        search = self.request.query_params.get("search")
        if search:
            return treaty_search(search)
        return Treaty.objects.order_by("short_name", "pk")

    @extend_schema(
        parameters=[
            AS_OF,
            ON,
            OpenApiParameter("search", str, description="Part of slug, name or title"),
        ],
        responses=TreatySerializer(many=True),
    )
    def get(self, request: Request) -> HttpResponseBase:
        return self.serve(request, lambda: self._list(request))

    def _list(self, request: Request) -> Response:
        on = as_of(request)
        page = self.paginate_queryset(self.get_queryset()) or []
        # Each treaty counted on its record's date where that is earlier than ``on``.
        counts, signed = counts_on_record(page, on)
        data = [
            treaty_json(t, on=on, counts=counts.get(t.pk, {}), signatories=signed.get(t.pk, 0))
            for t in page
        ]
        # many=True takes a list of instances: the stubs know only one instance.
        return self.get_paginated_response(TreatySerializer(data, many=True).data)  # type: ignore[arg-type]


class TreatyDetail(ApiView):
    """One treaty: counts on a date, rules (structured and in words) and sources."""

    query_params = DATE_PARAMS

    @extend_schema(parameters=[SLUG, AS_OF, ON], responses=TreatyDetailSerializer)
    def get(self, request: Request, slug: str) -> HttpResponseBase:
        return self.serve(request, lambda: self._detail(request, slug))

    def _detail(self, request: Request, slug: str) -> Response:
        on = as_of(request)
        treaty = get_treaty(slug)
        day = record_day(treaty, on).day  # the record's date, if ``on`` is past it
        data = treaty_detail_json(
            treaty,
            on=on,
            counts=status_counts(treaty_ids=[treaty.pk], on=day).get(treaty.pk, {}),
            signatories=signatory_counts(treaty_ids=[treaty.pk], on=day).get(treaty.pk, 0),
            event_sources=treaty_event_sources(treaty_id=treaty.pk),
        )
        return Response(TreatyDetailSerializer(data).data)


class TreatyParticipants(ApiView):
    """Every state that had acted on the treaty by ``as_of``, with its status on that date."""

    renderer_classes = LIST_RENDERERS
    query_params = (*DATE_PARAMS, "status")

    @extend_schema(
        parameters=[
            SLUG,
            AS_OF,
            ON,
            OpenApiParameter("status", str, enum=STATUS_CHOICES, description="Only this status"),
        ],
        responses=ParticipantListSerializer,
    )
    def get(self, request: Request, slug: str) -> HttpResponseBase:
        on = as_of(request)
        status = choice(request, "status", STATUS_CHOICES, "a status")
        # Every date between two change points of the treaty has the same rows: stored once
        # for all of them, with the date itself left open.
        answer = Answer(
            parts=("participants", status or ""),
            scope=("treaty", slug),
            on=on,
            holes={"as_of": on.isoformat()},
        )
        return self.serve(request, lambda: self._participants(slug, on, status, answer), answer)

    def _participants(self, slug: str, on: date, status: str | None, answer: Answer) -> Response:
        treaty = get_treaty(slug)
        # A date past the record is answered with the status on the record's date (the first
        # day past it is a change point: every date of this epoch is past it, or none is).
        record = record_day(treaty, on)
        rows = participants_on(treaty=treaty, on=record.day, status=status)
        # Built as plain data (see the serializers module): this is the API's hottest path.
        results = [participant_json(r) for r in rows]
        return Response(
            {
                "treaty": treaty.slug,
                "as_of": answer.hole("as_of"),
                "status_on": record.day.isoformat() if record.past_record else answer.hole("as_of"),
                "status_as_at": treaty.status_as_at,
                "record_as_of": record.record_as_of,
                "past_record": record.past_record,
                "has_participant_data": treaty.has_participant_data,
                "derived_up_to_date": not treaty.is_stale,
                "count": len(results) if treaty.has_participant_data else None,
                "results": results,
            }
        )


class TreatyChanges(ApiView):
    """Status changes that took effect from ``from`` to ``to`` (both inclusive)."""

    renderer_classes = LIST_RENDERERS
    query_params = ("from", "to")

    @extend_schema(
        parameters=[
            SLUG,
            OpenApiParameter(
                "from",
                OpenApiTypes.DATE,
                description=f"First day (default: {FIRST_SUPPORTED_DAY}, the earliest covered)",
            ),
            OpenApiParameter("to", OpenApiTypes.DATE, description="Last day (default: today)"),
        ],
        responses=ChangeListSerializer,
    )
    def get(self, request: Request, slug: str) -> HttpResponseBase:
        return self.serve(request, lambda: self._changes(request, slug))

    def _changes(self, request: Request, slug: str) -> Response:
        start = parse_date(request.query_params.get("from"), "from", default=FIRST_SUPPORTED_DAY)
        end = parse_date(request.query_params.get("to"), "to", default=timezone.localdate())
        assert start is not None and end is not None
        if start > end:
            raise invalid("from", "invalid_range", f"'from' ({start}) is after 'to' ({end}).")
        treaty = get_treaty(slug)
        # changes_between excludes its start: the day before makes "from" inclusive.
        exclusive = start - timedelta(days=1)
        changes = changes_between(treaty=treaty, start=exclusive, end=end)
        results = [change_json(c) for c in changes]
        data = {"treaty": treaty.slug, "from": start, "to": end, "count": len(results)}
        return Response(ChangeListSerializer({**data, "results": results}).data)


class TreatyTimeline(ApiView):
    """The number of parties over time, as a step series."""

    renderer_classes = LIST_RENDERERS

    @extend_schema(parameters=[SLUG], responses=TimelineSerializer)
    def get(self, request: Request, slug: str) -> HttpResponseBase:
        return self.serve(request, lambda: self._timeline(slug))

    def _timeline(self, slug: str) -> Response:
        treaty = get_treaty(slug)
        series: list[dict[str, Any]] = [
            {"date": day, "parties": n} for day, n in party_timeline(treaty=treaty)
        ]
        data = {"treaty": treaty.slug, "count": len(series), "results": series}
        return Response(TimelineSerializer(data).data)
