"""Fetching the depositary's files: only under the configured base, politely and boundedly.

One :class:`DepositaryClient` per run (one connection pool). Every request:

* goes to an address built from the base and a UN reference checked against
  :data:`REFERENCE` (nothing else is ever fetched; a redirect is refused, never followed);
* carries a descriptive User-Agent and, when the file was applied before, its validators
  (``If-None-Match``, ``If-Modified-Since``): a 304 costs no body and writes nothing;
* is spaced by the rate limit, time-limited, retried with an exponential backoff on a 5xx, a
  timeout or a connection error, and read up to the size limit (refused beyond).
"""

from __future__ import annotations

import hashlib
import re
import time
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import quote, urlsplit

import httpx

__all__ = [
    "REFERENCE",
    "DepositaryClient",
    "FetchError",
    "Fetched",
    "chapter_of",
    "file_path",
]

#: A UN reference as the MTDSG numbers treaties: a chapter in Roman numerals, a number and
#: optional sub-numbers ("XXVI-6", "XXVII-2-a", "III-2-12a", "XI-B-11").
REFERENCE = re.compile(r"^[IVXL]+(?:-[0-9A-Za-z]{1,6}){1,4}$")


def chapter_of(reference: str) -> str:
    return reference.split("-")[0]


def file_path(reference: str) -> str:
    """The file's path under the base: ``Chapter XXVI/XXVI-6.en.xml`` (the UN's layout)."""
    if not REFERENCE.match(reference):
        raise ValueError(f"not a UN reference: {reference!r}")
    return f"Chapter {chapter_of(reference)}/{reference}.en.xml"


class FetchError(Exception):
    """A file could not be fetched; the message says why, for the run's report."""


@dataclass
class Fetched:
    status: Literal["changed", "unchanged", "missing"]
    url: str
    content: bytes = b""
    etag: str = ""
    last_modified: str = ""

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


@dataclass
class DepositaryClient:
    base_url: str
    timeout: float = 30.0
    #: Requests per second at most (the UN's server is shared by everyone).
    rate: float = 2.0
    max_bytes: int = 20_000_000
    retries: int = 3
    backoff: float = 1.0
    user_agent: str = "TreatyTracker-sync/0.1"
    transport: httpx.BaseTransport | None = None
    requests: int = 0
    bytes_fetched: int = 0
    log: list[tuple[str, int]] = field(default_factory=list)
    _last: float = 0.0
    _client: httpx.Client | None = None

    def __post_init__(self) -> None:
        if not self.base_url.endswith("/"):
            self.base_url += "/"
        parts = urlsplit(self.base_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"UNTC_BASE_URL is not an http(s) address: {self.base_url!r}")

    def __enter__(self) -> DepositaryClient:
        self._client = httpx.Client(
            timeout=httpx.Timeout(self.timeout),
            follow_redirects=False,
            headers={"User-Agent": self.user_agent, "Accept": "application/xml, text/xml"},
            transport=self.transport,
        )
        return self

    def __exit__(self, *exc: object) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def url(self, path: str) -> str:
        url = self.base_url + quote(path)
        if not url.startswith(self.base_url) or "/../" in url or "/./" in url:
            raise FetchError(f"refused: {url} is outside the configured base")
        return url

    def fetch(self, path: str, *, etag: str = "", last_modified: str = "") -> Fetched:
        """GET ``path`` under the base; ``unchanged`` on a 304, ``missing`` on a 404 or 410."""
        url = self.url(path)
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        attempt = 0
        while True:
            try:
                return self._once(url, headers)
            except _Retry as exc:
                attempt += 1
                if attempt > self.retries:
                    raise FetchError(f"{url}: {exc} (after {attempt} attempts)") from None
                time.sleep(self.backoff * 2 ** (attempt - 1))

    def _wait(self) -> None:
        if self.rate > 0:
            pause = self._last + 1 / self.rate - time.monotonic()
            if pause > 0:
                time.sleep(pause)
        self._last = time.monotonic()

    def _once(self, url: str, headers: dict[str, str]) -> Fetched:
        assert self._client is not None, "use the client as a context manager"
        self._wait()
        self.requests += 1
        try:
            with self._client.stream("GET", url, headers=headers) as response:
                self.log.append((url, response.status_code))
                return self._read(url, response)
        except httpx.TimeoutException as exc:
            self.log.append((url, 0))
            raise _Retry(f"no answer within {self.timeout:g} s ({type(exc).__name__})") from exc
        except httpx.TransportError as exc:
            self.log.append((url, 0))
            raise _Retry(f"connection failed ({type(exc).__name__}: {exc})") from exc

    def _read(self, url: str, response: httpx.Response) -> Fetched:
        code = response.status_code
        if code == 304:
            return Fetched("unchanged", url)
        if code in (404, 410):
            return Fetched("missing", url)
        if code >= 500:
            raise _Retry(f"the server answered {code}")
        if 300 <= code < 400:
            where = response.headers.get("Location", "nowhere stated")
            raise FetchError(f"{url}: redirected to {where}; redirects are not followed")
        if code != 200:
            raise FetchError(f"{url}: the server answered {code}")
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise FetchError(f"{url}: {declared} bytes, over the limit of {self.max_bytes}")
        body = bytearray()
        for chunk in response.iter_bytes():
            body += chunk
            if len(body) > self.max_bytes:
                raise FetchError(f"{url}: over the limit of {self.max_bytes} bytes")
        self.bytes_fetched += len(body)
        return Fetched(
            "changed",
            url,
            bytes(body),
            etag=response.headers.get("ETag", "")[:200],
            last_modified=response.headers.get("Last-Modified", "")[:100],
        )


class _Retry(Exception):
    """A failure worth another attempt (a 5xx, a timeout, a connection error)."""
