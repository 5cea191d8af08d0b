"""Output shape of the statement endpoints: one flat row per statement (CSV-friendly)."""

from __future__ import annotations

from rest_framework import serializers

from statements.models import Statement, StatementKind


class StatementSerializer(serializers.ModelSerializer[Statement]):
    """A reservation, declaration, objection, territorial application... quoted verbatim from
    the depositary, with where it was published."""

    state = serializers.CharField(source="state.code", help_text="State code (alpha-3)")
    state_name = serializers.CharField(source="state.short_name")
    treaty = serializers.SlugField(source="treaty.slug", help_text="Treaty slug")
    kind = serializers.ChoiceField(choices=StatementKind.choices)
    kind_label = serializers.CharField(source="get_kind_display")
    made_on = serializers.DateField(
        allow_null=True, help_text="Date made or received; null if the record gives none"
    )
    upon_event = serializers.IntegerField(
        source="upon_event_id",
        allow_null=True,
        help_text="Id of the event (instrument of consent or signature) it was made upon",
    )
    upon_event_kind = serializers.SerializerMethodField()
    objects_to = serializers.SerializerMethodField(
        help_text="For an objection: the code of the state it objects to, where the text names one"
    )
    withdraws = serializers.IntegerField(
        source="withdraws_id",
        allow_null=True,
        help_text="For a withdrawal or modification: the id of the statement it acts on",
    )
    withdrawn_on = serializers.DateField(
        allow_null=True,
        help_text="Date the whole statement was withdrawn; a partial withdrawal is its own "
        "statement",
    )

    class Meta:
        model = Statement
        fields = [
            "id",
            "state",
            "state_name",
            "treaty",
            "kind",
            "kind_label",
            "made_on",
            "made_upon",
            "upon_event",
            "upon_event_kind",
            "text",
            "articles",
            "objects_to",
            "withdraws",
            "withdrawn_on",
            "source_url",
            "source_section",
            "notification",
            "note",
            "needs_review",
        ]

    def get_upon_event_kind(self, obj: Statement) -> str | None:
        return obj.upon_event.kind if obj.upon_event is not None else None

    def get_objects_to(self, obj: Statement) -> str | None:
        return obj.objects_to.code if obj.objects_to is not None else None
