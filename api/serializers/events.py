"""Input and output shapes of the events endpoints (separate, as writes go via services)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from events.models import FACT_FIELDS, Event, EventKind
from states.models import State
from treaties.models import Treaty

from .common import StateRefSerializer, StepSerializer

ISO = ["iso-8601"]


class EventSerializer(serializers.ModelSerializer[Event]):
    """An event with its computed effect."""

    treaty: serializers.SlugRelatedField[Treaty] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    state = serializers.SerializerMethodField()
    explanation = StepSerializer(many=True, read_only=True)
    derived_dates_computed = serializers.BooleanField(
        source="is_computed",
        read_only=True,
        help_text="False until the rule engine has computed this version of the event",
    )

    class Meta:
        model = Event
        fields = [
            "id",
            *FACT_FIELDS,
            "effective_date",
            "explanation",
            "condition",
            "disagrees_with_depositary",
            "superseded",
            "derived_dates_computed",
            "computed_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(StateRefSerializer)
    def get_state(self, event: Event) -> dict[str, str]:
        return {"code": event.state.code, "name": event.state.short_name}


class EventWriteSerializer(serializers.Serializer[dict[str, Any]]):
    """What a client may send; the rules are checked by ``events.services``."""

    treaty = serializers.SlugRelatedField(slug_field="slug", queryset=Treaty.objects.all())
    state = serializers.SlugRelatedField(slug_field="code", queryset=State.objects.all())
    kind = serializers.ChoiceField(choices=EventKind.choices)
    date = serializers.DateField(input_formats=ISO)
    source_url = serializers.URLField(max_length=500)
    notification_ref = serializers.CharField(max_length=80, required=False, allow_blank=True)
    note = serializers.CharField(required=False, allow_blank=True)
    bracketed = serializers.BooleanField(required=False)
    specified_effective_date = serializers.DateField(
        required=False, allow_null=True, input_formats=ISO
    )
    published_effective_date = serializers.DateField(
        required=False, allow_null=True, input_formats=ISO
    )
    from_note = serializers.BooleanField(
        required=False,
        help_text="Read from the depositary's endnote on the state, not its participants table",
    )
