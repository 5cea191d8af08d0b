"""A busy database is a 503 with ``Retry-After``, never a 500 — for the pages and the admin.

(The API answers it in its own error body, ``api.errors``.) A lock not granted — a deadlock or
``lock_timeout`` — or a statement cut by ``statement_timeout`` is not a bug: the transaction
was rolled back whole, nothing was written, and the same request will most likely succeed a
moment later. The admin runs its writes inside its own transaction, where the write service
cannot try again by itself, so this is where such an error of an admin save ends up.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string

from events.services.locking import RETRY_AFTER_SECONDS, database_busy

logger = logging.getLogger(__name__)


class DatabaseBusyMiddleware:
    """Answer a view's "database busy" error with a 503 page and ``Retry-After``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not database_busy(exception):
            return None
        logger.warning("Database busy on %s %s: %s", request.method, request.path, exception)
        response: HttpResponse
        if request.path.startswith("/api/"):
            message = "The database is busy; this request changed nothing. Try again shortly."
            response = JsonResponse(
                {"errors": [{"field": None, "code": "busy", "message": message}]}, status=503
            )
        else:
            # A template that reads nothing from the database: the database is what is busy.
            response = HttpResponse(
                render_to_string("busy.html", {"retry_after": RETRY_AFTER_SECONDS}), status=503
            )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
