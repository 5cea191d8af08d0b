"""The admin site: Django's, branded, with the log-in lockout of ``editor.login_lockout``."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest, HttpResponse

from editor.login_lockout import guarded_login


class TreatyTrackerAdminSite(admin.AdminSite):
    site_header = "Treaty Tracker administration"
    site_title = "Treaty Tracker admin"
    index_title = "Records, rules and sources"
    # The sidebar repeats the index in a third of the width the event list needs at 1280 px.
    enable_nav_sidebar = False

    def login(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        return guarded_login(
            request,
            lambda req: super(TreatyTrackerAdminSite, self).login(req, extra_context),
            lambda: self.each_context(request),
        )
