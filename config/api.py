"""Shared machinery of API v1: errors, strict input, pagination, throttling, CSV, conditional GET.

Every API v1 view derives from :class:`ApiView` (or mixes in :class:`ApiMixin`), so these
behaviours hold on every endpoint without touching the project settings:

* one JSON body for every 4xx: ``{"errors": [{"field": ..., "code": ..., "message": ...}]}``;
* unknown query parameters, malformed or impossible dates and oversized pages are 400s;
* anonymous reads are throttled (the rate is read from settings at request time, so tests can
  change it with ``override_settings``);
* ``ETag`` and ``Last-Modified`` come from the data's last change (one query), and a matching
  ``If-None-Match``/``If-Modified-Since`` is answered with 304 before any heavy query runs.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import get_conditional_response
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, renderers, status
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from .caching import CACHE_SECONDS, validators

CACHED_FORMATS = frozenset({"json", "csv"})
MAX_PAGE_SIZE = 1000
DEFAULT_PAGE_SIZE = 100
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

# --- Errors -----------------------------------------------------------------------------------


class NotModified(exceptions.APIException):
    """The client's cached copy is current: answered with an empty 304 by the handler."""

    status_code = status.HTTP_304_NOT_MODIFIED
    default_detail = "Not modified."
    default_code = "not_modified"

    def __init__(self, headers: Mapping[str, str]) -> None:
        super().__init__()
        self.headers = dict(headers)


class CachedRepresentation(exceptions.APIException):
    """A stored rendering of this exact representation exists: answered as is by the handler.

    Raised from ``initial`` like :class:`NotModified`, so that no view code runs on a hit.
    """

    status_code = status.HTTP_200_OK

    def __init__(self, content: bytes, content_type: str) -> None:
        super().__init__()
        self.content = content
        self.content_type = content_type


def error(field: str | None, code: str, message: str) -> dict[str, Any]:
    """One entry of the error body."""
    return {"field": field, "code": code, "message": message}


def error_response(errors: list[dict[str, Any]], status_code: int) -> Response:
    """A response with the API's one error body."""
    return Response({"errors": errors}, status=status_code)


def _flatten_drf(detail: Any, field: str | None = None) -> list[dict[str, Any]]:
    """DRF error details (nested dicts/lists of ErrorDetail) as a flat list of errors."""
    if isinstance(detail, Mapping):
        out: list[dict[str, Any]] = []
        for key, value in detail.items():
            name = None if key in ("non_field_errors", "__all__") else str(key)
            if field and name:
                name = f"{field}.{name}"
            out.extend(_flatten_drf(value, name or field))
        return out
    if isinstance(detail, list | tuple):
        out = []
        for index, value in enumerate(detail):
            # Lists of objects (nested serializers) keep the index in the field path.
            sub = f"{field}[{index}]" if isinstance(value, Mapping) and field else field
            out.extend(_flatten_drf(value, sub))
        return out
    code = getattr(detail, "code", None) or "invalid"
    return [error(field, str(code), str(detail))]


