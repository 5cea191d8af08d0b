"""What every public page goes through: only the query parameters it reads, and a rate limit
for anonymous clients. Both act only on the ``web`` namespace (pages, downloads, feeds): the
API has its own (``api.mixins``), the admin and ``/healthz`` have none."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from rest_framework.throttling import AnonRateThrottle

from serving.clients import client_address
from treaties.models import Treaty

from .params import accepted

Handler = Callable[[HttpRequest], HttpResponse]


def _is_page(request: HttpRequest) -> bool:
    match = getattr(request, "resolver_match", None)
    return match is not None and match.namespace == "web"


class KnownParametersMiddleware:
    """A GET of a page with query parameters the page does not read is redirected (301) to the
    same URL without them, so that every rendering stored for a page comes from a parameter
    that changes it. Shared links with tracking parameters keep working."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        if request.method not in ("GET", "HEAD") or not _is_page(request):
            return None
        folded = _slug_folded(request, kwargs)
        if folded is not None:
            return folded
        known = accepted(view)
        if set(request.GET) <= known:
            return None
        query = request.GET.copy()
        for name in set(query) - known:
            del query[name]
        target = request.path + (f"?{query.urlencode()}" if query else "")
        return HttpResponsePermanentRedirect(target)


def _slug_folded(request: HttpRequest, kwargs: dict[str, Any]) -> HttpResponse | None:
    """A treaty's address typed in capitals (``/treaties/CCM/``, as ``/states/ltu/`` works in
    any case) is redirected (301) to the treaty's own, in lower case, with its query. Only a
    slug with capitals costs a query; a treaty whose own slug has capitals is served as is."""
    slug = kwargs.get("slug")
    if not isinstance(slug, str) or slug == slug.lower():
        return None
    if (
        Treaty.objects.filter(slug=slug).exists()
        or not Treaty.objects.filter(slug=slug.lower()).exists()
    ):
        return None
    target = request.path.replace(f"/{slug}/", f"/{slug.lower()}/", 1)
    query = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(target + (f"?{query}" if query else ""))


class PageThrottle(AnonRateThrottle):
    """DRF's anonymous throttle, for pages: its own rate (``PAGE_ANON_RATE``) and scope, the
    client address of ``serving.clients``."""

    scope = "page"

    def get_rate(self) -> str | None:
        return getattr(settings, "PAGE_ANON_RATE", None)

    def get_ident(self, request: Any) -> str:
        return client_address(request)


class PageThrottleMiddleware:
    """Anonymous clients get a plain 429 (with ``Retry-After``) past ``PAGE_ANON_RATE``
    requests for pages; signed-in editors are not counted. Must follow the authentication
    middleware."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        if not _is_page(request):
            return None
        throttle = PageThrottle()
        if throttle.allow_request(request, None):  # type: ignore[arg-type]
            return None
        wait = int(throttle.wait() or 1) + 1
        response = HttpResponse(
            f"Too many requests from your address. Please try again in {wait} seconds.\n",
            status=429,
            content_type="text/plain; charset=utf-8",
        )
        response["Retry-After"] = str(wait)
        return response
