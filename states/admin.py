"""State admin, also the source of the event form's state autocomplete.

Editors type whatever name they have in front of them: the UN's spelling ("Bolivia
(Plurinational State of)"), a former name ("Swaziland"), an ISO code ("LTU", "LT"), or a name
without its accents ("Turkiye"). ``get_search_results`` finds a state by any of these.
"""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from .models import State, StateAlias, normalize_name


class StateAliasInline(admin.TabularInline):
    model = StateAlias
    extra = 0
    fields = ("name", "is_former_name")


def matching_states(term: str) -> QuerySet:
    """States whose code, ISO alpha-2, names or aliases match ``term`` (for search boxes)."""
    term = term.strip()
    if not term:
        return State.objects.all()
    key = normalize_name(term)
    condition = (
        Q(code__iexact=term)
        | Q(alpha2__iexact=term)
        | Q(short_name__icontains=term)
        | Q(official_name__icontains=term)
        | Q(aliases__name__icontains=term)
    )
    if key:
        # Accent- and punctuation-free match through the importers' normalised alias key.
        condition |= Q(aliases__normalized__contains=key)
    return State.objects.filter(condition)


@admin.register(State)
class StateAdmin(SimpleHistoryAdmin):
    list_display = ("short_name", "code", "alpha2", "numeric", "kind", "exists_until")
    list_filter = ("kind",)
    search_fields = ("short_name", "official_name", "code", "alpha2", "aliases__name")
    search_help_text = "Any name, former name, alias or ISO code"
    filter_horizontal = ("predecessors",)
    inlines = [StateAliasInline]

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet, search_term: str
    ) -> tuple[QuerySet, bool]:
        """Search by any name, alias or code; used by the admin list and the autocomplete."""
        if not search_term.strip():
            return queryset, False
        # A pk subquery instead of joins on the outer query: no duplicates, no DISTINCT.
        return queryset.filter(pk__in=matching_states(search_term).values("pk")), False


@admin.register(StateAlias)
class StateAliasAdmin(admin.ModelAdmin):
    list_display = ("name", "state", "is_former_name")
    search_fields = ("name", "state__short_name", "state__code")
    autocomplete_fields = ("state",)
    list_select_related = ("state",)