def _flatten_django(exc: DjangoValidationError) -> list[dict[str, Any]]:
    """A Django ValidationError (e.g. ``EventRejected``) as a flat list of errors."""
    out: list[dict[str, Any]] = []
    if hasattr(exc, "error_dict"):
        for key, errors in exc.error_dict.items():
            name = None if key == "__all__" else key
            for err in errors:
                for message in err.messages:
                    out.append(error(name, err.code or "invalid", message))
    else:
        for err in exc.error_list:
            for message in err.messages:
                out.append(error(None, err.code or "invalid", message))
    return out


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Turn every error the API can raise into the one JSON error body.

    Domain errors (``EventRejected`` and other Django ``ValidationError``) become 400s; a
    unique-constraint race that slipped past validation becomes 409 rather than a 500.
    """
    if isinstance(exc, NotModified):
        response = Response(status=status.HTTP_304_NOT_MODIFIED)
        for name, value in exc.headers.items():
            response[name] = value
        return response
    if isinstance(exc, CachedRepresentation):
        return HttpResponse(exc.content, content_type=exc.content_type)
    if isinstance(exc, DjangoValidationError):
        return error_response(_flatten_django(exc), status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, IntegrityError):
        return error_response(
            [error(None, "conflict", "This change conflicts with existing data.")],
            status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, Http404):
        message = str(exc) if exc.args and str(exc) else "Not found."
        return error_response([error(None, "not_found", message)], status.HTTP_404_NOT_FOUND)
    if isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    if not isinstance(exc, exceptions.APIException):
        return None  # a real bug: let Django log it and answer 500
    headers: dict[str, str] = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header  # type: ignore[attr-defined]
    if getattr(exc, "wait", None):
        headers["Retry-After"] = str(int(exc.wait))  # type: ignore[attr-defined]
    if isinstance(exc, exceptions.ValidationError):
        errors = _flatten_drf(exc.detail)
    else:
        errors = [error(None, str(exc.get_codes()), str(exc.detail))]
    response = error_response(errors, exc.status_code)
    for name, value in headers.items():
        response[name] = value
    return response


@csrf_exempt  # answers every method with a 404; a CSRF 403 in HTML would hide that
def not_found_view(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    """Unknown paths under /api/v1/ answer with the same error body (not an HTML page)."""
    return JsonResponse(
        {"errors": [error(None, "not_found", f"No API endpoint at {request.path}.")]},
        status=404,
    )


# --- Input ------------------------------------------------------------------------------------


def parse_date(value: str | None, field: str, *, default: date | None = None) -> date | None:
    """A query-string date in ISO ``YYYY-MM-DD``; malformed or impossible dates are 400s."""
    if value is None or value == "":
        if value == "":
            raise exceptions.ValidationError(
                {field: [exceptions.ErrorDetail("A date is required here.", code="required")]}
            )
        return default
    if not _ISO_DATE.match(value):
        raise exceptions.ValidationError(
            {
                field: [
                    exceptions.ErrorDetail(
                        f"'{value}' is not a date in the form YYYY-MM-DD.", code="invalid_date"
                    )
                ]
            }
        )
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise exceptions.ValidationError(
            {
                field: [
                    exceptions.ErrorDetail(
                        f"'{value}' is not a real calendar date.", code="impossible_date"
                    )
                ]
            }
        ) from None


def reject_unknown_params(request: Request, allowed: Iterable[str]) -> None:
    """A misspelt filter must not silently return unfiltered data: refuse it."""
    known = {*allowed, api_settings.URL_FORMAT_OVERRIDE}
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        raise exceptions.ValidationError(
            {
                name: [
                    exceptions.ErrorDetail(
                        f"Unknown query parameter '{name}'. Allowed: "
                        f"{', '.join(sorted(known)) or 'none'}.",
                        code="unknown_parameter",
                    )
                ]
                for name in unknown
            }
        )


# --- Pagination -------------------------------------------------------------------------------


class StrictLimitOffsetPagination(LimitOffsetPagination):
    """Limit/offset pages where a bad or oversized ``limit`` is an error, not silently clamped."""

    default_limit = DEFAULT_PAGE_SIZE
    max_limit = MAX_PAGE_SIZE

    def _integer(self, request: Request, name: str, *, minimum: int) -> int | None:
        raw = request.query_params.get(name)
        if raw is None:
            return None
        if not raw.isdigit() or int(raw) < minimum:
            raise exceptions.ValidationError(
                {
                    name: [
                        exceptions.ErrorDetail(
                            f"'{raw}' is not an integer of at least {minimum}.", code="invalid"
                        )
                    ]
                }
            )
        return int(raw)

    def get_limit(self, request: Request) -> int:
        limit = self._integer(request, self.limit_query_param, minimum=1)
        if limit is None:
            return self.default_limit
        if limit > self.max_limit:
            raise exceptions.ValidationError(
                {
                    self.limit_query_param: [
                        exceptions.ErrorDetail(
                            f"The page size {limit} is larger than the maximum of "
                            f"{self.max_limit}.",
                            code="max_value",
                        )
                    ]
                }
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


# --- Throttling and permissions ----------------------------------------------------------------


class AnonReadThrottle(AnonRateThrottle):
    """Anonymous requests are throttled; the rate is read when the request arrives.

    DRF's own class binds ``THROTTLE_RATES`` at import time, which makes ``override_settings``
    in tests ineffective.
    """

    def get_rate(self) -> str | None:
        rates = getattr(settings, "REST_FRAMEWORK", {}).get("DEFAULT_THROTTLE_RATES", {})
        return rates.get(self.scope)


class ReadOnly(BasePermission):
    """Public data: anyone may read. Other methods have no handler here, and are let through
    so that the client learns the truth (405 Method Not Allowed) rather than a 403."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return request.method in SAFE_METHODS or not hasattr(view, request.method.lower())


# --- CSV --------------------------------------------------------------------------------------


def _flat(prefix: str, value: Any, out: dict[str, Any]) -> None:
    if isinstance(value, Mapping):
        for key, sub in value.items():
            _flat(f"{prefix}.{key}" if prefix else str(key), sub, out)
    elif isinstance(value, list | tuple):
        # Lists (intervals, explanations) stay in one cell, as compact JSON.
        out[prefix] = json.dumps(value, default=str, ensure_ascii=False) if value else ""
    elif value is None:
        out[prefix] = ""
    else:
        out[prefix] = value


