"""Shapes shared by several endpoints: a state reference, an explanation step, an interval."""

from __future__ import annotations

from rest_framework import serializers


class StateRefSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="ISO 3166-1 alpha-3 (or ISO 3166-3 / project code)")
    name = serializers.CharField()


class StepSerializer(serializers.Serializer):
    text = serializers.CharField()
    date = serializers.DateField(allow_null=True)
    article = serializers.CharField(allow_null=True)


class IntervalSerializer(serializers.Serializer):
    # "from" is a Python keyword: declared through the fields dict below.
    until = serializers.DateField(allow_null=True, help_text="Exclusive; null = still bound")

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        return {"from": serializers.DateField(help_text="First day bound"), **fields}
