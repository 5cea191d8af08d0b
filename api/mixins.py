"""Behaviour shared by every API v1 view.

* one JSON body for every 4xx (``api.errors``), also when CSV was asked for;
* unknown query parameters are 400s (a misspelt filter must not return unfiltered data);
* anonymous reads are throttled;
* GETs are answered conditionally and from stored renderings through ``serving.conditional``,
  the same mechanism as the pages: ``ETag``/``Last-Modified`` from the data version (one
  query), a 304 for a current copy before any heavy query runs, a stored JSON or CSV
  rendering otherwise, and the fresh rendering stored after a miss. A view that shows an answer
  on a date passes its ``serving.answers.Answer``: the rendering is then stored under the
  answer's epoch, with the request's date left as a hole.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.http.response import HttpResponseBase
from rest_framework import renderers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import BaseThrottle
from rest_framework.views import APIView

from serving.answers import Answer
from serving.conditional import Representation, not_modified, representation, store, stored, tag

from .errors import exception_handler
from .params import reject_unknown_params
from .permissions import ReadOnly
from .renderers import CSVRenderer, JSONRenderer
from .throttling import AnonReadThrottle

#: Formats whose rendering does not depend on who asks (the browsable API shows the user).
CACHED_FORMATS = frozenset({"json", "csv"})


class ApiMixin(APIView):
    """See the module docstring. Views answer GETs with ``self.serve(request, build)``;
    generic views and viewsets mix it in before their DRF base."""

    #: Query parameters a GET accepts besides ``format`` (pagination and filters add theirs).
    query_params: tuple[str, ...] = ()
    #: Answer GETs conditionally (ETag/Last-Modified keyed on the data version).
    conditional: bool = True
    #: Keep the rendered JSON/CSV of GETs in the cache under their ETag.
    cache_representations: bool = True
    throttle_classes: Sequence[type[BaseThrottle]] = [AnonReadThrottle]

    _representation: Representation | None = None
    _store: bool = False
    _answer: Answer | None = None

    def get_exception_handler(self) -> Callable[..., Response | None]:
        return exception_handler

    def allowed_query_params(self) -> set[str]:
        allowed = set(self.query_params)
        paginator = getattr(self, "paginator", None)
        if paginator is not None:
            allowed |= {paginator.limit_query_param, paginator.offset_query_param}
        filterset_class = getattr(self, "filterset_class", None)
        if filterset_class is not None:
            allowed |= set(filterset_class.base_filters)
        return allowed

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        self._representation, self._store, self._answer = None, False, None
        super().initial(request, *args, **kwargs)
        if request.method in ("GET", "HEAD"):
            reject_unknown_params(request, self.allowed_query_params())

    def serve(
        self,
        request: Request,
        build: Callable[[], HttpResponseBase],
        answer: Answer | None = None,
    ) -> HttpResponseBase:
        """Answer a GET: a 304 for a current copy, else a stored rendering, else ``build()``
        (whose 200 is stored once rendered, in ``finalize_response``). With ``answer``, the
        rendering is stored under it, and ``build()`` renders its holes with
        ``answer.hole(name)``."""
        if not self.conditional:
            return build()
        format_ = getattr(request.accepted_renderer, "format", "") or ""
        rep = self._representation = representation(request, "api", format_)
        current = not_modified(request, rep)
        if current is not None:
            return current
        if self.cache_representations and format_ in CACHED_FORMATS:
            hit = stored(rep, answer)
            if hit is not None:
                return hit
            self._store = True
            if answer is not None and answer.storable:
                answer.stand_in()
                self._answer = answer
        return build()

    def finalize_response(
        self, request: Request, response: Response, *args: Any, **kwargs: Any
    ) -> Response:
        # Typed as DRF's; a conditional GET also passes Django's 304 or a stored rendering
        # (an HttpResponse) through here, which DRF accepts.
        if response.status_code >= 400 and isinstance(
            getattr(request, "accepted_renderer", None), CSVRenderer
        ):
            # Errors are always the JSON error body, even when CSV was asked for.
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type
        response = super().finalize_response(request, response, *args, **kwargs)
        rep = self._representation
        if rep is not None and response.status_code in (200, 304):
            tag(response, rep)
            if (
                response.status_code == 200
                and self._store
                and isinstance(response, Response)
                and not response.exception
            ):
                # The key holds the data version: a change of the data makes a new key, so a
                # stored rendering is never stale; old ones age out of the cache.
                response.render()
                store(rep, response, self._answer)
        return response


class ApiView(ApiMixin):
    """A read-only API v1 endpoint."""

    permission_classes = [ReadOnly]
    renderer_classes = [JSONRenderer, renderers.BrowsableAPIRenderer]
