"""The API's one error body, ``{"errors": [{"field", "code", "message"}]}``, for every 4xx
and the 503 of a busy database.

``exception_handler`` (wired in settings) turns every error the API can raise into it: domain
errors (``EventRejected``, ``RulesRejected`` and other Django ``ValidationError``) become
400s, a unique-constraint race that slipped past validation a 409 rather than a 500, and a
lock the database did not
grant (a deadlock, ``lock_timeout``; the write service has already tried once more) or a
statement cut by ``statement_timeout`` a 503 with ``Retry-After``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404, HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.response import Response

from events.services.locking import RETRY_AFTER_SECONDS, database_busy, database_unreachable


def error(field: str | None, code: str, message: str) -> dict[str, Any]:
    """One entry of the error body."""
    return {"field": field, "code": code, "message": message}


def error_response(errors: list[dict[str, Any]], status_code: int) -> Response:
    """A response with the API's one error body."""
    return Response({"errors": errors}, status=status_code)


def invalid(field: str, code: str, message: str) -> exceptions.ValidationError:
    """A 400 about one field (raise it)."""
    return exceptions.ValidationError({field: [exceptions.ErrorDetail(message, code=code)]})


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
    """A Django ValidationError (e.g. ``EventRejected``, ``RulesRejected``) as a flat list of
    errors."""
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
    """Turn every error the API can raise into the one JSON error body."""
    if isinstance(exc, DjangoValidationError):
        return error_response(_flatten_django(exc), status.HTTP_400_BAD_REQUEST)
    if database_busy(exc):
        response = error_response(
            [
                error(
                    None,
                    "busy",
                    "The database is busy (another change of the same treaty, or a slow "
                    "query); this request changed nothing. Try again in a moment.",
                )
            ],
            status.HTTP_503_SERVICE_UNAVAILABLE,
        )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    if database_unreachable(exc):
        response = error_response(
            [
                error(
                    None,
                    "unavailable",
                    "The database cannot be reached; this request changed nothing. Try again "
                    "in a moment.",
                )
            ],
            status.HTTP_503_SERVICE_UNAVAILABLE,
        )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
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
    auth_header = getattr(exc, "auth_header", None)
    if auth_header:
        headers["WWW-Authenticate"] = auth_header
    wait = getattr(exc, "wait", None)
    if wait:
        headers["Retry-After"] = str(int(wait))
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
