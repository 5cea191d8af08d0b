"""Uploads staged between an import's preview and its confirmation.

The preview used to send the whole file back to the browser in a hidden field, to be posted
again on confirmation: past 2.5 MB (``DATA_UPLOAD_MAX_MEMORY_SIZE``) Django refused that post
with a bare 400. The file now stays in the database under a random token, for its uploader
only, for ``STAGED_FOR``; the confirmation posts the token.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.utils import timezone

from .models import StagedUpload

STAGED_FOR = timedelta(hours=1)


def upload_stage(*, user: AbstractBaseUser | AnonymousUser, name: str, content: str) -> str:
    """Keep ``content`` for ``user``; return the token that finds it again. Expired uploads
    (anyone's) are deleted on the way."""
    if user.pk is None:
        raise ValueError("only a signed-in user can stage an upload")
    StagedUpload.objects.filter(created_at__lt=timezone.now() - STAGED_FOR).delete()
    token = secrets.token_urlsafe(32)
    StagedUpload.objects.create(token=token, user_id=user.pk, name=name[:255], content=content)
    return token


def upload_staged(*, user: AbstractBaseUser | AnonymousUser, token: str) -> StagedUpload | None:
    """The upload ``user`` staged under ``token``, unless it expired (or was someone else's)."""
    if not token or user.pk is None:
        return None
    return StagedUpload.objects.filter(
        token=token, user_id=user.pk, created_at__gte=timezone.now() - STAGED_FOR
    ).first()
