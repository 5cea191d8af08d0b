"""The scheduled synchronisation with the depositary (``config.celery``'s beat schedule)."""

from __future__ import annotations

import logging

from celery import shared_task

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
