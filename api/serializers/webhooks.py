"""Webhooks (``alerts``): what a program registers, what it reads back, its delivery log."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from alerts.models import Delivery, Watch
from alerts.services import webhook_url_check
from states.models import State
from treaties.models import Treaty

#: What a webhook can be told of (the payload's ``type``; a reminder needs ``reminder_days``).
WEBHOOK_EVENTS = ["act", "effect", "statement", "sync"]


class WebhookSerializer(serializers.ModelSerializer[Watch]):
    """A webhook as its owner sees it (never its secret, but at creation and rotation)."""

    treaty = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Treaty.objects.all(),
        required=False,
        allow_null=True,
        help_text="The treaty watched (its slug); with no treaty and no state: everything",
    )
    state = serializers.SlugRelatedField(
        slug_field="code",
        queryset=State.objects.all(),
        required=False,
        allow_null=True,
        help_text="The state watched (its code)",
    )
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=WEBHOOK_EVENTS),
        required=False,
        help_text="act: acts recorded (and corrections of their dates); effect: status "
        "changes taking effect; statement: statements recorded; sync: what a sync with the "
        "depositary changed or left for an editor's review (of a treaty). "
        "Default: act and effect.",
    )
    url = serializers.URLField(
        max_length=500,
        help_text="https:// URL on a public address; it receives a signed POST per notice",
    )

    class Meta:
        model = Watch
        fields = [
            "id",
            "url",
            "treaty",
            "state",
            "events",
            "reminder_days",
            "active",
            "disabled_at",
            "disabled_reason",
            "consecutive_failures",
            "created_at",
        ]
        read_only_fields = [
            "id",
            "disabled_at",
            "disabled_reason",
            "consecutive_failures",
            "created_at",
        ]

    def validate_url(self, value: str) -> str:
        from django.core.exceptions import ValidationError

        try:
            webhook_url_check(value)
        except ValidationError as exc:
            raise serializers.ValidationError(exc.messages[0], code="unsafe_url") from exc
        return value

    def to_representation(self, instance: Watch) -> dict[str, Any]:
        data = super().to_representation(instance)
        data["events"] = [
            name
            for name, on in (
                ("act", instance.on_acts),
                ("effect", instance.on_effects),
                ("statement", instance.on_statements),
                ("sync", instance.on_sync),
            )
            if on
        ]
        return data


class WebhookCreatedSerializer(WebhookSerializer):
    secret = serializers.CharField(
        read_only=True,
        help_text="The signing secret: shown this once (rotate it to get a new one)",
    )

    class Meta(WebhookSerializer.Meta):
        fields = [*WebhookSerializer.Meta.fields, "secret"]
        read_only_fields = [*WebhookSerializer.Meta.read_only_fields, "secret"]


class SecretSerializer(serializers.Serializer[dict[str, Any]]):
    secret = serializers.CharField(help_text="The new signing secret: shown this once")


class DeliverySerializer(serializers.ModelSerializer[Delivery]):
    """One entry of a webhook's delivery log."""

    idempotency_key = serializers.CharField(source="key")
    type = serializers.CharField(source="notice.kind")
    title = serializers.CharField(source="notice.title")

    class Meta:
        model = Delivery
        fields = [
            "idempotency_key",
            "type",
            "title",
            "status",
            "attempts",
            "created_at",
            "sent_at",
            "next_attempt_at",
            "response_status",
            "last_error",
        ]
        read_only_fields = fields
