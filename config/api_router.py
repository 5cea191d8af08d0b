"""The one router of API v1. Each app registers its viewsets in its own ``api/urls.py``."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from .api import not_found_view

# Schema settings (error responses, enum names) live in settings.SPECTACULAR_SETTINGS so that
# `manage.py spectacular` and /api/v1/schema/ produce the same document.

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI only: its sidecar assets are all local (the sidecar's Redoc loads fonts
    # from another host).
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("", include("events.api.urls")),
    # [\s\S]: a path may contain a newline, which "." would not match.
    re_path(r"^[\s\S]*$", not_found_view),
]
