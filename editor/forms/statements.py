"""The admin form of statements: recorded through ``statements.services`` when cleaned, so the
admin refuses exactly what the importer's batch refuses, shown as form errors (see
:class:`~editor.forms.recording.RecordedOnCleanForm`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from statements import services
from statements.models import Statement

from .recording import RecordedOnCleanForm, https_urls

#: The fields an editor enters (``withdraws`` and the section identify the statement).
FIELDS = ("treaty", "state", "source_section", "withdraws", *services.FACT_FIELDS)


class StatementAdminForm(RecordedOnCleanForm[Statement]):
    """A statement's facts, recorded through ``statements.services``."""

    facts = FIELDS

    class Meta:
        model = Statement
        formfield_callback = https_urls
        fields = FIELDS

    def record(self, facts: Mapping[str, Any]) -> Statement:
        return services.statement_record(**facts)

    def stored(self, pk: Any) -> Statement:
        return Statement.objects.get(pk=pk)

    def update(self, current: Statement, facts: Mapping[str, Any]) -> Statement:
        return services.statement_update(statement=current, **facts)
