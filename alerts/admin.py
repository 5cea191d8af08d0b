"""The alerts in the admin: watches with their delivery log, notices, deliveries."""

from __future__ import annotations

from django.contrib import admin

from .models import Delivery, Notice, Watch


class DeliveryInline(admin.TabularInline[Delivery, Watch]):
    model = Delivery
    fields = ["notice", "status", "attempts", "sent_at", "next_attempt_at", "last_error"]
    readonly_fields = ["notice", "status", "attempts", "sent_at", "next_attempt_at", "last_error"]
    extra = 0
    can_delete = False
    ordering = ["-notice_id"]
    max_num = 0
    show_change_link = True


@admin.register(Watch)
class WatchAdmin(admin.ModelAdmin[Watch]):
    list_display = [
        "pk",
        "channel",
        "email",
        "url",
        "treaty",
        "state",
        "confirmed_at",
        "active",
        "consecutive_failures",
        "disabled_reason",
    ]
    list_filter = ["channel", "active", "digest"]
    search_fields = ["email", "url"]
    raw_id_fields = ["treaty", "state", "owner"]
    readonly_fields = ["token", "created_at", "disabled_at", "consecutive_failures"]
    inlines = [DeliveryInline]


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin[Notice]):
    list_display = ["pk", "kind", "title", "effective_on", "created_at"]
    list_filter = ["kind"]
    search_fields = ["title", "key"]
    readonly_fields = [f.name for f in Notice._meta.fields]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin[Delivery]):
    list_display = ["pk", "watch", "notice", "status", "attempts", "sent_at", "last_error"]
    list_filter = ["status"]
    readonly_fields = [f.name for f in Delivery._meta.fields]
    list_select_related = ["watch", "notice"]
