"""The Celery application. Tasks are JSON-only and time-limited (see settings)."""

import os
from typing import Any

from celery import Celery
from celery.schedules import crontab
from celery.signals import worker_init
from django.db.backends.signals import connection_created

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("treaty_tracker")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

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


@worker_init.connect
def _lift_web_limits_in_workers(**kwargs: Any) -> None:
    # Connected in the worker's main process before its pool starts, so every connection a
    # task opens (solo or forked pool) gets the worker's limits.
    connection_created.connect(_worker_database_settings, weak=False)
