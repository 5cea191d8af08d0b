"""The syncs with the depositary in the admin: each run (when, what changed, what failed, what
waits for review) and its changes; the changes waiting for review are decided here, with both
versions and the file they come from side by side. Nothing else is edited by hand."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html

from ingest.models import SyncChange, SyncRun
from ingest.sync.review import ReviewRefused, change_accept, change_keep


class _ReadOnly(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(SyncRun)
class SyncRunAdmin(_ReadOnly):
    list_display = (
        "started_at",
        "finished_at",
        "outcome",
        "trigger",
        "files_checked",
        "files_changed",
        "files_unchanged",
        "files_failed",
        "changes_applied",
        "review_link",
    )
    list_filter = ("outcome", "trigger")
    date_hierarchy = "started_at"

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description="For review")
    def review_link(self, run: SyncRun) -> str:
        url = reverse("admin:ingest_syncchange_changelist") + f"?run__id__exact={run.pk}"
        return format_html('<a href="{}">{} (all changes)</a>', url, run.changes_for_review)


def _text(values: dict[str, Any]) -> str:
    return json.dumps(values, ensure_ascii=False, sort_keys=True) if values else "—"


@admin.register(SyncChange)
class SyncChangeAdmin(_ReadOnly):
    list_display = (
        "un_reference",
        "kind",
        "status",
        "recorded",
        "depositary",
        "message",
        "run",
    )
    list_filter = ("status", "kind")
    list_select_related = ("run",)
    search_fields = ("un_reference", "message")
    readonly_fields = [f.name for f in SyncChange._meta.fields]
    actions = ["accept", "keep"]

    @admin.display(description="As recorded")
    def recorded(self, change: SyncChange) -> str:
        return _text(change.before)

    @admin.display(description="As the depositary's file has it")
    def depositary(self, change: SyncChange) -> str:
        return _text(change.after)

    @admin.action(description="Apply the depositary's version", permissions=["change"])
    def accept(self, request: HttpRequest, queryset: QuerySet[SyncChange]) -> None:
        if not request.user.has_perms(["events.change_event", "events.delete_event"]):
            self.message_user(request, "Applying needs the right to change events.", messages.ERROR)
            return
        self._decide(request, queryset, change_accept, "applied")

    @admin.action(description="Keep the recorded version", permissions=["change"])
    def keep(self, request: HttpRequest, queryset: QuerySet[SyncChange]) -> None:
        self._decide(request, queryset, change_keep, "kept as recorded")

    def _decide(
        self, request: HttpRequest, queryset: QuerySet[SyncChange], decide: Any, done: str
    ) -> None:
        count = 0
        for change in queryset.filter(status=SyncChange.Status.REVIEW):
            try:
                decide(change=change, user=request.user)
            except ReviewRefused as exc:
                self.message_user(request, f"{change}: not applied: {exc}", messages.ERROR)
            else:
                count += 1
        self.message_user(request, f"{count} change(s) {done}.")


__all__ = ["SyncChangeAdmin", "SyncRunAdmin"]
