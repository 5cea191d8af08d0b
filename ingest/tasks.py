"""Celery tasks of the importers: thin wrappers that call one function each — the scheduled
synchronisation with the depositary (``config.celery``'s beat schedule) and the staged imports
too large for a request."""

from __future__ import annotations

import logging

from celery import shared_task

from .jobs import import_job_abandon, import_job_run
from .sync import SyncBusy, sync_untc

logger = logging.getLogger(__name__)


@shared_task(  # type: ignore[untyped-decorator]  # celery has no types
    # Hundreds of files at a polite rate take minutes, not the seconds of a recomputation.
    time_limit=4 * 3600,
    soft_time_limit=4 * 3600 - 60,
)
def sync_depositary() -> dict[str, object]:
    """Sync every known treaty (and those the indexes name); a sync already running wins."""
    try:
        run = sync_untc(trigger="schedule")
    except SyncBusy:
        logger.info("Scheduled sync skipped: another sync is running")
        return {"skipped": "another sync is running"}
    return {
        "run": run.pk,
        "outcome": run.outcome,
        "changed": run.files_changed,
        "unchanged": run.files_unchanged,
        "failed": run.files_failed,
        "review": run.changes_for_review,
    }


@shared_task(  # type: ignore[untyped-decorator]  # celery has no types
    time_limit=60 * 60, soft_time_limit=55 * 60
)
def run_import_job(job_id: int) -> str:
    """Check, or check and write, the staged import ``job_id`` (``ingest.jobs``)."""
    try:
        return import_job_run(job_id)
    except Exception:
        # Its transaction was rolled back: say so on the job's page rather than leave it
        # "running" for ever (then let Celery log the error).
        import_job_abandon(job_id)
        raise
