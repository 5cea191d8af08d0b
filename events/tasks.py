"""Celery tasks: thin wrappers that take IDs and call one service each."""

from __future__ import annotations

import logging

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from treaties.models import Treaty

from .services.changes import status_changes_record
from .services.pending import pending_release, pending_set
from .services.recompute import treaty_recompute

logger = logging.getLogger(__name__)


@shared_task(  # type: ignore[untyped-decorator]  # celery has no types
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    retry_backoff_max=300,
    max_retries=8,
)
def recompute_treaty(treaty_id: int) -> dict[str, object]:
    """Recompute one treaty's derived dates, unless they are current already.

    Safe to run twice, and run again after a worker died in it (``acks_late``): the writing is
    one transaction. The queued marker is cleared first, so a change committed from now on
    queues the next recomputation.
    """
    pending_release(treaty_id)
    result = treaty_recompute(treaty_id=treaty_id, only_if_stale=True)
    return {
        "treaty_id": result.treaty_id,
        "events": result.events,
        "entry_into_force": result.entry_into_force.isoformat()
        if result.entry_into_force
        else None,
        "skipped": result.skipped,
    }


@shared_task(  # type: ignore[untyped-decorator]  # celery has no types
    autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5
)
def reconcile_stale_treaties() -> list[int]:
    """Queue one recomputation per treaty whose derived data is older than its latest change.

    Runs periodically so that a lost message or a broker outage delays a result but never
    loses it. One task per treaty: a large treaty neither holds up the others nor makes the
    whole run exceed a time limit.
    """
    ids = list(Treaty.objects.stale().values_list("pk", flat=True))
    for pk in ids:
        # Queued whatever the marker says (the marker of a lost message must not hold the
        # treaty back); a duplicate finds the treaty current and returns at once.
        pending_set(pk)
        recompute_treaty.delay(pk)
    if ids:
        logger.info("Queued the recomputation of %d stale treaties", len(ids))
    return ids


@shared_task(  # type: ignore[untyped-decorator]  # celery has no types
    autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5
)
def record_todays_status_changes() -> int:
    """Record the status changes taking effect today (feeds read them). Idempotent."""
    return status_changes_record(on=timezone.localdate())
