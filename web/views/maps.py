"""The world map's shapes, shared by every map on the site."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.views.decorators.http import etag, require_GET

from .. import worldmap


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page says: send them to the icon. Resolved
    per request: with hashed static files the name exists only once collectstatic has run."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))


def _sprite_etag(request: HttpRequest) -> str:
    return f"w{worldmap.sprite_version()}"


@require_GET
@etag(_sprite_etag)
def world_svg(request: HttpRequest) -> HttpResponse:
    """The shapes every map on the site references; cached by browsers for a day."""
    response = HttpResponse(worldmap.sprite_svg(), content_type="image/svg+xml")
    response["Cache-Control"] = "public, max-age=86400"
    return response
