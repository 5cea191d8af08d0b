"""State endpoints of API v1."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.exceptions import ErrorDetail, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from config.api import LIST_RENDERERS, ApiMixin, ApiView, ReadOnly, StrictLimitOffsetPagination
from events import selectors
from events.selectors_api import state_position_facts
from states.models import State
from treaties.api.views import AS_OF, as_of

from .serializers import PositionListSerializer, StateSerializer, position_json

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


class StateList(ApiMixin, generics.ListAPIView):
    """Every state, organisation and historical state that can be bound by a treaty."""

    permission_classes = [ReadOnly]
    renderer_classes = LIST_RENDERERS
    pagination_class = StrictLimitOffsetPagination
    serializer_class = StateSerializer
    query_params = ("kind", "search")

    def get_queryset(self):  # type: ignore[no-untyped-def]
        queryset = State.objects.order_by("short_name", "pk")
        params = self.request.query_params
        if params.get("kind"):
            kind = params["kind"]
            if kind not in State.Kind.values:
                raise ValidationError(
                    {
                        "kind": [
                            ErrorDetail(
                                f"'{kind}' is not a kind; use one of "
                                f"{', '.join(State.Kind.values)}.",
                                code="invalid_choice",
                            )
                        ]
                    }
                )
            queryset = queryset.filter(kind=kind)
        if params.get("search"):
            queryset = queryset.search(params["search"])
        return queryset

    @extend_schema(
        parameters=[
            OpenApiParameter("kind", str, enum=State.Kind.values),
            OpenApiParameter("search", str, description="Part of a name, an alias, or a code"),
        ]
    )
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)


class StateDetail(ApiView):
    """One state."""

    @extend_schema(parameters=[CODE], responses=StateSerializer)
    def get(self, request: Request, code: str) -> Response:
        return Response(StateSerializer(get_state(code)).data)


class StateTreaties(ApiView):
    """The state's position on every treaty it had acted on by ``as_of``."""

    renderer_classes = LIST_RENDERERS
    query_params = ("as_of",)

    @extend_schema(parameters=[CODE, AS_OF], responses=PositionListSerializer)
    def get(self, request: Request, code: str) -> Response:
        on = as_of(request)
        state = get_state(code)
        positions = selectors.state_positions(state=state, on=on)
        facts = state_position_facts(state=state, on=on, positions=positions)
        results = [position_json(p, facts[p.treaty.pk]) for p in positions]
        return Response(
            {"state": state.code, "as_of": on, "count": len(results), "results": results}
        )
