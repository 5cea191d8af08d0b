from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Treaty


@admin.register(Treaty)
class TreatyAdmin(SimpleHistoryAdmin):
    list_display = (
        "short_name",
        "un_reference",
        "entry_into_force_date",
        "status_as_at",
        "derived_at",
    )
    search_fields = ("short_name", "title", "slug", "un_reference")
    prepopulated_fields = {"slug": ("short_name",)}
    readonly_fields = (
        "entry_into_force_date",
        "entry_into_force_explanation",
        "data_changed_at",
        "derived_at",
        "derived_error",
    )
