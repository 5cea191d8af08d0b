from django.contrib import admin
from django.urls import include, path

from .views import healthz

urlpatterns = [
    path("admin/", admin.site.urls),
    # Namespaced so DRF's route names never shadow the pages' URL names.
    path("api/v1/", include("config.api_router", namespace="api")),
    path("healthz", healthz, name="healthz"),
    path("", include("treaties.urls")),
]
