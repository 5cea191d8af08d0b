"""State admin, also the source of the event form's state autocomplete.

Editors type whatever name they have in front of them: the UN's spelling ("Bolivia
(Plurinational State of)"), a former name ("Swaziland"), an ISO code ("LTU", "LT"), or a name
without its accents ("Turkiye"). ``get_search_results`` finds a state by any of these.
"""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from states.models import State, StateAlias
from states.selectors import state_search


class StateAliasInline(admin.TabularInline[StateAlias, State]):
    model = StateAlias
    extra = 0
    fields = ("name", "is_former_name")


@admin.register(State)
class StateAdmin(SimpleHistoryAdmin):  # type: ignore[misc]  # django-simple-history has no types
    list_display = ("short_name", "code", "alpha2", "numeric", "kind", "exists_until")
    list_filter = ("kind",)
    search_fields = ("short_name", "official_name", "code", "alpha2", "aliases__name")
    search_help_text = "Any name, former name, alias or ISO code"
    filter_horizontal = ("predecessors",)
    inlines = [StateAliasInline]

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[State], search_term: str
    ) -> tuple[QuerySet[State], bool]:
        """Search by any name, alias or code; used by the admin list and the autocomplete."""
        if not search_term.strip():
            return queryset, False
        # The one state search of the pages and the API; a list of ids, so no joins on the
        # outer query: no duplicates, no DISTINCT.
        return queryset.filter(pk__in=[m.state.pk for m in state_search(search_term)]), False


@admin.register(StateAlias)
class StateAliasAdmin(SimpleHistoryAdmin):  # type: ignore[misc]  # django-simple-history has no types
    list_display = ("name", "state", "is_former_name")
    search_fields = ("name", "state__short_name", "state__code")
    autocomplete_fields = ("state",)
    list_select_related = ("state",)
