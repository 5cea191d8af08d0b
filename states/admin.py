from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import State, StateAlias


class StateAliasInline(admin.TabularInline):
    model = StateAlias
    extra = 0
    fields = ("name", "is_former_name")


@admin.register(State)
class StateAdmin(SimpleHistoryAdmin):
    list_display = ("short_name", "code", "alpha2", "numeric", "kind", "exists_until")
    list_filter = ("kind",)
    search_fields = ("short_name", "official_name", "code", "alpha2", "aliases__name")
    filter_horizontal = ("predecessors",)
    inlines = [StateAliasInline]


@admin.register(StateAlias)
class StateAliasAdmin(admin.ModelAdmin):
    list_display = ("name", "state", "is_former_name")
    search_fields = ("name", "state__short_name", "state__code")
    autocomplete_fields = ("state",)
    list_select_related = ("state",)
