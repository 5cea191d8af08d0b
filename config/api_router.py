"""The one router of API v1. Each app registers its viewsets in its own ``api/urls.py``."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from .api import not_found_view

app_name = "api"

SCHEMA_SETTINGS = {
    # Document the one error body (and 304s) on every operation.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "config.api.add_error_responses",
    ],
    "COMPONENT_SPLIT_REQUEST": True,
}

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(custom_settings=SCHEMA_SETTINGS), name="schema"),
    # Swagger UI only: its sidecar assets are all local (the sidecar's Redoc loads fonts
    # from another host).
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("", include("events.api.urls")),
    re_path(r"^.*$", not_found_view),
]
