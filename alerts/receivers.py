"""What the alerts listen to: a recomputation written, a statement recorded, a sync finished."""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.db.models.signals import post_save
from kombu.exceptions import OperationalError as BrokerUnavailable

from events.signals import treaty_recomputed
from ingest.signals import sync_finished
from statements.models import Statement

logger = logging.getLogger(__name__)


def _on_recomputed(sender: Any, treaty_id: int, **kwargs: Any) -> None:
    from .tasks import detect_treaty_changes

    try:
        detect_treaty_changes.delay(treaty_id)
    except (BrokerUnavailable, OSError):
        # The recomputation is written; its notices come with the treaty's next one.
        logger.warning("Could not queue the alerts of treaty %s", treaty_id, exc_info=True)


def _on_statement(sender: Any, instance: Statement, created: bool, **kwargs: Any) -> None:
    if not created:
        return
    from .tasks import notice_statement

    pk = instance.pk
    transaction.on_commit(lambda: notice_statement.delay(pk))


def _on_sync(sender: Any, run_id: int, **kwargs: Any) -> None:
    from .tasks import notice_sync_run

    def queue() -> None:
        try:
            notice_sync_run.delay(run_id)
        except (BrokerUnavailable, OSError):
            # The sync and its changes are recorded (the admin lists them); not told by alerts.
            logger.warning("Could not queue the alerts of sync run %s", run_id, exc_info=True)

    transaction.on_commit(queue)


def connect() -> None:
    treaty_recomputed.connect(_on_recomputed, dispatch_uid="alerts-recomputed")
    sync_finished.connect(_on_sync, dispatch_uid="alerts-sync")
    post_save.connect(_on_statement, sender=Statement, dispatch_uid="alerts-statement")
