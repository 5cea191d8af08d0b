"""Who may do what through the API."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request


class ReadOnly(BasePermission):
    """Public data: anyone may read. Other methods have no handler here, and are let through
    so that the client learns the truth (405 Method Not Allowed) rather than a 403."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return request.method in SAFE_METHODS or not hasattr(view, (request.method or "").lower())
