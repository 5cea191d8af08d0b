"""Celery tasks: thin wrappers that take IDs and call one service each."""

from __future__ import annotations

import logging

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from treaties.models import Treaty

from .services.changes import status_changes_record
from .services.recompute import treaty_recompute

logger = logging.getLogger(__name__)


@shared_task(
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    retry_backoff_max=300,
    max_retries=8,
)
def recompute_treaty(treaty_id: int) -> dict[str, object]:
    """Recompute one treaty's derived dates. Safe to run twice."""
    if not Treaty.objects.filter(pk=treaty_id).exists():
        return {"treaty_id": treaty_id, "skipped": "deleted"}
    result = treaty_recompute(treaty_id=treaty_id)
    return {
        "treaty_id": result.treaty_id,
        "events": result.events,
        "entry_into_force": result.entry_into_force.isoformat()
        if result.entry_into_force
        else None,
    }


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def reconcile_stale_treaties() -> list[int]:
    """Recompute every treaty whose derived data is older than its latest change.

    Runs periodically so that a lost message or a broker outage delays a result but never
    loses it.
    """
    ids = list(Treaty.objects.stale().values_list("pk", flat=True))
    for pk in ids:
        treaty_recompute(treaty_id=pk)
    if ids:
        logger.info("Reconciled %d stale treaties", len(ids))
    return ids


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def record_todays_status_changes() -> int:
    """Record the status changes taking effect today (feeds read them). Idempotent."""
    return status_changes_record(on=timezone.localdate())
