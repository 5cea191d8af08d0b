"""Request guards that apply to every page and API endpoint."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse


class RejectNulBytesMiddleware:
    """Refuse query strings containing NUL characters with a 400.

    No real input contains them, and PostgreSQL cannot store or compare text holding them: a
    search for "a\\x00b" would otherwise reach the database and fail with a 500.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        bad = [key for key, values in request.GET.lists() if "\x00" in key + "".join(values)]
        if bad:
            message = f"The query parameter {bad[0]!r} contains a NUL character."
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"errors": [{"field": bad[0], "code": "invalid", "message": message}]},
                    status=400,
                )
            return HttpResponseBadRequest(message)
        return self.get_response(request)
