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
    # Several fields are called "status" or "kind" with different choices: name each set.
    "ENUM_NAME_OVERRIDES": {
        "StatusEnum": "events.models.Status",
        "ParticipantStatusEnum": "treaties.api.serializers.STATUS_CHOICES",
        "EventKindEnum": "events.models.EventKind",
        "StateKindEnum": "states.models.State.Kind",
        "SourceKindEnum": ["treaty", "event"],
    },
}

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(custom_settings=SCHEMA_SETTINGS), name="schema"),
    # Swagger UI only: its sidecar assets are all local (the sidecar's Redoc loads fonts
    # from another host).
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("", include("events.api.urls")),
    # [\s\S]: a path may contain a newline, which "." would not match.
    re_path(r"^[\s\S]*$", not_found_view),
]
