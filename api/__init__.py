"""API v1: DRF views, serializers and routes, and the machinery every endpoint shares."""
