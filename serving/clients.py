"""Who is asking: the client's address, read one way by the API's throttle, the pages'
throttle and the log-in lockout.

Behind ``NUM_PROXIES`` reverse proxies (settings; 0 when the server faces clients itself)
each proxy appends the address it received the request from to ``X-Forwarded-For``, so the
client is the ``NUM_PROXIES``-th address from the right: addresses further left were written
by the client and prove nothing. With no proxy configured the header is ignored, and the
client is the connection's own address. This is DRF's reading of ``NUM_PROXIES``, so the
API's throttle and ours agree.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The address of the client that sent ``request`` (see the module docstring)."""
    remote = str(request.META.get("REMOTE_ADDR", ""))
    proxies: int = getattr(settings, "NUM_PROXIES", 0)
    if proxies <= 0:
        return remote
    forwarded = [
        part.strip()
        for part in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")
        if part.strip()
    ]
    if not forwarded:
        return remote
    return forwarded[-min(proxies, len(forwarded))]
