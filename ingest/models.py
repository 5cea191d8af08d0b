"""The importers' records.

- What a synchronisation with the depositary did (``ingest.sync``): :class:`SyncRun` is one
  run of ``sync_untc`` (or of its beat task); :class:`SyncSource` is what was last applied from
  one treaty's file at the depositary (its validators and content hash, so that an unchanged
  file costs one conditional request and writes nothing); :class:`SyncChange` is one line of a
  run's changeset: applied, waiting for an editor's review, or reported.
- :class:`ImportJob`: an import too large to check and apply inside a request — the file,
  staged, and its progress (``ingest.jobs`` runs it in the worker; the admin's job page shows it).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class SyncRun(models.Model):
    class Outcome(models.TextChoices):
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Succeeded (every file fetched and applied)"
        PARTIAL = "partial", "Finished with failures (see its changes)"
        FAILED = "failed", "Failed (nothing could be fetched)"
        INTERRUPTED = "interrupted", "Interrupted (the process ended mid-run)"

    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=12, choices=Outcome.choices, default=Outcome.RUNNING)
    base_url = models.CharField(max_length=500)
    scope = models.CharField(max_length=500, help_text="Which treaties: all known, a chapter...")
    trigger = models.CharField(max_length=20, default="command", help_text="command or schedule")
    files_checked = models.PositiveIntegerField(default=0)
    files_changed = models.PositiveIntegerField(default=0, help_text="Fetched and applied")
    files_unchanged = models.PositiveIntegerField(default=0)
    files_failed = models.PositiveIntegerField(default=0)
    treaties_created = models.PositiveIntegerField(default=0)
    changes_applied = models.PositiveIntegerField(default=0)
    changes_for_review = models.PositiveIntegerField(default=0)
    requests = models.PositiveIntegerField(default=0, help_text="HTTP requests made")
    bytes_fetched = models.PositiveBigIntegerField(default=0)
    message = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["outcome", "-finished_at"], name="syncrun_outcome_idx")]

    def __str__(self) -> str:
        return f"Sync of {self.started_at:%Y-%m-%d %H:%M} ({self.get_outcome_display()})"


class SyncSource(models.Model):
    """One treaty's file at the depositary, as last applied."""

    un_reference = models.CharField(max_length=40, unique=True)
    url = models.CharField(max_length=500)
    etag = models.CharField(max_length=200, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    sha256 = models.CharField(max_length=64)
    applied_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.un_reference


class SyncChange(models.Model):
    class Kind(models.TextChoices):
        TREATY_CREATED = "treaty_created", "New treaty"
        ACT_ADDED = "act_added", "New act"
        ACT_UPDATED = "act_updated", "Act's details changed"
        ACT_CORRECTED = "act_corrected", "Act's date corrected"
        ACT_REMOVED = "act_removed", "Act no longer in the record"
        ENTRY_INTO_FORCE = "entry_into_force", "Entry-into-force line changed"
        TREATY_UPDATED = "treaty_updated", "Treaty's details changed"
        STATEMENTS = "statements", "Statements changed"
        FAILED = "failed", "File not applied"

    class Status(models.TextChoices):
        APPLIED = "applied", "Applied"
        REVIEW = "review", "Waiting for review"
        ACCEPTED = "accepted", "Accepted by an editor (the depositary's version applied)"
        KEPT = "kept", "Dismissed by an editor (the recorded version kept)"
        REPORTED = "reported", "Reported (nothing applied)"

    run = models.ForeignKey(SyncRun, on_delete=models.CASCADE, related_name="changes")
    un_reference = models.CharField(max_length=40)
    treaty = models.ForeignKey(
        "treaties.Treaty", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    status = models.CharField(max_length=10, choices=Status.choices)
    event = models.ForeignKey(
        "events.Event",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The recorded act this change concerns (empty once deleted)",
    )
    before = models.JSONField(default=dict, blank=True, help_text="As recorded before the sync")
    after = models.JSONField(default=dict, blank=True, help_text="As the depositary's file has it")
    message = models.TextField(blank=True)
    source_url = models.CharField(max_length=500, help_text="The file the change comes from")
    file_sha256 = models.CharField(max_length=64, blank=True)
    record_date = models.DateField(null=True, blank=True, help_text="The record's date after it")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["run", "un_reference", "id"]
        indexes = [models.Index(fields=["status", "run"], name="syncchange_status_idx")]

    def __str__(self) -> str:
        return f"{self.un_reference}: {self.get_kind_display()} ({self.get_status_display()})"


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
