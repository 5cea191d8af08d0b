"""The scheduled sync (``ingest.tasks.sync_depositary``, in the beat schedule) run by a real
Celery worker process configured, as a deployment is, with ``UNTC_BASE_URL`` pointing at a
real local server standing in for the depositary."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

from config.celery import app as celery_app
from ingest.models import SyncRun
from ingest.tasks import sync_depositary
from states.services import states_load
from treaties.models import Treaty

from .sync_fixtures import start_mirror

ROOT = Path(__file__).resolve().parents[2]


def test_the_sync_is_in_the_beat_schedule_daily_by_default():
    entry = celery_app.conf.beat_schedule["sync-with-the-depositary"]
    assert entry["task"] == "ingest.tasks.sync_depositary"
    if "UNTC_SYNC_EVERY_HOURS" not in os.environ:
        assert entry["schedule"] == 24 * 3600


@pytest.mark.worker
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_worker_runs_the_scheduled_sync(shared_data, tmp_path):
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql" or str(
        settings.CELERY_BROKER_URL
    ).startswith("memory://"):
        if os.environ.get("CI"):
            pytest.fail("The scheduled sync's worker test needs PostgreSQL and the broker")
        pytest.skip("needs DATABASE_URL (PostgreSQL) and CELERY_BROKER_URL; .ci/run sets them")
    states_load()
    Treaty.objects.all().delete()
    for mirror in start_mirror(shared_data / "untc-mtdsg-xml-2018", tmp_path):
        db = settings.DATABASES["default"]
        queue = f"sync-test-{os.getpid()}"
        log = tmp_path / "worker.log"
        env = {
            **os.environ,
            "DATABASE_URL": f"postgres://{db['USER']}:{db.get('PASSWORD') or ''}@"
            f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "CELERY_QUEUE": queue,
            "UNTC_BASE_URL": mirror.base_url,
            "UNTC_SYNC_RATE": "0",
        }
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "solo",
             "--loglevel", "INFO", "--without-gossip", "--without-mingle",
             "--without-heartbeat", "--hostname", f"{queue}@%h", "--queues", queue],
            cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            deadline = time.monotonic() + 60
            while "ready." not in log.read_text() and time.monotonic() < deadline:
                time.sleep(0.2)
            # Only XXVI-6 is known: the index at the base names the rest, so a treaty known
            # beforehand keeps the run short. The task is what beat sends, with no argument.
            Treaty.objects.create(slug="x", short_name="x", title="x", un_reference="XXVI-6")
            (mirror.overlay / "index.txt").write_text("")
            sync_depositary.apply_async(queue=queue)
            deadline = time.monotonic() + 180
            while time.monotonic() < deadline:
                run = SyncRun.objects.filter(finished_at__isnull=False).first()
                if run is not None:
                    break
                time.sleep(0.5)
            assert run is not None, log.read_text()
            assert run.trigger == "schedule" and run.files_changed >= 1, run.message
            assert Treaty.objects.get(un_reference="XXVI-6").events.count() > 100
            assert "ingest.tasks.sync_depositary" in log.read_text()
        finally:
            worker.terminate()
            worker.wait(timeout=30)
