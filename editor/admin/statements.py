"""Statements in the admin: reservations, declarations, objections, territorial applications.

Writes go through ``statements.services`` (the form records when it is cleaned), deletions
too; the history of every change is kept (django-simple-history).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from statements import services
from statements.models import Statement, StatementKind

from ..forms.statements import StatementAdminForm
from .recording import RecordedOnCleanAdmin


class ReviewFilter(admin.SimpleListFilter):
    """The review list: what the importer could not read entirely, and objections whose
    target (the state objected to) is not recorded — never dropped, listed here."""

    title = "review"
    parameter_name = "review"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [
            ("untargeted", "Objections without a target"),
            ("flagged", "Not read entirely by the importer"),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "untargeted":
            return queryset.filter(kind=StatementKind.OBJECTION, objects_to__isnull=True)
        if self.value() == "flagged":
            return queryset.exclude(needs_review="")
        return queryset


@admin.register(Statement)
class StatementAdmin(RecordedOnCleanAdmin, SimpleHistoryAdmin):  # type: ignore[misc]  # django-simple-history has no types
    form = StatementAdminForm
    list_display = ("state", "treaty", "kind", "made_on", "made_upon", "objects_to", "withdrawn_on")
    list_filter = (ReviewFilter, "kind")
    list_select_related = ("state", "treaty", "objects_to")
    search_fields = ("state__short_name", "state__code", "treaty__short_name", "text", "articles")
    autocomplete_fields = ("state", "treaty", "objects_to", "upon_event", "withdraws")
    date_hierarchy = "made_on"
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = (
        (None, {"fields": ("treaty", "state", "kind", "made_on", "made_upon", "upon_event")}),
        ("What was said", {"fields": ("text", "articles", "objects_to", "note")}),
        ("Withdrawal", {"fields": ("withdraws", "withdrawn_on")}),
        (
            "Source",
            {"fields": ("source_url", "source_section", "notification", "needs_review")},
        ),
    )

    def delete_model(self, request: HttpRequest, obj: Statement) -> None:
        try:
            services.statement_delete(statement=obj)
        except ValidationError as exc:
            messages.error(request, "; ".join(exc.messages))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Statement]) -> None:
        try:
            with transaction.atomic():
                for statement in queryset:
                    services.statement_delete(statement=statement)
        except ValidationError as exc:
            messages.error(request, "; ".join(exc.messages))
