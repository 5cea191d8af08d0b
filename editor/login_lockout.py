"""Admin login lockout: after repeated failures, refuse further attempts for a while.

Why not django-axes: it needs ``AUTHENTICATION_BACKENDS`` changes whose backend refuses
``authenticate()`` calls without a request, which the test client's ``login()`` and other entry
paths make; a lockout of the one login form that people use is all the issue asks for. The
counters live in Django's cache: with the default per-process cache each server process counts
on its own (still a hard ceiling of ``MAX_FAILURES`` x processes per window); a shared cache
(Redis) makes the limit exact.

Both the user name and the client address are counted, so one address cannot try many names
and many addresses cannot hammer one account. The admin site (``config.admin``) sends every
log-in through :func:`guarded_login`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

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


def guarded_login(
    request: HttpRequest,
    login: Callable[[HttpRequest], HttpResponse],
    site_context: Callable[[], dict],
) -> HttpResponse:
    """Run the admin's ``login`` view unless this user name or address is locked out; count
    the failures and clear the user name's count on success."""
    if request.method != "POST":
        return login(request)
    if is_locked(request):
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
        _reset(request)
    else:
        _record_failure(request)
    return response
