"""Admin forms for events: the service's validation, shown as form errors.

The admin must refuse exactly what every other entry path refuses, so the form does not
re-implement any check: it asks ``events.services`` itself, in a savepoint that is always rolled
back (a dry run), and shows ``EventRejected`` messages next to the fields they name.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction

from treaties.rules.dates import format_date

from .models import FACT_FIELDS as EVENT_FACT_FIELDS
from .models import Event


def _https_urls(db_field: Any, **kwargs: Any) -> Any:
    """Form fields as the model defines them; URLs without a scheme mean https."""
    if isinstance(db_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return db_field.formfield(**kwargs)


class _DryRun(Exception):
    """Raised inside the savepoint to roll back a successful dry run."""


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


# The facts an editor enters; derived fields are never part of the form.
FACT_FIELDS = EVENT_FACT_FIELDS


class EventAdminForm(forms.ModelForm):
    """An event's facts, checked by the service before the admin saves anything."""

    class Meta:
        model = Event
        formfield_callback = _https_urls
        fields = FACT_FIELDS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._rejected_by_service = False

    def clean(self) -> dict[str, Any]:
        """Ask the service whether it would record this event; show its refusal as errors."""
        cleaned = super().clean()
        # Field-level errors (a missing date, a bad URL) are already shown; the service would
        # only repeat them less precisely.
        if self._errors:
            return cleaned
        try:
            self._dry_run(cleaned)
        except ValidationError as exc:
            self._rejected_by_service = True
            raise ValidationError(
                service_errors(exc, set(self.fields), cleaned.get("state"))
            ) from exc
        return cleaned

    def _dry_run(self, cleaned: dict[str, Any]) -> None:
        # Imported here: the admin is loaded at start-up, the rule engine only when needed.
        from . import services

        facts = {name: cleaned.get(name) for name in FACT_FIELDS}
        try:
            with transaction.atomic():
                if self.instance.pk is None:
                    services.event_record(**facts)
                else:
                    # A fresh copy: the service assigns the changes to the object it is given.
                    current = Event.objects.select_related("treaty", "state").get(
                        pk=self.instance.pk
                    )
                    services.event_update(event=current, **facts)
                # Rolling back the savepoint also drops the recomputation queued on commit.
                raise _DryRun
        except _DryRun:
            pass

    def _post_clean(self) -> None:
        if self._rejected_by_service:
            # The service already ran the model's full_clean(); running it again here would
            # list the same messages twice. The form is invalid, nothing will be saved.
            return
        super()._post_clean()
