"""The events endpoint: list with filters, and writes through ``events.services``."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.http.response import HttpResponseBase
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.permissions import DjangoModelPermissionsOrAnonReadOnly
from rest_framework.renderers import BaseRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from events import services
from events.models import Event
from serving.params import is_id

from ..filters import EventFilter
from ..mixins import ApiMixin
from ..pagination import StrictLimitOffsetPagination
from ..renderers import LIST_RENDERERS
from ..serializers.events import EventSerializer, EventWriteSerializer


@extend_schema_view(
    create=extend_schema(request=EventWriteSerializer, responses={201: EventSerializer}),
    update=extend_schema(request=EventWriteSerializer, responses=EventSerializer),
    partial_update=extend_schema(request=EventWriteSerializer, responses=EventSerializer),
)
class EventViewSet(ApiMixin, viewsets.GenericViewSet[Event]):
    """Events: the facts. Anyone may read; writing needs the events model permissions.

    Writes are validated by the same service as the admin and the importers; the derived dates
    are computed after commit, and ``derived_dates_computed`` says whether that has happened.
    """

    serializer_class = EventSerializer
    permission_classes = [DjangoModelPermissionsOrAnonReadOnly]
    pagination_class = StrictLimitOffsetPagination
    filter_backends = [DjangoFilterBackend]
    filterset_class = EventFilter
    # Every row shows the treaty's slug and the state's name (N+1 on both otherwise).
    queryset = Event.objects.select_related("treaty", "state").order_by("date", "pk")

    def get_renderers(self) -> list[BaseRenderer]:
        if self.action == "list":
            return [renderer() for renderer in LIST_RENDERERS]
        return super().get_renderers()

    def get_object(self) -> Event:
        pk = self.kwargs["pk"]
        event = (
            Event.objects.select_related("treaty", "state").filter(pk=pk).first()
            if is_id(str(pk))
            else None
        )
        if event is None:
            raise Http404(f"No event with id '{pk}'.")
        self.check_object_permissions(self.request, event)
        return event

    def list(self, request: Request, *args: Any, **kwargs: Any) -> HttpResponseBase:
        return self.serve(request, self._list)

    def _list(self) -> Response:
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset())) or []
        return self.get_paginated_response(EventSerializer(page, many=True).data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> HttpResponseBase:
        return self.serve(request, lambda: Response(EventSerializer(self.get_object()).data))

    def _saved(self, event: Event, status_code: int = status.HTTP_200_OK) -> Response:
        # Re-read: the recomputation may already have filled the derived fields.
        fresh = Event.objects.select_related("treaty", "state").get(pk=event.pk)
        return Response(EventSerializer(fresh).data, status=status_code)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = EventWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        event = services.event_record(**data.validated_data)
        return self._saved(event, status.HTTP_201_CREATED)

    def update(
        self, request: Request, *args: Any, partial: bool = False, **kwargs: Any
    ) -> Response:
        event = self.get_object()
        data = EventWriteSerializer(data=request.data, partial=partial, context={"event": event})
        data.is_valid(raise_exception=True)
        event = services.event_update(event=event, **data.validated_data)
        return self._saved(event)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.update(request, *args, partial=True, **kwargs)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        services.event_delete(event=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)
