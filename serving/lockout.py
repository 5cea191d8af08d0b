"""Log-in lockout: after repeated wrong passwords, refuse further attempts for a while.

Shared by every place that checks a password: the admin's log-in form (``editor``) and the
API's token endpoint (``api``).

Failures are counted **per account**: ``MAX_FAILURES_PER_ACCOUNT`` wrong passwords for one user
name lock that name for ``LOCKOUT_SECONDS``, from any address, which is what stops a password
being guessed. An address is counted too, but only as a ceiling
(``MAX_FAILURES_PER_ADDRESS``, ten times more) against one client trying many names: behind a
proxy, or an office's NAT, many people share an address, and five mistakes by any of them must
not lock all of them out. The address is the real client's (``serving.clients``).

Only a wrong password counts. A user who gives the right password but may not use the admin
(not staff) is refused there, but is not guessing anything.

Why not django-axes: it would bring its own reading of client addresses (django-ipware and
``AXES_IPWARE_*`` settings) beside ``NUM_PROXIES``, which the API's throttle and the pages'
throttle use; an authentication backend that refuses ``authenticate()`` calls without a
request; and a database write per attempt. What is needed here — two counters with an expiry
in the shared cache — is a few lines, and one setting decides who the client is everywhere.
The counters live in Django's cache: with the default per-process cache each server process
counts on its own (a ceiling of the limit times the processes per window); a shared cache (Redis, as
in production) makes the limit exact.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache

MAX_FAILURES_PER_ACCOUNT = 5
MAX_FAILURES_PER_ADDRESS = 50
LOCKOUT_SECONDS = 15 * 60


def _account_key(username: str) -> str:
    # Hashed: cache keys must be short and free of arbitrary characters.
    digest = hashlib.sha256(username.strip().lower().encode()).hexdigest()
    return f"login-fail:account:{digest}"


def _address_key(address: str) -> str:
    return f"login-fail:address:{hashlib.sha256(address.encode()).hexdigest()}"


def is_locked(*, username: str, address: str) -> bool:
    """True if this account, or this address, has failed too often recently."""
    counts = cache.get_many([_account_key(username), _address_key(address)])
    return (counts.get(_account_key(username)) or 0) >= MAX_FAILURES_PER_ACCOUNT or (
        counts.get(_address_key(address)) or 0
    ) >= MAX_FAILURES_PER_ADDRESS


def record_failure(*, username: str, address: str) -> None:
    """Count one wrong password for this account and this address."""
    for key in (_account_key(username), _address_key(address)):
        # add() starts the window on the first failure; incr() keeps its expiry.
        if not cache.add(key, 1, LOCKOUT_SECONDS):
            try:
                cache.incr(key)
            except ValueError:  # expired between add() and incr()
                cache.add(key, 1, LOCKOUT_SECONDS)


def record_success(*, username: str) -> None:
    """Clear the account's count. The address's stays: logging in to one's own account must
    not clear that address's failures against other accounts."""
    cache.delete(_account_key(username))
