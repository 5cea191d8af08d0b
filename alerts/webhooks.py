"""Webhooks: the address checks (no requests into a private network), the signature, the POST.

**Addresses.** Only ``https`` URLs whose host resolves to public addresses only: loopback,
private (10/8, 172.16/12, 192.168/16, fc00::/7), link-local (169.254/16 — cloud metadata —,
fe80::/10), shared, reserved, multicast and unspecified addresses are refused, at registration
and again at each delivery (a name may be re-pointed). The request goes to the address that
was checked (the name is kept for the Host header, TLS's SNI and the certificate check), so a
name cannot resolve to a public address for the check and to a private one for the request.
Redirects are never followed. ``ALERTS_ALLOW_PRIVATE_WEBHOOKS`` lifts the checks (and allows
``http``): for a deployment whose receivers are on its own network, and for tests.

**Signature.** ``X-Treaty-Tracker-Signature: t=<unix seconds>,v1=<hex>`` where ``<hex>`` is
HMAC-SHA256 with the webhook's secret over ``"<t>." + body`` (the body's bytes as sent). A
receiver recomputes it, compares in constant time, and refuses a ``t`` too old (replay).
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

import httpx
from django.conf import settings

SIGNATURE_HEADER = "X-Treaty-Tracker-Signature"
EVENT_HEADER = "X-Treaty-Tracker-Event"
IDEMPOTENCY_HEADER = "Idempotency-Key"


class UnsafeWebhook(ValueError):
    """A webhook address the alerts refuse to call (the message says why)."""


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The signature header's value for ``body`` sent at ``timestamp``."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def verify(secret: str, header: str, body: bytes, *, tolerance: int = 300) -> bool:
    """What a receiver does: the signature matches and is recent (used by the tests)."""
    parts = dict(p.split("=", 1) for p in header.split(",") if "=" in p)
    try:
        timestamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    if abs(time.time() - timestamp) > tolerance:
        return False
    expected = sign(secret, timestamp, body).split("v1=", 1)[1]
    return hmac.compare_digest(expected, parts.get("v1", ""))


def _allowed(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


@dataclass(frozen=True)
class Target:
    """A checked webhook address: where to connect, and the name it was given by."""

    url: str
    host: str
    address: str


def check_url(url: str) -> Target:
    """The address to call for ``url``, or :class:`UnsafeWebhook` saying why not."""
    allow_private = settings.ALERTS_ALLOW_PRIVATE_WEBHOOKS
    parts = urlsplit(url)
    schemes = ("https", "http") if allow_private else ("https",)
    if parts.scheme not in schemes:
        raise UnsafeWebhook("The webhook URL must start with https://.")
    host = parts.hostname
    if not host:
        raise UnsafeWebhook("The webhook URL has no host.")
    if parts.username or parts.password:
        raise UnsafeWebhook("The webhook URL may not contain a user name or password.")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise UnsafeWebhook("The webhook URL's port is not a number from 1 to 65535.") from exc
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise UnsafeWebhook(f"The webhook's host {host} could not be resolved.") from exc
    addresses = [ipaddress.ip_address(info[4][0]) for info in infos]
    if not addresses:
        raise UnsafeWebhook(f"The webhook's host {host} has no address.")
    if not allow_private:
        refused = sorted({str(a) for a in addresses if not _allowed(a)})
        if refused:
            raise UnsafeWebhook(
                f"The webhook's host {host} resolves to an address that is not public "
                f"({', '.join(refused)}): refused."
            )
    address = addresses[0]
    netloc = f"[{address}]" if address.version == 6 else str(address)
    if parts.port:
        netloc += f":{parts.port}"
    pinned = urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, ""))
    return Target(url=pinned, host=parts.netloc.rsplit("@", 1)[-1], address=str(address))


@functools.cache
def _client() -> httpx.Client:
    """One client per process: its TLS context (the CA bundle read once — ~100 ms each time
    otherwise) is reused. Never follows redirects, ignores proxy
    variables (a proxy would make the address check meaningless)."""
    import certifi

    context = ssl.create_default_context(cafile=certifi.where())
    # No kept-alive connections: the pool is keyed on the checked address, and a connection
    # made (and its certificate checked) for one name must not carry another's request.
    return httpx.Client(
        verify=context,
        follow_redirects=False,
        trust_env=False,
        limits=httpx.Limits(max_keepalive_connections=0),
    )


@dataclass(frozen=True)
class Outcome:
    ok: bool
    status: int | None
    error: str


def post(url: str, *, secret: str, body: bytes, key: str, event: str) -> Outcome:
    """POST ``body`` to the webhook (checked again now); never follows a redirect."""
    try:
        target = check_url(url)
    except UnsafeWebhook as exc:
        return Outcome(False, None, str(exc))
    timestamp = int(time.time())
    headers = {
        "Host": target.host,
        "Content-Type": "application/json",
        "User-Agent": "TreatyTracker-Webhooks/1",
        SIGNATURE_HEADER: sign(secret, timestamp, body),
        EVENT_HEADER: event,
        IDEMPOTENCY_HEADER: key,
    }
    timeout = httpx.Timeout(settings.ALERTS_WEBHOOK_TIMEOUT)
    hostname = urlsplit(url).hostname or ""
    try:
        response = _client().post(
            target.url,
            content=body,
            headers=headers,
            timeout=timeout,
            follow_redirects=False,
            extensions={"sni_hostname": hostname},
        )
    except httpx.HTTPError as exc:
        return Outcome(False, None, f"{type(exc).__name__}: {exc}"[:500])
    if response.is_redirect:
        where = response.headers.get("location", "")[:200]
        return Outcome(
            False,
            response.status_code,
            f"Redirect to {where} not followed (HTTP {response.status_code})",
        )
    if not response.is_success:
        return Outcome(False, response.status_code, f"HTTP {response.status_code}")
    return Outcome(True, response.status_code, "")
