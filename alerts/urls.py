"""The alerts' pages (mounted at ``/alerts/`` in ``config.urls``)."""

from django.urls import path

from . import views

app_name = "alerts"

urlpatterns = [
    path("subscribe/", views.subscribe, name="subscribe"),
    path("<str:token>/confirm/", views.confirm, name="confirm"),
    path("<str:token>/unsubscribe/", views.unsubscribe, name="unsubscribe"),
    path("<str:token>/feed.atom", views.WatchFeed(), name="feed"),
    path("<str:token>/calendar.ics", views.calendar, name="calendar"),
]
