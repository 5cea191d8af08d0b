"""The root URLs: the admin, API v1, the health check and the public pages."""

from django.contrib import admin
from django.urls import include, path

from web.views.health import healthz

# A database that cannot be reached is a 503 with Retry-After wherever it fails, not a 500.
handler500 = "serving.busy.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    # Namespaced so DRF's route names never shadow the pages' URL names.
    path("api/v1/", include("api.urls", namespace="api")),
    path("healthz", healthz, name="healthz"),
    path("alerts/", include("alerts.urls", namespace="alerts")),
    path("", include("web.urls", namespace="web")),
]
