"""Conditional GETs and stored renderings, for the pages and the API alike.

A representation is identified by the data version (``serving.version``), the URL, what else
it depends on (the API's format) and today's date (where a date defaults to today, the same URL
shows other data tomorrow). From that identity come its ``ETag`` and ``Last-Modified``: a
client holding it gets a 304, and otherwise a rendering stored under it is served, so a repeat
read costs one query.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, quote_etag

from .version import data_version

#: How long a stored rendering is kept (a change of the data makes new keys anyway).
CACHE_SECONDS = 24 * 3600
CACHE_CONTROL = "public, max-age=0, must-revalidate"


@dataclass(frozen=True)
class Representation:
    """What identifies one response: its validators and the key of its stored rendering."""

    etag: str
    last_modified: int | None
    namespace: str

    @property
    def headers(self) -> dict[str, str]:
        headers = {"ETag": self.etag}
        if self.last_modified is not None:
            headers["Last-Modified"] = http_date(self.last_modified)
        return headers

    @property
    def cache_key(self) -> str:
        return f"{self.namespace}:{self.etag}"


def representation(request: HttpRequest, namespace: str, *parts: str) -> Representation:
    """The representation at ``request``'s URL (one query: the data version)."""
    last, version = data_version()
    key = "|".join((version, request.get_full_path(), *parts, timezone.localdate().isoformat()))
    etag = quote_etag(hashlib.blake2b(key.encode(), digest_size=12).hexdigest())
    return Representation(
        etag=etag,
        last_modified=int(last.timestamp()) if last is not None else None,
        namespace=namespace,
    )


def not_modified(request: HttpRequest, rep: Representation) -> HttpResponseBase | None:
    """The 304 for a client whose copy is current (or the 412 of a failed precondition),
    or None."""
    return get_conditional_response(request, etag=rep.etag, last_modified=rep.last_modified)


def stored(rep: Representation) -> HttpResponse | None:
    """The stored rendering of this representation, or None."""
    hit = cache.get(rep.cache_key)
    if hit is None:
        return None
    content, content_type, disposition = hit
    response = HttpResponse(content, content_type=content_type)
    if disposition:
        response["Content-Disposition"] = disposition
    return response


def store(rep: Representation, response: HttpResponse) -> None:
    """Keep a rendered 200 under its representation (with the file name of a download)."""
    cache.set(
        rep.cache_key,
        (response.content, response["Content-Type"], response.get("Content-Disposition", "")),
        CACHE_SECONDS,
    )


def tag(response: HttpResponseBase, rep: Representation) -> HttpResponseBase:
    """Put the validators and the revalidation policy on a response."""
    for name, value in rep.headers.items():
        response[name] = value
    response["Cache-Control"] = CACHE_CONTROL
    return response


def cached_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponseBase]:
    """Serve a public GET page conditionally (304) and from the cache when the data has not
    changed since it was rendered.

    Only for pages that depend on nothing but the data, the URL and the day: nothing of the
    user, the session or a form token. Error pages (400s for a bad date) are not stored.
    """

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        rep = representation(request, "page")
        response: HttpResponseBase | None = not_modified(request, rep) or stored(rep)
        if response is None:
            response = view(request, *args, **kwargs)
            if response.status_code != 200 or response.streaming:
                return response
            store(rep, response)
        return tag(response, rep)

    return wrapper
