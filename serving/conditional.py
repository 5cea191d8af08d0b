"""Conditional GETs and stored renderings, for the pages and the API alike.

A representation is identified by the data version (``serving.version``), the URL, what else
it depends on (the API's format) and today's date (where a date defaults to today, the same URL
shows other data tomorrow). From that identity come its ``ETag`` and ``Last-Modified``: a
client holding it gets a 304, and otherwise a rendering stored under it is served, so a repeat
read costs one query.

A view that shows a treaty's or a state's answer on a date describes it as an
:class:`~serving.answers.Answer`; its rendering is then stored under that answer (the change
point the date falls in) instead of the URL, so that every date of one epoch is served from one
stored rendering and their number is bounded by the data.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, overload

from django.core.cache import cache as cache  # re-exported: the benchmarks replace it
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, quote_etag
from django.utils.safestring import mark_safe

from .answers import Answer
from .version import data_version

#: How long a stored rendering is kept (a change of the data makes new keys anyway).
CACHE_SECONDS = 24 * 3600
#: The data version of the page being rendered by ``cached_page`` ("" outside one): for parts
#: a template renders once per version whatever the page's date (``stored_fragment``).
page_version: ContextVar[str] = ContextVar("page_version", default="")
CACHE_CONTROL = "public, max-age=0, must-revalidate"


@dataclass(frozen=True)
class Representation:
    """What identifies one response: its validators and the key of its stored rendering."""

    etag: str
    last_modified: int | None
    namespace: str
    #: The data version and what else the response depends on (the format), for the keys of
    #: stored answers.
    version: str = ""
    parts: tuple[str, ...] = ()

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
        version=version,
        parts=parts,
    )


def not_modified(request: HttpRequest, rep: Representation) -> HttpResponseBase | None:
    """The 304 for a client whose copy is current (or the 412 of a failed precondition),
    or None."""
    return get_conditional_response(request, etag=rep.etag, last_modified=rep.last_modified)


def _key(rep: Representation, answer: Answer | None) -> str:
    if answer is None:
        return rep.cache_key
    return answer.cache_key(rep.version, rep.namespace, *rep.parts)


def stored(rep: Representation, answer: Answer | None = None) -> HttpResponse | None:
    """The stored rendering of this representation (of its ``answer``, with the request's
    values in its holes), or None."""
    if answer is not None and not answer.storable:
        return None
    hit = cache.get(_key(rep, answer))
    if hit is None:
        return None
    content, content_type, disposition = hit
    if answer is not None:
        content = answer.fill(content)
    response = HttpResponse(content, content_type=content_type)
    if disposition:
        response["Content-Disposition"] = disposition
    return response


def store(rep: Representation, response: HttpResponse, answer: Answer | None = None) -> None:
    """Keep a rendered 200 under its representation (or its ``answer``), with the file name of
    a download.

    A rendering made with stand-ins for an answer's holes is kept with its holes open, and
    the response gets the request's values."""
    disposition = response.get("Content-Disposition", "")
    if answer is None or not answer.standing_in:
        cache.set(
            rep.cache_key, (response.content, response["Content-Type"], disposition), CACHE_SECONDS
        )
        return
    pieces = answer.split(response.content)
    cache.set(_key(rep, answer), (pieces, response["Content-Type"], disposition), CACHE_SECONDS)
    response.content = answer.fill(pieces)


def stored_part(
    answer: Answer,
    version: str,
    name: str,
    parts: tuple[str, ...],
    render: Callable[[Answer], str],
    *,
    dated: bool = True,
) -> None:
    """Fill the hole ``name`` of ``answer`` with a part stored on its own, under the answer
    and ``parts``: for a part that depends on more than the answer's epoch (the changes
    between the date and a second one), so that the rest is not rendered again for each
    combination, or on less (``dated=False``: the same on every date of the data version,
    such as the chart's drawing), so that it is rendered once rather than once per epoch.
    ``render`` gets an answer that renders the holes known so far as stand-ins; the part is
    kept with them open and filled with this request's values."""
    if not answer.storable:  # a page that is not stored stores none of its parts
        answer.holes[name] = mark_safe(render(answer))
        return
    key = answer.cache_key(version, "part", name, *parts, dated=dated)
    pieces = cache.get(key)
    if pieces is None:
        maker = Answer(parts=answer.parts, scope=answer.scope, on=answer.on, holes=answer.holes)
        maker.stand_in()
        pieces = maker.split(render(maker).encode())
        cache.set(key, pieces, CACHE_SECONDS)
    answer.holes[name] = mark_safe(answer.fill(pieces).decode())


def stored_fragment(key: str, render: Callable[[], str]) -> str:
    """``render()``, stored once per data version while a ``cached_page`` renders (for a part
    of a page that is the same on every date, rendered for each change point otherwise);
    rendered every time outside one."""
    version = page_version.get()
    if not version:
        return render()
    full = "fragment:" + hashlib.blake2b(f"{version}|{key}".encode(), digest_size=16).hexdigest()
    html = cache.get(full)
    if html is None:
        html = render()
        cache.set(full, html, CACHE_SECONDS)
    return str(html)


def tag(response: HttpResponseBase, rep: Representation) -> HttpResponseBase:
    """Put the validators and the revalidation policy on a response."""
    for name, value in rep.headers.items():
        response[name] = value
    response["Cache-Control"] = CACHE_CONTROL
    return response


@overload
def cached_page(
    view: Callable[..., HttpResponse], *, answer: Callable[..., Answer] | None = None
) -> Callable[..., HttpResponseBase]: ...
@overload
def cached_page(
    view: None = None, *, answer: Callable[..., Answer] | None = None
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponseBase]]: ...
def cached_page(
    view: Callable[..., HttpResponse] | None = None,
    *,
    answer: Callable[..., Answer] | None = None,
) -> Any:
    """Serve a public GET page conditionally (304) and from the cache when the data has not
    changed since it was rendered.

    Only for pages that depend on nothing but the data, the URL and the day: nothing of the
    user, the session or a form token. Error pages (400s for a bad date) are not stored.

    With ``answer`` (a function of the view's arguments and the data ``version``), the page's
    rendering is stored under the :class:`~serving.answers.Answer` it returns, and the view is
    called with it as ``answer`` (to render its holes with ``answer.hole(name)``).
    """
    if view is None:
        return functools.partial(cached_page, answer=answer)

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        rep = representation(request, "page")
        response: HttpResponseBase | None = not_modified(request, rep)
        if response is not None:
            return tag(response, rep)
        token = page_version.set(rep.version)
        try:
            return _serve(request, rep, *args, **kwargs)
        finally:
            page_version.reset(token)

    def _serve(
        request: HttpRequest, rep: Representation, *args: Any, **kwargs: Any
    ) -> HttpResponseBase:
        given = None
        if answer is not None:
            given = kwargs["answer"] = answer(request, *args, version=rep.version, **kwargs)
        response = stored(rep, given)
        if response is None:
            if given is not None and given.storable:
                given.stand_in()
            response = view(request, *args, **kwargs)
            if response.status_code != 200 or response.streaming:
                return response
            store(rep, response, given)
        return tag(response, rep)

    return wrapper
