"""Filters of the events list."""

from __future__ import annotations

import django_filters

from events.models import Event, EventKind
from states.models import State
from treaties.models import Treaty

ISO = ["%Y-%m-%d"]


class EventFilter(django_filters.FilterSet):
    """``treaty`` (slug), ``state`` (code), ``kind`` and a date range on the event's date."""

    treaty = django_filters.ModelChoiceFilter(
        queryset=Treaty.objects.all(), to_field_name="slug", help_text="Treaty slug"
    )
    state = django_filters.ModelChoiceFilter(
        queryset=State.objects.all(), to_field_name="code", help_text="State code (alpha-3)"
    )
    kind = django_filters.ChoiceFilter(choices=EventKind.choices)
    date_from = django_filters.DateFilter(
        field_name="date", lookup_expr="gte", input_formats=ISO, help_text="On or after"
    )
    date_to = django_filters.DateFilter(
        field_name="date", lookup_expr="lte", input_formats=ISO, help_text="On or before"
    )

    class Meta:
        model = Event
        fields = ["treaty", "state", "kind", "date_from", "date_to"]