class CSVRenderer(renderers.BaseRenderer):
    """``?format=csv``: the ``results`` of a list, one row each, nested objects dotted."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: Mapping[str, Any] | None = None,
    ) -> bytes:
        if data is None:
            return b""
        if isinstance(data, Mapping) and "results" in data:
            rows = data["results"]
        elif isinstance(data, list):
            rows = data
        else:
            rows = [data]
        flat_rows = []
        header: dict[str, None] = {}
        for row in rows:
            flat: dict[str, Any] = {}
            _flat("", row, flat)
            header.update(dict.fromkeys(flat))
            flat_rows.append(flat)
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=list(header), lineterminator="\n")
        writer.writeheader()
        writer.writerows(flat_rows)
        return buffer.getvalue().encode(self.charset)


# --- Conditional GET --------------------------------------------------------------------------


class ApiMixin:
    """Behaviour shared by every API v1 view (see the module docstring)."""

    #: Query parameters a GET accepts besides ``format`` (pagination adds its own).
    query_params: tuple[str, ...] = ()
    #: Answer GETs conditionally (ETag/Last-Modified keyed on the data's last change).
    conditional: bool = True
    #: Keep the rendered JSON/CSV of GETs in the cache under their ETag.
    cache_representations: bool = True
    throttle_classes = [AnonReadThrottle]

    def get_exception_handler(self):  # type: ignore[no-untyped-def]
        return exception_handler

    def allowed_query_params(self) -> set[str]:
        allowed = set(self.query_params)
        paginator = getattr(self, "paginator", None)
        if paginator is not None:
            allowed |= {paginator.limit_query_param, paginator.offset_query_param}
        filterset_class = getattr(self, "filterset_class", None)
        if filterset_class is not None:
            allowed |= set(filterset_class.base_filters)
        return allowed

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)  # type: ignore[misc]
        if request.method not in ("GET", "HEAD"):
            return
        reject_unknown_params(request, self.allowed_query_params())
        if self.conditional:
            self._conditional_headers = self._validators(request)
            not_modified = get_conditional_response(
                request,
                etag=self._conditional_headers["ETag"],
                last_modified=self._last_modified,
            )
            if not_modified is not None and not_modified.status_code == 304:
                raise NotModified(self._conditional_headers)
            format_ = getattr(request.accepted_renderer, "format", None)
            # Only formats that do not depend on who asks (the browsable API shows the user).
            if self.cache_representations and format_ in CACHED_FORMATS:
                self._cache_key = "api:v1:" + self._conditional_headers["ETag"]
                hit = cache.get(self._cache_key)
                if hit is not None:
                    raise CachedRepresentation(*hit)

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self._cache_key = None
        response = super().dispatch(request, *args, **kwargs)  # type: ignore[misc]
        if (
            self._cache_key
            and response.status_code == 200
            and isinstance(response, Response)
            and not response.exception
        ):
            # The key holds the data version: a change of the data makes a new key, so a
            # stored rendering is never stale; old ones age out of the cache.
            response.render()
            cache.set(self._cache_key, (response.content, response["Content-Type"]), CACHE_SECONDS)
        return response

    def _validators(self, request: Request) -> dict[str, str]:
        # The representation depends on the URL, the format and the day (config.caching).
        renderer = getattr(request, "accepted_renderer", None)
        headers, self._last_modified = validators(
            request, "api", getattr(renderer, "format", "") or ""
        )
        return headers

    def finalize_response(
        self, request: Request, response: Response, *args: Any, **kwargs: Any
    ) -> Response:
        if response.status_code >= 400 and isinstance(
            getattr(request, "accepted_renderer", None), CSVRenderer
        ):
            # Errors are always the JSON error body, even when CSV was asked for.
            request.accepted_renderer = renderers.JSONRenderer()
            request.accepted_media_type = renderers.JSONRenderer.media_type
        response = super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]
        headers = getattr(self, "_conditional_headers", None)
        if headers and response.status_code == 200:
            for name, value in headers.items():
                response[name] = value
            response["Cache-Control"] = "public, max-age=0, must-revalidate"
        return response


class ApiView(ApiMixin, APIView):
    """A read-only API v1 endpoint."""

    permission_classes = [ReadOnly]
    renderer_classes = [renderers.JSONRenderer, renderers.BrowsableAPIRenderer]


LIST_RENDERERS = [renderers.JSONRenderer, renderers.BrowsableAPIRenderer, CSVRenderer]


# --- Schema -----------------------------------------------------------------------------------

ERROR_SCHEMA = {
    "type": "object",
    "required": ["errors"],
    "properties": {
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["field", "code", "message"],
                "properties": {
                    "field": {"type": "string", "nullable": True},
                    "code": {"type": "string"},
                    "message": {"type": "string"},
                },
            },
        }
    },
}
_ERROR_STATUSES = {
    "400": "Bad input: unknown parameter, malformed or impossible date, page too large, "
    "rejected event.",
    "401": "Authentication required.",
    "403": "Not allowed.",
    "404": "Unknown treaty, state, event, path or format.",
    "405": "Method not allowed here.",
    "406": "Format not available.",
    "409": "Conflicts with existing data.",
    "415": "Unsupported request body type.",
    "429": "Too many anonymous requests.",
}


def add_error_responses(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """drf-spectacular post-processing hook: document the error body on every operation,
    and the 304 of conditional GETs."""
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components["Error"] = ERROR_SCHEMA
    ref = {"$ref": "#/components/schemas/Error"}
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            responses = operation.setdefault("responses", {})
            for code, description in _ERROR_STATUSES.items():
                responses.setdefault(
                    code,
                    {
                        "description": description,
                        "content": {"application/json": {"schema": ref}},
                    },
                )
            if method == "get":
                responses.setdefault("304", {"description": "Not modified since your copy."})
    return result
