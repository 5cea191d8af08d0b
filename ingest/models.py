"""An import too large to check and apply inside a request: the file, staged, and its progress
(``ingest.jobs`` runs it in the worker; the admin's job page shows it)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ImportJob(models.Model):
    """One uploaded CSV file in the project's format, checked (``mode=check``: nothing written)
    and then, on the editor's confirmation, applied all or nothing (``mode=apply``)."""

    class Mode(models.TextChoices):
        CHECK = "check", "check only"
        APPLY = "apply", "import"

    class Status(models.TextChoices):
        QUEUED = "queued", "waiting for the worker"
        RUNNING = "running", "running"
        DONE = "done", "done"
        FAILED = "failed", "refused, nothing written"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=255)
    # The file itself, until it is imported (then emptied).
    content = models.TextField(blank=True)
    mode = models.CharField(max_length=8, choices=Mode.choices, default=Mode.CHECK)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    # What the worker is doing ("reading rows", "checking and writing treaty 3 of 7"...).
    phase = models.CharField(max_length=200, blank=True)
    rows_total = models.PositiveIntegerField(default=0)
    rows_read = models.PositiveIntegerField(default=0)
    events_created = models.PositiveIntegerField(default=0)
    events_updated = models.PositiveIntegerField(default=0)
    events_unchanged = models.PositiveIntegerField(default=0)
    summary = models.TextField(blank=True)
    # Row-numbered errors (the first 200), the reason nothing was written.
    errors = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_mode_display()}, {self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self) -> int:
        return min(100, self.rows_read * 100 // self.rows_total) if self.rows_total else 0
