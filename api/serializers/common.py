"""Shapes shared by several endpoints: a state reference, an explanation step, an interval."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers


class StateRefSerializer(serializers.Serializer[dict[str, Any]]):
    code = serializers.CharField(help_text="ISO 3166-1 alpha-3 (or ISO 3166-3 / project code)")
    name = serializers.CharField()


class StepSerializer(serializers.Serializer[dict[str, Any]]):
    text = serializers.CharField()
    date = serializers.DateField(allow_null=True)
    article = serializers.CharField(allow_null=True)


class IntervalSerializer(serializers.Serializer[dict[str, Any]]):
    # "from" is a Python keyword: declared through the fields dict below.
    until = serializers.DateField(allow_null=True, help_text="Exclusive; null = still bound")

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        fields = super().get_fields()
        return {"from": serializers.DateField(help_text="First day bound"), **fields}
