"""Every public page, feed and download (mounted at the site's root in ``config.urls``)."""

from django.urls import path

from . import feeds
from .views import about, compare, downloads, home, maps, statements, states, timeline, treaties

app_name = "web"

urlpatterns = [
    path("", home.home, name="home"),
    # Browsers ask for /favicon.ico whatever the page says: send them to the icon.
    path("favicon.ico", maps.favicon),
    path("about/", about.about, name="about"),
    path("search/", home.search, name="search"),
    path("search/suggest.json", home.suggest, name="search-suggest"),
    path("compare/", compare.compare, name="compare"),
    path("data/", downloads.downloads, name="downloads"),
    path("data/treaty-tracker.zip", downloads.dataset_zip, name="dataset"),
    path("map/world.svg", maps.world_svg, name="world-svg"),
    path("treaties/<slug:slug>/", treaties.treaty_detail, name="treaty"),
    path("treaties/<slug:slug>/participants.csv", treaties.treaty_csv, name="treaty-csv"),
    path("treaties/<slug:slug>/participants.json", treaties.treaty_json, name="treaty-json"),
    path(
        "treaties/<slug:slug>/statements/",
        statements.treaty_statements,
        name="treaty-statements",
    ),
    path("treaties/<slug:slug>/timeline.json", timeline.treaty_timeline, name="treaty-timeline"),
    path("treaties/<slug:slug>/embed/", timeline.treaty_embed, name="treaty-embed"),
    path("treaties/<slug:slug>/dates.json", treaties.treaty_dates, name="treaty-dates"),
    path("treaties/<slug:slug>/events.atom", feeds.EventsFeed(), name="treaty-events-feed"),
    path("treaties/<slug:slug>/changes.atom", feeds.ChangesFeed(), name="treaty-changes-feed"),
    path("treaties/<slug:slug>/upcoming.ics", feeds.upcoming_calendar, name="treaty-calendar"),
    path("feeds/events.atom", feeds.EventsFeed(), name="events-feed"),
    path("feeds/changes.atom", feeds.ChangesFeed(), name="changes-feed"),
    path("feeds/upcoming.ics", feeds.upcoming_calendar, name="calendar"),
    path("states/", states.state_list, name="states"),
    path("states/<str:code>/", states.state_detail, name="state"),
    path("states/<str:code>/statements/", statements.state_statements, name="state-statements"),
]
