"""State endpoints of API v1."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.http.response import HttpResponseBase
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.request import Request
from rest_framework.response import Response

from events.selectors.record import positions_on_record
from serving.answers import Answer
from states.models import State
from states.selectors import state_search

from ..mixins import ApiMixin, ApiView
from ..pagination import StrictLimitOffsetPagination
from ..params import AS_OF, DATE_PARAMS, ON, as_of, choice
from ..permissions import ReadOnly
from ..renderers import LIST_RENDERERS
from ..serializers.states import PositionListSerializer, StateSerializer, position_json

CODE = OpenApiParameter(
    "code",
    str,
    OpenApiParameter.PATH,
    description="ISO 3166-1 alpha-3 code (any case)",
    examples=[OpenApiExample("Norway", value="NOR")],
)


def get_state(code: str) -> State:
    """The state with ``code`` (any case), or a 404 that names it."""
    state = State.objects.filter(code=code.upper()).first()
    if state is None:
        raise Http404(f"No state with code '{code}'.")
    return state


class StateList(ApiMixin, generics.GenericAPIView[State]):
    """Every state, organisation and historical state that can be bound by a treaty."""

    permission_classes = [ReadOnly]
    renderer_classes = LIST_RENDERERS
    pagination_class = StrictLimitOffsetPagination
    serializer_class = StateSerializer
    query_params = ("kind", "search")

    def get_queryset(self) -> QuerySet[State]:
        queryset = State.objects.order_by("short_name", "pk")
        if self.request.query_params.get("kind"):  # an empty kind means any kind
            queryset = queryset.filter(
                kind=choice(self.request, "kind", State.Kind.values, "a kind")
            )
        search = self.request.query_params.get("search")
        if search:
            queryset = queryset.filter(pk__in=[m.state.pk for m in state_search(search)])
        return queryset

    @extend_schema(
        parameters=[
            OpenApiParameter("kind", str, enum=State.Kind.values),
            OpenApiParameter("search", str, description="Part of a name, an alias, or a code"),
        ],
        responses=StateSerializer(many=True),
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> HttpResponseBase:
        return self.serve(request, self._list)

    def _list(self) -> Response:
        page = self.paginate_queryset(self.get_queryset()) or []
        return self.get_paginated_response(StateSerializer(page, many=True).data)


class StateDetail(ApiView):
    """One state."""

    @extend_schema(parameters=[CODE], responses=StateSerializer)
    def get(self, request: Request, code: str) -> HttpResponseBase:
        return self.serve(request, lambda: Response(StateSerializer(get_state(code)).data))


class StateTreaties(ApiView):
    """The state's position on every treaty it had acted on by ``as_of``."""

    renderer_classes = LIST_RENDERERS
    query_params = DATE_PARAMS

    @extend_schema(parameters=[CODE, AS_OF, ON], responses=PositionListSerializer)
    def get(self, request: Request, code: str) -> HttpResponseBase:
        on = as_of(request)
        # Every date between two change points of the state has the same rows.
        answer = Answer(
            parts=("positions",),
            scope=("state", code.upper()),
            on=on,
            holes={"as_of": on.isoformat()},
        )
        return self.serve(request, lambda: self._positions(code, on, answer), answer)

    def _positions(self, code: str, on: date, answer: Answer) -> Response:
        state = get_state(code)
        # Each treaty on its record's date where ``on`` is past it (events.selectors.record).
        rows = positions_on_record(state=state, on=on, with_intervals=True)
        results = [position_json(row, on) for row in rows]
        return Response(
            {
                "state": state.code,
                "as_of": answer.hole("as_of"),
                "count": len(results),
                "results": results,
            }
        )
