"""Admin forms for events: the service's validation, shown as form errors.

The admin must refuse exactly what every other entry path refuses, so the form does not
re-implement any check: it records through ``events.services`` itself and shows
``EventRejected`` messages next to the fields they name.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction

from events import services
from events.models import FACT_FIELDS, Event
from rules.dates import format_date


def _https_urls(db_field: Any, **kwargs: Any) -> Any:
    """Form fields as the model defines them; URLs without a scheme mean https."""
    if isinstance(db_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return db_field.formfield(**kwargs)


_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def in_editors_words(message: str, state: Any = None) -> str:
    """The engine names states by code and dates in ISO; editors read names and "6 Sep 2024"."""
    if state is not None and message.startswith(f"{state.code} "):
        message = f"{state.short_name} ({state.code}) {message[len(state.code) + 1 :]}"

    def readable(match: re.Match[str]) -> str:
        try:
            return format_date(date(*(int(part) for part in match.groups())))
        except ValueError:  # not a real date: leave the text as written
            return match.group(0)

    return _ISO_DATE.sub(readable, message)


def service_errors(
    exc: ValidationError, known_fields: set[str], state: Any = None
) -> dict[str, list[str]]:
    """Map an ``EventRejected`` onto the form: unknown keys become non-field errors."""
    mapped: dict[str, list[str]] = {}
    for key, messages in exc.message_dict.items():
        target = key if key in known_fields else NON_FIELD_ERRORS
        for message in messages:
            message = in_editors_words(message, state)
            if message not in mapped.setdefault(target, []):
                mapped[target].append(message)
    return mapped


class EventAdminForm(forms.ModelForm[Event]):
    """An event's facts, recorded through the service when the form is cleaned.

    The admin runs its whole change view in one transaction; the form records (or updates)
    the event there, once, so the service's checks run once per save, and a refusal is shown
    as form errors with nothing written. ``saved_event`` is what the service wrote; the admin's
    ``save_model`` only reports it.
    """

    #: Set by the admin: the person recorded in the event's history.
    editor: Any = None

    class Meta:
        model = Event
        formfield_callback = _https_urls
        fields = FACT_FIELDS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._rejected_by_service = False
        self.saved_event: Event | None = None

    def clean(self) -> dict[str, Any]:
        """Record the event through the service; show its refusal as errors."""
        super().clean()
        cleaned = self.cleaned_data
        # Field-level errors (a missing date, a bad URL) are already shown; the service would
        # only repeat them less precisely.
        if self.errors:
            return cleaned
        facts: dict[str, Any] = {name: cleaned.get(name) for name in FACT_FIELDS}
        try:
            # A savepoint: a refusal leaves nothing behind in the admin's transaction.
            with transaction.atomic():
                if self.instance.pk is None:
                    self.saved_event = services.event_record(**facts)
                else:
                    # The stored row, not the form's instance: a revert from history brings an
                    # instance without the derived fields and timestamps.
                    current = Event.objects.select_related("treaty", "state").get(
                        pk=self.instance.pk
                    )
                    # The author: simple_history reads the request too, but a revert from
                    # history saves outside the form's own instance.
                    current._history_user = self.editor  # type: ignore[attr-defined]  # read by simple_history
                    self.saved_event = services.event_update(event=current, **facts)
        except ValidationError as exc:
            self._rejected_by_service = True
            raise ValidationError(
                service_errors(exc, set(self.fields), cleaned.get("state"))
            ) from exc
        return cleaned

    def _post_clean(self) -> None:
        if self._rejected_by_service:
            # The service already ran the model's full_clean(); running it again here would
            # list the same messages twice. The form is invalid, nothing will be saved.
            return
        if self.saved_event is not None:
            # Recorded and validated by the service; validating the instance again would find
            # the row just written a duplicate of itself.
            self.instance = self.saved_event
            return
        # A private hook of Django's ModelForm (model validation after clean()); the stubs
        # do not declare it.
        super()._post_clean()  # type: ignore[misc]
