"""The Celery application. Tasks are JSON-only and time-limited (see settings)."""

import os
import uuid
from typing import Any

from celery import Celery
from celery.schedules import crontab
from celery.signals import before_task_publish, task_postrun, task_prerun, worker_init
from django.db.backends.signals import connection_created
from django_guid import clear_guid, get_guid, set_guid

from .env import env_int

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("treaty_tracker")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

#: The sync with the depositary (ingest.tasks), every this many hours (from the environment:
#: this module is imported while the settings load); 0 turns it off.
UNTC_SYNC_EVERY_HOURS = env_int("UNTC_SYNC_EVERY_HOURS", 24)

# Declared in code so that every deployment runs the same schedule.
app.conf.beat_schedule = {
    "reconcile-stale-treaties-every-5-minutes": {
        "task": "events.tasks.reconcile_stale_treaties",
        "schedule": 300.0,
    },
    "record-status-changes-taking-effect-today": {
        "task": "events.tasks.record_todays_status_changes",
        "schedule": crontab(hour=0, minute=5),
    },
    # The depositary's record, brought up to date (every 24 hours by default).
    **(
        {
            "sync-with-the-depositary": {
                "task": "ingest.tasks.sync_depositary",
                "schedule": UNTC_SYNC_EVERY_HOURS * 3600.0,
            }
        }
        if UNTC_SYNC_EVERY_HOURS > 0
        else {}
    ),
    # Alerts: what takes effect today and the reminders (after the day's status changes),
    # the digests, and the deliveries due (retries, and any a lost message left behind).
    "alerts-of-the-day": {
        "task": "alerts.tasks.daily_alerts",
        "schedule": crontab(hour=0, minute=15),
    },
    "alerts-digests": {"task": "alerts.tasks.send_digests", "schedule": crontab(hour=6, minute=0)},
    "alerts-deliveries-due-every-minute": {"task": "alerts.tasks.deliver_due", "schedule": 60.0},
}

#: A worker's database limits (settings set a web request's): no statement timeout, since a
#: task is bounded by its time limit, and a longer wait for a lock, since a recomputation that
#: gives up is retried with a backoff rather than answered with a 503.
WORKER_DATABASE_SETTINGS = {"lock_timeout": "60s", "statement_timeout": "0"}


def _worker_database_settings(sender: Any, connection: Any, **kwargs: Any) -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for name, value in WORKER_DATABASE_SETTINGS.items():
            cursor.execute("SELECT set_config(%s, %s, false)", [name, value])


@worker_init.connect  # type: ignore[untyped-decorator]  # celery has no types
def _lift_web_limits_in_workers(**kwargs: Any) -> None:
    # Connected in the worker's main process before its pool starts, so every connection a
    # task opens (solo or forked pool) gets the worker's limits.
    connection_created.connect(_worker_database_settings, weak=False)


#: The message header that carries the request id from the request that queued a task to the
#: worker that runs it, so that the worker's log lines for that task carry the same id.
REQUEST_ID_HEADER = "request_id"


@before_task_publish.connect  # type: ignore[untyped-decorator]  # celery has no types
def _carry_request_id(headers: dict[str, Any] | None = None, **kwargs: Any) -> None:
    guid = get_guid()
    if guid and headers is not None:
        headers.setdefault(REQUEST_ID_HEADER, guid)


@task_prerun.connect  # type: ignore[untyped-decorator]  # celery has no types
def _adopt_request_id(task: Any = None, **kwargs: Any) -> None:
    # An eager task (the embedded mode) runs inside the request: its id is already set, and
    # must survive the task for the rest of the request and its response header.
    if task is None or task.request.is_eager:
        return
    set_guid(task.request.get(REQUEST_ID_HEADER) or uuid.uuid4().hex)


@task_postrun.connect  # type: ignore[untyped-decorator]  # celery has no types
def _drop_request_id(task: Any = None, **kwargs: Any) -> None:
    if task is not None and not task.request.is_eager:
        clear_guid()
