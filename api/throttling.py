"""Throttling of anonymous API requests."""

from __future__ import annotations

from typing import cast

from django.conf import settings
from rest_framework.request import Request
from rest_framework.throttling import AnonRateThrottle

from serving.clients import client_address


class AnonReadThrottle(AnonRateThrottle):
    """Anonymous requests are throttled per client address (``serving.clients``: behind
    ``NUM_PROXIES`` proxies, the address they saw; a client's own ``X-Forwarded-For`` earns it
    nothing). The rate is read when the request arrives: DRF's own class binds
    ``THROTTLE_RATES`` at import time, which makes ``override_settings`` in tests ineffective.
    """

    def get_rate(self) -> str | None:
        rates = getattr(settings, "REST_FRAMEWORK", {}).get("DEFAULT_THROTTLE_RATES", {})
        return cast(str | None, rates.get(self.scope))

    def get_ident(self, request: Request) -> str:
        return client_address(request)
