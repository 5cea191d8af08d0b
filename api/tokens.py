"""API tokens stored as digests, bound to the account's password, with an age limit.

A program receives ``<user id>.<secret>`` once. The database keeps only a digest of the secret
together with the account's password hash (salted, so it changes with every new password): a
copy of the database holds no usable token, and a changed password ends every token of the
account, as it ends its sessions. (Not Django's session hash, which also depends on
``SECRET_KEY``: rotating the key is not meant to end every program's access.)
Tokens older than ``API_TOKEN_DAYS`` are refused with a message saying to obtain a new one.
One token per account (DRF's ``Token`` table): obtaining a new one replaces the old.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token

#: The length of a digest as stored (``Token.key`` holds 40 characters: 160 bits of SHA-256).
DIGEST_LENGTH = 40


def _digest(secret: str, user: User) -> str:
    material = f"{secret}:{user.password}".encode()
    return hashlib.sha256(material).hexdigest()[:DIGEST_LENGTH]


@transaction.atomic
def token_issue(*, user: User) -> str:
    """A new token for ``user`` (replacing any other): the only time its secret is seen."""
    secret = secrets.token_urlsafe(32)
    Token.objects.filter(user=user).delete()
    Token.objects.create(user=user, key=_digest(secret, user))
    return f"{user.pk}.{secret}"


class DigestTokenAuthentication(TokenAuthentication):
    """``Authorization: Token <user id>.<secret>``, checked against the stored digest in one
    query (the token with its user)."""

    def authenticate_credentials(self, key: str) -> tuple[Any, Token]:
        user_id, _, secret = key.partition(".")
        if not (user_id.isascii() and user_id.isdigit() and secret) or len(user_id) > 18:
            raise exceptions.AuthenticationFailed("Invalid token.")
        token = Token.objects.select_related("user").filter(user_id=int(user_id)).first()
        if token is None or not hmac.compare_digest(token.key, _digest(secret, token.user)):
            # Unknown, revoked, or issued before the account's password changed.
            raise exceptions.AuthenticationFailed("Invalid token.")
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed("User inactive or deleted.")
        if token.created < timezone.now() - timedelta(days=settings.API_TOKEN_DAYS):
            raise exceptions.AuthenticationFailed(
                f"This token is older than {settings.API_TOKEN_DAYS} days; obtain a new one."
            )
        return token.user, token
