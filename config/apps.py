"""The admin app, with our site as the default one (``admin.site`` and ``@admin.register``)."""

from django.contrib.admin.apps import AdminConfig


class TreatyTrackerAdminConfig(AdminConfig):
    default_site = "config.admin.TreatyTrackerAdminSite"
