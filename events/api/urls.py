"""API v1 routes: events here, treaties and states from their apps."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from states.api import views as states
from treaties.api import views as treaties

from .views import EventViewSet

router = SimpleRouter(trailing_slash=True)
router.register("events", EventViewSet, basename="event")

urlpatterns = [
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
    path("states/", states.StateList.as_view(), name="state-list"),
    path("states/<str:code>/", states.StateDetail.as_view(), name="state-detail"),
    path("states/<str:code>/treaties/", states.StateTreaties.as_view(), name="state-treaties"),
    *router.urls,
]
