from django.urls import include, path

from . import feeds, views

app_name = "treaties"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("compare/", views.compare, name="compare"),
    path("map/world.svg", views.world_svg, name="world-svg"),
    path("treaties/<slug:slug>/", views.treaty_detail, name="treaty"),
    path("treaties/<slug:slug>/participants.csv", views.treaty_csv, name="treaty-csv"),
    path("treaties/<slug:slug>/participants.json", views.treaty_json, name="treaty-json"),
    path("treaties/<slug:slug>/events.atom", feeds.EventsFeed(), name="treaty-events-feed"),
    path("treaties/<slug:slug>/changes.atom", feeds.ChangesFeed(), name="treaty-changes-feed"),
    path("treaties/<slug:slug>/upcoming.ics", feeds.upcoming_calendar, name="treaty-calendar"),
    path("feeds/events.atom", feeds.EventsFeed(), name="events-feed"),
    path("feeds/changes.atom", feeds.ChangesFeed(), name="changes-feed"),
    path("feeds/upcoming.ics", feeds.upcoming_calendar, name="calendar"),
    path("states/", include("states.urls", namespace="states")),
]
