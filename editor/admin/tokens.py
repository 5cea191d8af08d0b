"""API tokens in the admin: who holds one and since when; an administrator revokes one by
deleting it. None is added here: a token is obtained by its owner with the account's password
(``POST /api/v1/auth/token/``), and the database keeps only its digest (``api.tokens``)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from rest_framework.authtoken.models import TokenProxy

# DRF's own page adds tokens whose key would be shown and stored as it is: replaced.
if admin.site.is_registered(TokenProxy):
    admin.site.unregister(TokenProxy)


@admin.register(TokenProxy)
class TokenAdmin(admin.ModelAdmin[TokenProxy]):
    list_display = ("user", "created")
    fields = ("user", "created")
    readonly_fields = ("user", "created")
    search_fields = ("user__username",)
    ordering = ("-created",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


__all__ = ["TokenAdmin"]
