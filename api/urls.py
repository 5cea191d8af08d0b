"""Every route of API v1 (mounted at ``/api/v1/`` in ``config.urls``).

Schema settings (error responses, enum names) live in ``settings.SPECTACULAR_SETTINGS`` so that
``manage.py spectacular`` and ``/api/v1/schema/`` produce the same document.
"""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from .errors import not_found_view
from .views import statements, states, treaties
from .views.auth import TokenView
from .views.events import EventViewSet
from .views.index import ApiIndex
from .views.webhooks import WebhookViewSet

app_name = "api"

router = SimpleRouter(trailing_slash=True)
router.register("events", EventViewSet, basename="event")
router.register("webhooks", WebhookViewSet, basename="webhook")

urlpatterns = [
    path("", ApiIndex.as_view(), name="index"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI only: its sidecar assets are all local (the sidecar's Redoc loads fonts
    # from another host). The split view serves its start-up script as a file of its own and
    # our page around it (its language, a way back, readable colours) has no inline style or
    # script, so the Content Security Policy needs no exception.
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api:schema", template_name="api/docs.html"),
        name="docs",
    ),
    path("auth/token/", TokenView.as_view(), name="token"),
    path("treaties/", treaties.TreatyList.as_view(), name="treaty-list"),
    path("treaties/<slug:slug>/", treaties.TreatyDetail.as_view(), name="treaty-detail"),
    path(
        "treaties/<slug:slug>/participants/",
        treaties.TreatyParticipants.as_view(),
        name="treaty-participants",
    ),
    path("treaties/<slug:slug>/changes/", treaties.TreatyChanges.as_view(), name="treaty-changes"),
    path(
        "treaties/<slug:slug>/timeline/", treaties.TreatyTimeline.as_view(), name="treaty-timeline"
    ),
    path(
        "treaties/<slug:slug>/statements/",
        statements.TreatyStatements.as_view(),
        name="treaty-statements",
    ),
    path("states/", states.StateList.as_view(), name="state-list"),
    path("states/<str:code>/", states.StateDetail.as_view(), name="state-detail"),
    path("states/<str:code>/treaties/", states.StateTreaties.as_view(), name="state-treaties"),
    path(
        "states/<str:code>/statements/",
        statements.StateStatements.as_view(),
        name="state-statements",
    ),
    *router.urls,
    # [\s\S]: a path may contain a newline, which "." would not match.
    re_path(r"^[\s\S]*$", not_found_view),
]
