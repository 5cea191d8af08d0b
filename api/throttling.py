"""Throttling of anonymous API requests."""

from __future__ import annotations

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle


class AnonReadThrottle(AnonRateThrottle):
    """Anonymous requests are throttled; the rate is read when the request arrives.

    DRF's own class binds ``THROTTLE_RATES`` at import time, which makes ``override_settings``
    in tests ineffective.
    """

    def get_rate(self) -> str | None:
        rates = getattr(settings, "REST_FRAMEWORK", {}).get("DEFAULT_THROTTLE_RATES", {})
        return rates.get(self.scope)
