"""The admin form of events: recorded through ``events.services`` when cleaned, so the admin
refuses exactly what every other entry path refuses, shown as form errors (see
:class:`~editor.forms.recording.RecordedOnCleanForm`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from events import services
from events.models import FACT_FIELDS, Event

from .recording import RecordedOnCleanForm, https_urls


class EventAdminForm(RecordedOnCleanForm[Event]):
    """An event's facts, recorded through ``events.services``."""

    facts = FACT_FIELDS

    class Meta:
        model = Event
        formfield_callback = https_urls
        fields = FACT_FIELDS

    def record(self, facts: Mapping[str, Any]) -> Event:
        return services.event_record(**facts)

    def stored(self, pk: Any) -> Event:
        return Event.objects.select_related("treaty", "state").get(pk=pk)

    def update(self, current: Event, facts: Mapping[str, Any]) -> Event:
        return services.event_update(event=current, **facts)
