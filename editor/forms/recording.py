"""The admin's forms that record through a service when they are cleaned.

The admin must refuse exactly what every other entry path refuses, so these forms do not
re-implement any check: ``clean()`` calls the domain's write service (record or update) inside
a savepoint and shows its ``ValidationError`` next to the fields it names. A subclass says only
which fields an editor enters and which service functions write them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any, ClassVar, Generic, TypeVar

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction

from rules.dates import format_date

M = TypeVar("M", bound=models.Model)


def https_urls(db_field: Any, **kwargs: Any) -> Any:
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
    """Map a service's refusal onto the form: unknown keys become non-field errors."""
    mapped: dict[str, list[str]] = {}
    for key, messages in exc.message_dict.items():
        target = key if key in known_fields else NON_FIELD_ERRORS
        for message in messages:
            message = in_editors_words(message, state)
            if message not in mapped.setdefault(target, []):
                mapped[target].append(message)
    return mapped


class RecordedOnCleanForm(forms.ModelForm[M], Generic[M]):
    """A model's facts, recorded (or updated) through its service when the form is cleaned.

    The admin runs its whole change view in one transaction; the form writes there, once, so
    the service's checks run once per save, and a refusal is shown as form errors with nothing
    written. ``saved`` is what the service wrote; the admin's ``save_model`` only reports it.
    Subclasses set ``facts`` and implement ``record``, ``stored`` and ``update``.
    """

    #: The fields passed to the service (not ``Meta.fields``: the admin builds its own form
    #: class with the fields of its fieldsets, read-only ones included).
    facts: ClassVar[tuple[str, ...]] = ()
    #: Set by the admin: the person recorded in the row's history.
    editor: Any = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._rejected_by_service = False
        self.saved: M | None = None

    def record(self, facts: Mapping[str, Any]) -> M:
        """Write a new row through the service."""
        raise NotImplementedError

    def stored(self, pk: Any) -> M:
        """The stored row being changed (not the form's instance: a revert from history
        brings an instance without the derived fields and timestamps)."""
        raise NotImplementedError

    def update(self, current: M, facts: Mapping[str, Any]) -> M:
        """Change ``current`` through the service."""
        raise NotImplementedError

    def clean(self) -> dict[str, Any]:
        """Record through the service; show its refusal as errors."""
        super().clean()
        cleaned = self.cleaned_data
        # Field-level errors (a missing date, a bad URL) are already shown; the service would
        # only repeat them less precisely.
        if self.errors:
            return cleaned
        facts: dict[str, Any] = {name: cleaned.get(name) for name in self.facts}
        try:
            # A savepoint: a refusal leaves nothing behind in the admin's transaction.
            with transaction.atomic():
                if self.instance.pk is None:
                    self.saved = self.record(facts)
                else:
                    current = self.stored(self.instance.pk)
                    # The author: simple_history reads the request too, but a revert from
                    # history saves outside the form's own instance.
                    current._history_user = self.editor  # type: ignore[attr-defined]  # read by simple_history
                    self.saved = self.update(current, facts)
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
        if self.saved is not None:
            # Recorded and validated by the service; validating the instance again would find
            # the row just written a duplicate of itself.
            self.instance = self.saved
            return
        # A private hook of Django's ModelForm (model validation after clean()); the stubs
        # do not declare it.
        super()._post_clean()  # type: ignore[misc]
