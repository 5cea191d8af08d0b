"""The endpoints of API v1, by subject; routed in ``api.urls``."""
