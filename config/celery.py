"""The Celery application. Tasks are JSON-only and time-limited (see settings)."""

import os

from celery import Celery
from celery.schedules import crontab

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
