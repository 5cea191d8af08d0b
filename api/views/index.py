"""``/api/v1/``: what the API offers, with a link to each part and an example of each call."""

from __future__ import annotations

from django.http.response import HttpResponseBase
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from ..mixins import ApiView

EXAMPLES = {
    "treaties": "treaties/?as_of=2025-01-01",
    "treaty": "treaties/ccm/",
    "participants": "treaties/ccm/participants/?as_of=2025-01-01&status=withdrawal_pending",
    "participants as CSV": "treaties/ccm/participants/?as_of=2025-01-01&format=csv",
    "changes": "treaties/ccm/changes/?from=2024-09-01&to=2025-03-31",
    "timeline": "treaties/ccm/timeline/",
    "treaty's reservations, declarations and objections": "treaties/ccm/statements/?kind=objection",
    "states": "states/?search=UK",
    "state": "states/LTU/",
    "state's treaties": "states/LTU/treaties/?on=2025-01-01",
    "state's statements": "states/LTU/statements/?as_of=2025-01-01",
    "events": "events/?treaty=ccm&state=LTU",
}


class ApiIndex(ApiView):
    """The API's front door: its documentation, its schema and an example of every call."""

    @extend_schema(exclude=True)
    def get(self, request: Request) -> HttpResponseBase:
        return self.serve(request, lambda: Response(self._index(request)))

    def _index(self, request: Request) -> dict[str, object]:
        root = request.build_absolute_uri(reverse("api:index"))
        return {
            "name": "Treaty Tracker API",
            "version": "v1",
            "documentation": request.build_absolute_uri(reverse("api:docs")),
            "schema": request.build_absolute_uri(reverse("api:schema")),
            "dates": "Every date parameter is YYYY-MM-DD; 'as_of' (or 'on', as on the web "
            "pages) defaults to today.",
            "authentication": "Reading is open to everyone. Recording events needs a token: "
            "'Authorization: Token <key>' (see the README).",
            "examples": {name: root + path for name, path in EXAMPLES.items()},
        }
