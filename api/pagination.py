"""Limit/offset pages where a bad or oversized ``limit`` is an error, not silently clamped."""

from __future__ import annotations

from typing import Any

from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request

from serving.params import ParamError, parse_count

from .errors import invalid

MAX_PAGE_SIZE = 1000
DEFAULT_PAGE_SIZE = 100


class StrictLimitOffsetPagination(LimitOffsetPagination):
    """``limit`` (1 to 1000, default 100) and ``offset``, strictly parsed."""

    default_limit = DEFAULT_PAGE_SIZE
    max_limit = MAX_PAGE_SIZE

    def _integer(self, request: Request, name: str, *, minimum: int) -> int | None:
        raw = request.query_params.get(name)
        if raw is None:
            return None
        try:
            return parse_count(name, raw, minimum=minimum)
        except ParamError:
            raise invalid(
                name, "invalid", f"'{raw}' is not an integer of at least {minimum}."
            ) from None

    def get_limit(self, request: Request) -> int:
        limit = self._integer(request, self.limit_query_param, minimum=1)
        if limit is None:
            return self.default_limit
        if limit > self.max_limit:
            raise invalid(
                self.limit_query_param,
                "max_value",
                f"The page size {limit} is larger than the maximum of {self.max_limit}.",
            )
        return limit

    def get_offset(self, request: Request) -> int:
        return self._integer(request, self.offset_query_param, minimum=0) or 0

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        params = super().get_schema_operation_parameters(view)
        for param in params:
            if param["name"] == self.limit_query_param:
                param["schema"].update({"minimum": 1, "maximum": self.max_limit})
            else:
                param["schema"].update({"minimum": 0})
        return params
