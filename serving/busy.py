"""A busy or unreachable database is a 503 with ``Retry-After``, never a 500 — for the pages and
the admin.

(The API answers it in its own error body, ``api.errors``.) A lock not granted — a deadlock or
``lock_timeout`` — or a statement cut by ``statement_timeout`` is not a bug: the transaction
was rolled back whole, nothing was written, and the same request will most likely succeed a
moment later. The admin runs its writes inside its own transaction, where the write service
cannot try again by itself, so this is where such an error of an admin save ends up.

A database that cannot be reached at all fails wherever the first query is: in a view (the
middleware answers it) or in a middleware before any view (the session of a logged-in editor,
the log-in lockout): :func:`server_error`, the project's ``handler500``, answers those.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.views import defaults
from django_guid import get_guid

from events.services.locking import RETRY_AFTER_SECONDS, database_busy, database_unavailable

logger = logging.getLogger(__name__)


class DatabaseBusyMiddleware:
    """Answer a view's "database busy" error with a 503 page and ``Retry-After``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not database_unavailable(exception):
            return None
        return unavailable_response(request, exception)


def unavailable_response(request: HttpRequest, exception: BaseException) -> HttpResponse:
    """The 503 for a database that is busy or cannot be reached (JSON under ``/api/``)."""
    busy = database_busy(exception)
    logger.warning(
        "Database %s on %s %s: %s",
        "busy" if busy else "unreachable",
        request.method,
        request.path,
        exception,
    )
    response: HttpResponse
    if request.path.startswith("/api/"):
        code, message = (
            ("busy", "The database is busy; this request changed nothing. Try again shortly.")
            if busy
            else (
                "unavailable",
                "The database cannot be reached; this request changed nothing. Try again shortly.",
            )
        )
        response = JsonResponse(
            {"errors": [{"field": None, "code": code, "message": message}]}, status=503
        )
    else:
        # A template that reads nothing from the database: the database is what is busy.
        response = HttpResponse(
            render_to_string("busy.html", {"retry_after": RETRY_AFTER_SECONDS, "busy": busy}),
            status=503,
        )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """The project's ``handler500``: a database that is unavailable is a 503, anything else the
    usual 500 page. Django calls it while handling the exception, so it is still at hand."""
    exception = sys.exc_info()[1]
    if exception is not None and database_unavailable(exception):
        return unavailable_response(request, exception)
    # The request's id (django-guid; the X-Request-ID answered and every log line carry it):
    # a reader who reports the fault can quote it. Nothing else of the request is used.
    request_id = get_guid() or ""
    try:
        body = render_to_string(defaults.ERROR_500_TEMPLATE_NAME, {"request_id": request_id})
    except Exception:  # the error page must not fail: Django's plain one then
        return defaults.server_error(request)
    return HttpResponse(body, status=500)
