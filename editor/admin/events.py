"""Event admin: the editors' workbench.

Every write goes through ``events.services`` (``event_record`` / ``event_update`` /
``event_delete``): the form records through the service when it is cleaned, so a refusal is
shown as form errors and nothing is saved; ``delete_model`` calls the service too. After
saving, the editor lands back on the event and sees what the engine computed (or that it is
still being computed).
"""

from __future__ import annotations

from typing import Any, TypeVar, cast

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Model, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import URLPattern, path, reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from simple_history.admin import SimpleHistoryAdmin

from events import services
from events.models import ArmedConflict, Event, Membership, StatusPeriod
from events.querysets import EventQuerySet
from rules.dates import format_date

from .. import admin_views
from ..forms.events import EventAdminForm
from .recording import RecordedOnCleanAdmin

COMPUTED_FIELDS = (
    "computation_status",
    "effective_date_display",
    "explanation_display",
    "condition",
    "depositary_comparison",
    "superseded",
)


class ComputationFilter(admin.SimpleListFilter):
    """Computed, or still waiting for the engine (changed since it last ran)."""

    title = "computation"
    parameter_name = "computation"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("pending", "Being computed"), ("computed", "Computed")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Event]) -> QuerySet[Event]:
        if self.value() == "pending":
            assert isinstance(queryset, EventQuerySet)
            return queryset.pending_computation()
        if self.value() == "computed":
            return queryset.filter(computed_at__isnull=False, computed_at__gte=F("updated_at"))
        return queryset


class DisagreementFilter(admin.SimpleListFilter):
    """Events whose depositary-published effective date differs from the rule."""

    title = "depositary's published date"
    parameter_name = "depositary"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [
            ("disagrees", "Disagrees with the rule"),
            ("agrees", "Agrees with the rule"),
            ("none", "None published"),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Event]) -> QuerySet[Event]:
        if self.value() == "disagrees":
            return queryset.filter(disagrees_with_depositary=True)
        if self.value() == "agrees":
            return queryset.filter(
                published_effective_date__isnull=False, disagrees_with_depositary=False
            )
        if self.value() == "none":
            return queryset.filter(published_effective_date__isnull=True)
        return queryset


def _format_day(value: Any) -> str:
    return format_date(value) if value else "—"


