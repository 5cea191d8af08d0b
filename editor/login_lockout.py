"""The admin's log-in form behind the lockout of ``serving.lockout`` (the admin site in
``config.admin`` sends every log-in through :func:`guarded_login`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from serving.clients import client_address
from serving.lockout import LOCKOUT_SECONDS, is_locked, record_failure, record_success


def _password_was_wrong(response: HttpResponse) -> bool:
    """True if the refused log-in had a wrong user name or password, rather than the right
    ones of a user who may not use the admin (the form authenticated them: ``get_user()``)."""
    form = (getattr(response, "context_data", None) or {}).get("form")
    return form is None or not form.is_bound or form.get_user() is None


def guarded_login(
    request: HttpRequest,
    login: Callable[[HttpRequest], HttpResponse],
    site_context: Callable[[], dict[str, Any]],
) -> HttpResponse:
    """Run the admin's ``login`` view unless this account or address is locked out; count a
    wrong password, and clear the account's count on success."""
    if request.method != "POST":
        return login(request)
    username = str(request.POST.get("username") or "")
    address = client_address(request)
    if is_locked(username=username, address=address):
        return TemplateResponse(
            request,
            "admin/login_locked.html",
            {
                **site_context(),
                "title": "Too many failed log-ins",
                "minutes": LOCKOUT_SECONDS // 60,
            },
            status=429,
        )
    response = login(request)
    # The login view redirects on success and shows the form again on failure.
    if response.status_code == 302:
        record_success(username=username)
    elif _password_was_wrong(response):
        record_failure(username=username, address=address)
    return response
