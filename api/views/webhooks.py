"""Webhooks: a program's own alerts (``alerts``), registered and read with its API token.

Not cached and not conditional (each owner sees only its own): plain DRF views.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from alerts import services
from alerts.models import Channel, Delivery, Watch

from ..serializers.webhooks import (
    DeliverySerializer,
    SecretSerializer,
    WebhookCreatedSerializer,
    WebhookSerializer,
)

SIGNATURE_DOC = (
    "Each notice is POSTed as JSON (`version` 1; `type`: act, correction, effect, reminder, "
    "statement, sync; `treaty`, `state`, `event` with the API's field names; `title`, `text`, "
    "`url`; a sync's notice has `sync` instead of `event`: its changes, each applied or "
    "waiting for review). "
    "Headers: `Idempotency-Key` (the same on every attempt of a delivery), "
    "`X-Treaty-Tracker-Event` (the type) and `X-Treaty-Tracker-Signature: t=<unix seconds>,"
    "v1=<hex>`, where `<hex>` is HMAC-SHA256 with the webhook's secret over `<t>.` followed by "
    "the body's bytes. Answer 2xx; anything else (a redirect too: none is followed) is retried "
    "with exponential backoff, and a webhook failing too many times in a row is disabled."
)


def _flags(events: list[str] | None) -> dict[str, bool]:
    chosen = set(events if events is not None else ["act", "effect"])
    return {
        "on_acts": "act" in chosen,
        "on_effects": "effect" in chosen,
        "on_statements": "statement" in chosen,
        "on_sync": "sync" in chosen,
    }


@extend_schema_view(
    list=extend_schema(description="Your webhooks."),
    create=extend_schema(
        description="Register a webhook. " + SIGNATURE_DOC,
        responses={201: WebhookCreatedSerializer},
    ),
    partial_update=extend_schema(
        description='Change a webhook; `{"active": true}` enables a disabled one again.'
    ),
)
class WebhookViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet[Watch],
):
    """Webhooks of the token's user."""

    serializer_class = WebhookSerializer
    permission_classes = [IsAuthenticated]
    throttle_classes: list[Any] = []
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self) -> QuerySet[Watch]:
        return (
            Watch.objects.filter(channel=Channel.WEBHOOK, owner_id=self.request.user.pk)
            .select_related("treaty", "state")
            .order_by("pk")
        )

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = WebhookSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        watch = services.webhook_create(
            owner=request.user,  # type: ignore[arg-type]  # IsAuthenticated: a User
            url=values["url"],
            treaty=values.get("treaty"),
            state=values.get("state"),
            reminder_days=values.get("reminder_days"),
            **_flags(values.get("events")),
        )
        return Response(WebhookCreatedSerializer(watch).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        watch = self.get_object()
        data = WebhookSerializer(watch, data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        events = values.pop("events", None)
        if events is not None:
            values |= _flags(events)
        enable = values.pop("active", None)
        for name, value in values.items():
            setattr(watch, name, value)
        watch.save()
        if enable is True and not watch.active:
            services.webhook_enable(watch)
        elif enable is False:
            services.watch_stop(watch)
        return Response(WebhookSerializer(watch).data)

    @extend_schema(request=None, responses={200: SecretSerializer})
    @action(detail=True, methods=["post"], url_path="rotate-secret")
    def rotate_secret(self, request: Request, pk: str | None = None) -> Response:
        """A new signing secret (the old one stops at once); shown this once."""
        return Response({"secret": services.webhook_rotate_secret(self.get_object())})

    @extend_schema(
        responses={200: OpenApiResponse(DeliverySerializer(many=True))},
        description="The delivery log, latest first (the last 200).",
    )
    @action(detail=True, methods=["get"])
    def deliveries(self, request: Request, pk: str | None = None) -> Response:
        watch = self.get_object()
        log = (
            Delivery.objects.filter(watch=watch)
            .select_related("notice")
            .order_by("-notice_id")[:200]
        )
        return Response(DeliverySerializer(log, many=True).data)
