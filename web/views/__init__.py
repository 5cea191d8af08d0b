"""The public pages' views, by page; routed in ``web.urls``."""