@admin.register(Event)
class EventAdmin(RecordedOnCleanAdmin, SimpleHistoryAdmin):  # type: ignore[misc]  # django-simple-history has no types
    form = EventAdminForm
    # Editors paste URLs with their scheme; a bare host means https today (Django 6 default).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = (
        "state",
        "treaty",
        "kind",
        "date",
        "effective_date_display",
        "disagreement_display",
        "notification_ref",
    )
    list_filter = (
        "treaty",
        "kind",
        ("date", admin.DateFieldListFilter),
        ComputationFilter,
        DisagreementFilter,
        "bracketed",
        "from_note",
    )
    search_fields = (
        "state__short_name",
        "state__official_name",
        "state__code",
        "state__aliases__name",
        "treaty__short_name",
        "treaty__slug",
        "treaty__un_reference",
        "notification_ref",
    )
    date_hierarchy = "date"
    autocomplete_fields = ("treaty", "state")
    # select_related: every row prints the state's and the treaty's names (2 queries per row
    # otherwise, which is what the constant-query test catches).
    list_select_related = ("state", "treaty")
    list_per_page = 100
    # Editors look for what they recorded last.
    ordering = ("-date", "-pk")
    actions = ["export_csv"]
    change_list_template = "admin/events/event/change_list.html"

    fieldsets = (
        (None, {"fields": ("treaty", "state", "kind", "date", "source_url", "notification_ref")}),
        (
            "Details",
            {
                "fields": (
                    "specified_effective_date",
                    "published_effective_date",
                    "bracketed",
                    "from_note",
                    "note",
                )
            },
        ),
    )

    # -- forms -----------------------------------------------------------------------------

    def get_fieldsets(
        self, request: HttpRequest, obj: Any = None
    ) -> list[tuple[str | None, dict[str, Any]]]:
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is not None:
            fieldsets.insert(0, ("Computed by the rule engine", {"fields": COMPUTED_FIELDS}))
        return fieldsets

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return COMPUTED_FIELDS if obj is not None else ()

    # -- read-only displays ----------------------------------------------------------------

    @admin.display(description="Computation")
    def computation_status(self, obj: Event) -> str:
        if obj.is_computed and obj.computed_at is not None:
            return f"Computed {date_format(obj.computed_at, 'j M Y, H:i')} UTC"
        return mark_safe(
            "<strong class='tt-pending'>Being computed</strong> — the rule engine recomputes "
            "this treaty after every change; reload this page in a moment."
        )

    @admin.display(description="Depositary's date", ordering="disagrees_with_depositary")
    def disagreement_display(self, obj: Event) -> str:
        """Words, not Django's boolean icons: a red ⊗ on every agreeing row read as a fault."""
        if obj.disagrees_with_depositary:
            return "disagrees with the rule"
        if obj.published_effective_date:
            return "agrees"
        return "—"

    @admin.display(description="Effective date", ordering="effective_date")
    def effective_date_display(self, obj: Event) -> str:
        if not obj.is_computed:
            return "being computed…"
        if obj.effective_date is None:
            if obj.superseded:
                return "no effect (superseded)"
            return "—" if not obj.explanation else "pending"
        return _format_day(obj.effective_date)

    @admin.display(description="Explanation")
    def explanation_display(self, obj: Event) -> str:
        if not obj.is_computed:
            return "being computed…"
        if not obj.explanation:
            return "No dated effect for this kind of event."
        return format_html(
            "<ol class='tt-steps'>{}</ol>",
            format_html_join(
                "",
                "<li>{}{}</li>",
                (
                    (
                        step.get("text", ""),
                        f" (art. {step['article']})" if step.get("article") else "",
                    )
                    for step in obj.explanation
                ),
            ),
        )

    @admin.display(description="Depositary's published date")
    def depositary_comparison(self, obj: Event) -> str:
        if obj.published_effective_date is None:
            return "None published"
        if not obj.is_computed:
            return _format_day(obj.published_effective_date)
        if obj.disagrees_with_depositary:
            return format_html(
                "<strong>Disagrees:</strong> the depositary published {}, the rule gives {}.",
                _format_day(obj.published_effective_date),
                _format_day(obj.effective_date),
            )
        return f"{_format_day(obj.published_effective_date)} (agrees with the rule)"

    # -- writes, all through the service (the form records them: RecordedOnCleanAdmin) -----

    def delete_model(self, request: HttpRequest, obj: Event) -> None:
        """Delete through the service, which refuses to leave inconsistent facts behind."""
        services.event_delete(event=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Event]) -> None:
        """Bulk delete, one service call per event, all or nothing."""
        with transaction.atomic():
            # Latest first: a withdrawal goes before the ratification it depends on.
            for event in queryset.select_related("treaty", "state").order_by("-date", "-pk"):
                services.event_delete(event=event)

    def delete_view(
        self, request: HttpRequest, object_id: str, extra_context: Any = None
    ) -> HttpResponse:
        try:
            return cast(HttpResponse, super().delete_view(request, object_id, extra_context))
        except ValidationError as exc:
            # The admin's own transaction was rolled back: nothing was deleted.
            self.message_user(request, _refusal(exc, "not deleted"), messages.ERROR)
            return HttpResponseRedirect(reverse("admin:events_event_change", args=[object_id]))

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        try:
            return cast(HttpResponse, super().changelist_view(request, extra_context))
        except ValidationError as exc:  # from the bulk "delete selected" action
            self.message_user(request, _refusal(exc, "nothing was deleted"), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def response_post_save_add(self, request: HttpRequest, obj: Event) -> HttpResponse:
        # Back to the saved event, where the computed date and explanation are shown.
        return HttpResponseRedirect(reverse("admin:events_event_change", args=[obj.pk]))

    def response_post_save_change(self, request: HttpRequest, obj: Event) -> HttpResponse:
        return HttpResponseRedirect(reverse("admin:events_event_change", args=[obj.pk]))

    # -- extra views -----------------------------------------------------------------------

    def get_urls(self) -> list[URLPattern]:
        wrap = self.admin_site.admin_view
        return [
            path(
                "data-quality/",
                wrap(admin_views.DataQualityView.as_view(model_admin=self)),
                name="events_event_data_quality",
            ),
            path(
                "import/",
                wrap(admin_views.EventImportView.as_view(model_admin=self)),
                name="events_event_import",
            ),
            path(
                "import/<int:pk>/",
                wrap(admin_views.ImportJobView.as_view(model_admin=self)),
                name="events_event_import_job",
            ),
            *super().get_urls(),
        ]

    @admin.action(description="Export the selected events (project CSV format)")
    def export_csv(self, request: HttpRequest, queryset: QuerySet[Event]) -> HttpResponse:
        return admin_views.export_events_csv(queryset)


def _refusal(exc: ValidationError, what: str) -> str:
    details = "; ".join(m for messages_ in exc.message_dict.values() for m in messages_)
    return f"Refused, {what}: {details}"


@admin.register(ArmedConflict)
class ArmedConflictAdmin(SimpleHistoryAdmin):  # type: ignore[misc]  # django-simple-history has no types
    """Conflicts postpone withdrawals (CCM, APMBC, TPNW): writes go through the services, so
    the treaties of the state are recomputed as after an event."""

    list_display = ("state", "description", "started_on", "ended_on")
    autocomplete_fields = ("state",)
    list_select_related = ("state",)
    search_fields = ("state__short_name", "state__code", "description")
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def save_model(self, request: HttpRequest, obj: ArmedConflict, form: Any, change: bool) -> None:
        facts = {name: getattr(obj, name) for name in services.CONFLICT_FIELDS}
        if change:
            # The stored row, not the form's instance (a revert brings one from history).
            # simple_history records the author from the request (HistoryRequestMiddleware).
            current = ArmedConflict.objects.get(pk=obj.pk)
            saved = services.armed_conflict_update(conflict=current, **facts)
        else:
            saved = services.armed_conflict_record(**facts)
        obj.pk = saved.pk

    def delete_model(self, request: HttpRequest, obj: ArmedConflict) -> None:
        services.armed_conflict_delete(conflict=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[ArmedConflict]) -> None:
        with transaction.atomic():
            for conflict in queryset:
                services.armed_conflict_delete(conflict=conflict)


_M = TypeVar("_M", bound=Model)


class DerivedRowsAdmin(admin.ModelAdmin[_M]):
    """Derived rows: viewable, never edited by hand (the rule engine writes them)."""

    list_select_related = ("state", "treaty")
    search_fields = ("state__short_name", "state__code")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(StatusPeriod)
class StatusPeriodAdmin(DerivedRowsAdmin[StatusPeriod]):
    list_display = ("state", "treaty", "status", "valid_from", "valid_until")
    list_filter = ("status", "treaty")


@admin.register(Membership)
class MembershipAdmin(DerivedRowsAdmin[Membership]):
    list_display = ("state", "treaty", "start", "end")
    list_filter = ("treaty",)
