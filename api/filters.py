"""Filters of the events list."""

from __future__ import annotations

from datetime import date
from typing import Any

import django_filters
from django import forms

from events.models import Event, EventKind
from serving.params import ParamError, parse_date
from states.models import State
from treaties.models import Treaty

from .params import DATE_MESSAGES


class IsoDateField(forms.DateField):
    """A date parsed by ``serving.params.parse_date`` (strict ISO, ASCII digits, supported
    range), like every other date parameter of the API."""

    def to_python(self, value: Any) -> date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, date):
            return value
        try:
            return parse_date("date", str(value))
        except ParamError as exc:
            raise forms.ValidationError(
                DATE_MESSAGES.get(exc.code, DATE_MESSAGES["invalid_date"]).format(value=value),
                code=exc.code,
            ) from None


class IsoDateFilter(django_filters.DateFilter):  # type: ignore[misc]  # django-filter has no types
    field_class = IsoDateField


class EventFilter(django_filters.FilterSet):  # type: ignore[misc]  # django-filter has no types
    """``treaty`` (slug), ``state`` (code), ``kind`` and a date range on the event's date."""

    treaty = django_filters.ModelChoiceFilter(
        queryset=Treaty.objects.all(), to_field_name="slug", help_text="Treaty slug"
    )
    state = django_filters.ModelChoiceFilter(
        queryset=State.objects.all(), to_field_name="code", help_text="State code (alpha-3)"
    )
    kind = django_filters.ChoiceFilter(choices=EventKind.choices)
    date_from = IsoDateFilter(field_name="date", lookup_expr="gte", help_text="On or after")
    date_to = IsoDateFilter(field_name="date", lookup_expr="lte", help_text="On or before")

    class Meta:
        model = Event
        fields = ["treaty", "state", "kind", "date_from", "date_to"]
