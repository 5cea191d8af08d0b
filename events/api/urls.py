"""API v1 routes (filled in by the REST API issue)."""

urlpatterns: list = []
