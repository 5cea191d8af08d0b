"""The admin form of statements: recorded through ``statements.services`` when cleaned, so the
admin refuses exactly what the importer's batch refuses, shown as form errors."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction

from statements import services
from statements.models import Statement

from .events import _https_urls, service_errors

#: The fields an editor enters (``withdraws`` and the section identify the statement).
FIELDS = ("treaty", "state", "source_section", "withdraws", *services.FACT_FIELDS)


class StatementAdminForm(forms.ModelForm[Statement]):
    """A statement's facts; ``saved`` is what the service wrote (the admin only reports it)."""

    editor: Any = None

    class Meta:
        model = Statement
        formfield_callback = _https_urls
        fields = FIELDS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._rejected_by_service = False
        self.saved: Statement | None = None

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if self.errors:
            return cleaned
        facts: dict[str, Any] = {name: cleaned.get(name) for name in FIELDS}
        try:
            with transaction.atomic():
                if self.instance.pk is None:
                    self.saved = services.statement_record(**facts)
                else:
                    current = Statement.objects.get(pk=self.instance.pk)
                    current._history_user = self.editor  # type: ignore[attr-defined]
                    self.saved = services.statement_update(statement=current, **facts)
        except ValidationError as exc:
            self._rejected_by_service = True
            raise ValidationError(
                service_errors(exc, set(self.fields), cleaned.get("state"))
            ) from exc
        return cleaned

    def _post_clean(self) -> None:
        if self._rejected_by_service:
            return
        if self.saved is not None:
            self.instance = self.saved
            return
        super()._post_clean()  # type: ignore[misc]
