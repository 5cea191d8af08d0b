"""Output shapes of the state endpoints."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from events.selectors import Position
from events.selectors_api import PositionFacts
from states.models import State
from treaties.api.serializers import STATUS_CHOICES, IntervalSerializer, StepSerializer


class StateSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="short_name")

    class Meta:
        model = State
        fields = [
            "code",
            "name",
            "official_name",
            "kind",
            "alpha2",
            "numeric",
            "exists_from",
            "exists_until",
        ]


class TreatyRefSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    short_name = serializers.CharField()


class PositionSerializer(serializers.Serializer):
    """A state's position on one treaty on ``as_of`` (same fields as a participant row)."""

    treaty = TreatyRefSerializer()
    status = serializers.ChoiceField(choices=STATUS_CHOICES)
    status_since = serializers.DateField(
        allow_null=True, help_text="First day of the status; null while not joined"
    )
    status_until = serializers.DateField(
        allow_null=True,
        help_text="Day the status ends (exclusive), as far as recorded; null if open-ended",
    )
    signature_date = serializers.DateField(allow_null=True)
    consent_kind = serializers.CharField(allow_null=True)
    consent_date = serializers.DateField(allow_null=True)
    entry_into_force_date = serializers.DateField(allow_null=True)
    entry_into_force_explanation = StepSerializer(many=True)
    withdrawal_notified_on = serializers.DateField(allow_null=True)
    withdrawal_effective_on = serializers.DateField(allow_null=True)
    withdrawal_explanation = StepSerializer(many=True)
    intervals = IntervalSerializer(many=True)


class PositionListSerializer(serializers.Serializer):
    state = serializers.CharField(help_text="The state's code")
    as_of = serializers.DateField()
    count = serializers.IntegerField()
    results = PositionSerializer(many=True)


def position_json(position: Position, facts: PositionFacts) -> dict[str, Any]:
    """One treaty's row of a state's positions."""
    consent, withdrawal = facts.consent, facts.withdrawal
    return {
        "treaty": {"slug": position.treaty.slug, "short_name": position.treaty.short_name},
        "status": position.status,
        "status_since": position.since,
        "status_until": position.until,
        "signature_date": facts.signature.date if facts.signature else None,
        "consent_kind": consent.kind if consent else None,
        "consent_date": consent.date if consent else None,
        "entry_into_force_date": consent.effective_date if consent else None,
        "entry_into_force_explanation": consent.explanation if consent else [],
        "withdrawal_notified_on": withdrawal.date if withdrawal else None,
        "withdrawal_effective_on": withdrawal.effective_date if withdrawal else None,
        "withdrawal_explanation": withdrawal.explanation if withdrawal else [],
        "intervals": [{"from": start, "until": end} for start, end in facts.intervals],
    }
