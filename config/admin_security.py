"""Admin login lockout: after repeated failures, refuse further attempts for a while.

Why not django-axes: it needs ``AUTHENTICATION_BACKENDS`` changes whose backend refuses
``authenticate()`` calls without a request, which the test client's ``login()`` and other entry
paths make; a lockout of the one login form that people use is all the issue asks for. The
counters live in Django's cache: with the default per-process cache each server process counts
on its own (still a hard ceiling of ``MAX_FAILURES`` x processes per window); a shared cache
(Redis) makes the limit exact.

Both the user name and the client address are counted, so one address cannot try many names
and many addresses cannot hammer one account. Importing this module installs the wrapper on
``admin.site.login`` (``events/admin.py`` imports it).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps

from django.contrib import admin
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

MAX_FAILURES = 5
LOCKOUT_SECONDS = 15 * 60


def _keys(request: HttpRequest) -> list[str]:
    username = (request.POST.get("username") or "").strip().lower()
    address = request.META.get("REMOTE_ADDR", "")
    # Hashed: cache keys must be short and free of arbitrary characters.
    return [
        "admin-login-fail:user:" + hashlib.sha256(username.encode()).hexdigest(),
        "admin-login-fail:addr:" + hashlib.sha256(address.encode()).hexdigest(),
    ]


def is_locked(request: HttpRequest) -> bool:
    """True if this user name or this address has failed too often recently."""
    return any((cache.get(key) or 0) >= MAX_FAILURES for key in _keys(request))


def _record_failure(request: HttpRequest) -> None:
    for key in _keys(request):
        # add() starts the window on the first failure; incr() keeps its expiry.
        if not cache.add(key, 1, LOCKOUT_SECONDS):
            try:
                cache.incr(key)
            except ValueError:  # expired between add() and incr()
                cache.add(key, 1, LOCKOUT_SECONDS)


def _reset(request: HttpRequest) -> None:
    # Only the user name's counter: logging in to one's own account must not clear the
    # address's count of failures against other accounts.
    cache.delete(_keys(request)[0])


def rate_limited(login_view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Wrap the admin login view with the lockout."""

    @wraps(login_view)
    def view(request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        if request.method == "POST":
            if is_locked(request):
                return TemplateResponse(
                    request,
                    "admin/login_locked.html",
                    {
                        **admin.site.each_context(request),
                        "title": "Too many failed log-ins",
                        "minutes": LOCKOUT_SECONDS // 60,
                    },
                    status=429,
                )
            response = login_view(request, extra_context)
            # The login view redirects on success and shows the form again on failure.
            if response.status_code == 302:
                _reset(request)
            else:
                _record_failure(request)
            return response
        return login_view(request, extra_context)

    view.rate_limited = True  # type: ignore[attr-defined]
    return view


if not getattr(admin.site.login, "rate_limited", False):
    admin.site.login = rate_limited(admin.site.login)  # type: ignore[method-assign]
