from django.apps import AppConfig


class WebConfig(AppConfig):
    """The public pages (an app so that its template tags load)."""

    name = "web"
    verbose_name = "Public pages"
