"""Statement endpoints of API v1: a treaty's and a state's reservations, declarations,
objections and territorial applications, with the filters of ``statements_on``."""

from __future__ import annotations

from typing import Any

from django.http.response import HttpResponseBase
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, generics
from rest_framework.request import Request
from rest_framework.response import Response

from statements.filters import Q_MAX, parse_filters
from statements.models import Statement, StatementKind
from statements.selectors import statements_on

from ..errors import invalid
from ..mixins import ApiMixin
from ..pagination import StrictLimitOffsetPagination
from ..params import DATE_PARAMS, parse_date
from ..permissions import ReadOnly
from ..renderers import LIST_RENDERERS
from ..serializers.statements import StatementSerializer
from .states import CODE, get_state
from .treaties import get_treaty

FILTERS = [
    OpenApiParameter(
        "as_of",
        OpenApiTypes.DATE,
        description="Only the statements in effect that day: made on or before it (or "
        "undated) and not withdrawn by then. Default: every statement, withdrawn ones too",
    ),
    OpenApiParameter("on", OpenApiTypes.DATE, description="The same as as_of"),
    OpenApiParameter("kind", str, enum=StatementKind.values),
    OpenApiParameter(
        "article", str, description='An article the statement concerns, e.g. "IX" or "10"'
    ),
    OpenApiParameter(
        "objects_to", str, description="Objections to this state's statements (alpha-3 code)"
    ),
    OpenApiParameter(
        "q",
        str,
        description=f"Words of the statement's text (1 to {Q_MAX} characters). On PostgreSQL "
        'a full-text search in English (stemmed; "a phrase", or, -word); on SQLite every word, '
        "ignoring case",
    ),
]
STATE_FILTER = OpenApiParameter(
    "state", str, description="Only this state's statements (alpha-3 code)"
)
TREATY_FILTER = OpenApiParameter("treaty", str, description="Only this treaty's (slug)")
#: The filters of both endpoints (each adds the other scope: ``state`` or ``treaty``).
COMMON = ("kind", "article", "objects_to", "q")
SLUG = OpenApiParameter("slug", str, OpenApiParameter.PATH, description="Treaty slug")


class _Statements(ApiMixin, generics.GenericAPIView[Statement]):
    permission_classes = [ReadOnly]
    renderer_classes = LIST_RENDERERS
    pagination_class = StrictLimitOffsetPagination
    serializer_class = StatementSerializer
    filters: tuple[str, ...] = COMMON
    query_params: tuple[str, ...] = (*DATE_PARAMS, *COMMON)

    def _filters(self, request: Request) -> dict[str, Any]:
        params = request.query_params
        dates = {n: params[n] for n in DATE_PARAMS if n in params}
        if len(set(dates.values())) > 1:
            raise invalid("on", "conflicting_dates", "Give 'as_of' or 'on', not two dates.")
        name, value = next(iter(dates.items()), ("as_of", None))
        on = parse_date(value, name)
        found, errors = parse_filters(params, self.filters)
        if errors:
            raise exceptions.ValidationError(
                {e.field: [exceptions.ErrorDetail(e.message, code=e.code)] for e in errors}
            )
        return {"on": on, **found}

    def _page(self, request: Request, **scope: Any) -> Response:
        rows = statements_on(**scope, **self._filters(request))
        page = self.paginate_queryset(rows) or []
        return self.get_paginated_response(StatementSerializer(page, many=True).data)


class TreatyStatements(_Statements):
    """The reservations, declarations, objections and territorial applications made on a
    treaty, each quoted from the depositary with its source."""

    filters = (*COMMON, "state")
    query_params = (*DATE_PARAMS, *filters)

    @extend_schema(
        parameters=[SLUG, *FILTERS, STATE_FILTER], responses=StatementSerializer(many=True)
    )
    def get(self, request: Request, slug: str) -> HttpResponseBase:
        return self.serve(request, lambda: self._page(request, treaty=get_treaty(slug)))


class StateStatements(_Statements):
    """The reservations, declarations, objections and territorial applications a state made,
    on every treaty, each quoted from the depositary with its source."""

    filters = (*COMMON, "treaty")
    query_params = (*DATE_PARAMS, *filters)

    @extend_schema(
        parameters=[CODE, *FILTERS, TREATY_FILTER], responses=StatementSerializer(many=True)
    )
    def get(self, request: Request, code: str) -> HttpResponseBase:
        return self.serve(request, lambda: self._page(request, state=get_state(code)))
