"""What the admin keeps for its own work: files between an import's preview and its
confirmation."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class StagedUpload(models.Model):
    """A file uploaded to the admin's import, kept on the server between its preview and its
    confirmation (``editor.staging``), so the confirmation posts a token rather than the file.
    Deleted once imported or expired."""

    token = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=255)
    content = models.TextField()
    # "Staged uploads older than an hour": the clean-up on every new upload.
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"{self.name} ({self.user_id}, {self.created_at:%Y-%m-%d %H:%M})"
