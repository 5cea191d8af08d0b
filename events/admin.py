from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import ArmedConflict, Event, Membership, StatusPeriod


@admin.register(Event)
class EventAdmin(SimpleHistoryAdmin):
    list_display = (
        "state",
        "treaty",
        "kind",
        "date",
        "effective_date",
        "disagrees_with_depositary",
    )
    list_filter = ("kind", "treaty", "disagrees_with_depositary")
    search_fields = ("state__short_name", "state__code", "treaty__short_name", "notification_ref")
    date_hierarchy = "date"
    autocomplete_fields = ("treaty", "state")
    list_select_related = ("state", "treaty")
    readonly_fields = (
        "effective_date",
        "explanation",
        "condition",
        "disagrees_with_depositary",
        "superseded",
        "computed_at",
    )


@admin.register(ArmedConflict)
class ArmedConflictAdmin(SimpleHistoryAdmin):
    list_display = ("state", "description", "started_on", "ended_on")
    autocomplete_fields = ("state",)
    list_select_related = ("state",)


@admin.register(StatusPeriod)
class StatusPeriodAdmin(admin.ModelAdmin):
    list_display = ("state", "treaty", "status", "valid_from", "valid_until")
    list_filter = ("status", "treaty")
    list_select_related = ("state", "treaty")

    def has_add_permission(self, request):  # derived data: never edited by hand
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Membership)
class MembershipAdmin(StatusPeriodAdmin):
    list_display = ("state", "treaty", "start", "end")
    list_filter = ("treaty",)
