"""Statement endpoints of API v1: a treaty's and a state's reservations, declarations,
objections and territorial applications, with the filters of ``statements_on``."""

from __future__ import annotations

from typing import Any

from django.http.response import HttpResponseBase
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.request import Request
from rest_framework.response import Response

from statements.models import Statement, StatementKind
from statements.selectors import statements_on
from states.models import State

from ..errors import invalid
from ..mixins import ApiMixin
from ..pagination import StrictLimitOffsetPagination
from ..params import DATE_PARAMS, parse_date
from ..permissions import ReadOnly
from ..renderers import LIST_RENDERERS
from ..serializers.statements import StatementSerializer
from .states import CODE, get_state
from .treaties import get_treaty

#: The longest ``article`` filter accepted ("article 18 (1)" is 14).
ARTICLE_MAX = 40

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
]
SLUG = OpenApiParameter("slug", str, OpenApiParameter.PATH, description="Treaty slug")


class _Statements(ApiMixin, generics.GenericAPIView[Statement]):
    permission_classes = [ReadOnly]
    renderer_classes = LIST_RENDERERS
    pagination_class = StrictLimitOffsetPagination
    serializer_class = StatementSerializer
    query_params = (*DATE_PARAMS, "kind", "article", "objects_to")

    def _filters(self, request: Request) -> dict[str, Any]:
        params = request.query_params
        dates = {n: params[n] for n in DATE_PARAMS if n in params}
        if len(set(dates.values())) > 1:
            raise invalid("on", "conflicting_dates", "Give 'as_of' or 'on', not two dates.")
        name, value = next(iter(dates.items()), ("as_of", None))
        kind = params.get("kind")
        if kind is not None and kind not in StatementKind.values:
            raise invalid(
                "kind",
                "invalid_choice",
                f"'{kind}' is not a kind of statement; use one of"
                f" {', '.join(StatementKind.values)}.",
            )
        article = params.get("article")
        if article is not None and not (0 < len(article.strip()) <= ARTICLE_MAX):
            raise invalid(
                "article", "invalid", f"Give an article of 1 to {ARTICLE_MAX} characters."
            )
        objects_to: State | None = None
        code = params.get("objects_to")
        if code is not None:
            objects_to = State.objects.filter(code=code.upper()).first()
            if objects_to is None:
                raise invalid("objects_to", "unknown_state", f"No state with code '{code}'.")
        return {
            "on": parse_date(value, name),
            "kind": kind,
            "article": article,
            "objects_to": objects_to,
        }

    def _page(self, request: Request, **scope: Any) -> Response:
        rows = statements_on(**scope, **self._filters(request))
        page = self.paginate_queryset(rows) or []
        return self.get_paginated_response(StatementSerializer(page, many=True).data)


class TreatyStatements(_Statements):
    """The reservations, declarations, objections and territorial applications made on a
    treaty, each quoted from the depositary with its source."""

    @extend_schema(parameters=[SLUG, *FILTERS], responses=StatementSerializer(many=True))
    def get(self, request: Request, slug: str) -> HttpResponseBase:
        return self.serve(request, lambda: self._page(request, treaty=get_treaty(slug)))


class StateStatements(_Statements):
    """The reservations, declarations, objections and territorial applications a state made,
    on every treaty, each quoted from the depositary with its source."""

    @extend_schema(parameters=[CODE, *FILTERS], responses=StatementSerializer(many=True))
    def get(self, request: Request, code: str) -> HttpResponseBase:
        return self.serve(request, lambda: self._page(request, state=get_state(code)))
