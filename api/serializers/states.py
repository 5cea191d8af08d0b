"""Output shapes of the state endpoints."""

from __future__ import annotations

from datetime import date
from typing import Any

from rest_framework import serializers

from events.selectors.participants import ParticipantRow
from events.selectors.record import record_date, until_known
from states.models import State

from .common import IntervalSerializer, StepSerializer
from .treaties import (
    STATUS_CHOICES,
    basis_field,
    past_record_field,
    record_as_of_field,
    row_dates_json,
)


class StateSerializer(serializers.ModelSerializer[State]):
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


class TreatyRefSerializer(serializers.Serializer[dict[str, Any]]):
    slug = serializers.SlugField()
    short_name = serializers.CharField()


class PositionSerializer(serializers.Serializer[dict[str, Any]]):
    """A state's position on one treaty on ``as_of`` (same fields as a participant row)."""

    treaty = TreatyRefSerializer()
    status = serializers.ChoiceField(choices=STATUS_CHOICES)
    status_since = serializers.DateField(
        allow_null=True, help_text="First day of the status; null while not joined"
    )
    status_until = serializers.DateField(
        allow_null=True,
        help_text="Day the status ends (exclusive), as far as the acts recorded by as_of "
        "say (a withdrawal notified later is not known on as_of); null if open-ended or not "
        "known then",
    )
    signature_date = serializers.DateField(allow_null=True)
    consent_kind = serializers.CharField(allow_null=True)
    consent_date = serializers.DateField(allow_null=True)
    entry_into_force_date = serializers.DateField(allow_null=True, help_text="See its basis")
    entry_into_force_basis = basis_field("the state's entry into force")
    entry_into_force_explanation = StepSerializer(many=True)
    withdrawal_notified_on = serializers.DateField(allow_null=True)
    withdrawal_effective_on = serializers.DateField(allow_null=True, help_text="See its basis")
    withdrawal_effective_basis = basis_field("the withdrawal's date of effect")
    withdrawal_explanation = StepSerializer(many=True)
    withdrawal_condition = serializers.CharField(
        allow_null=True, help_text="A condition attached to the withdrawal's effect"
    )
    disagrees_with_depositary = serializers.BooleanField(
        help_text="A computed date differs from one the depositary published"
    )
    intervals = IntervalSerializer(many=True)
    record_as_of = record_as_of_field()
    past_record = past_record_field()


class PositionListSerializer(serializers.Serializer[dict[str, Any]]):
    state = serializers.CharField(help_text="The state's code")
    as_of = serializers.DateField()
    count = serializers.IntegerField()
    results = PositionSerializer(many=True)


def position_json(row: ParticipantRow, on: date) -> dict[str, Any]:
    """One treaty's row of a state's positions (the participant row's fields, by treaty), on
    ``on`` or, where that is past the treaty's record, on the record's date."""
    as_of = record_date(row.treaty.status_as_at, row.treaty.latest_act_on)
    past = as_of is not None and on > as_of
    return {
        "treaty": {"slug": row.treaty.slug, "short_name": row.treaty.short_name},
        "status": row.status,
        "status_since": row.since,
        "status_until": row.until if until_known(row, as_of if past and as_of else on) else None,
        **row_dates_json(row),
        "record_as_of": as_of,
        "past_record": past,
    }
