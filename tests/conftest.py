"""Shared fixtures.

In CI (``CI`` set) the suite must run on PostgreSQL with a reachable Redis broker; a missing
service fails the run instead of skipping tests. Tests marked ``worker`` talk to a real Celery
worker *process* started here; all other tests run tasks in-process (eagerly) so they can
assert results right after a service call.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.core.cache import cache

from config.celery import app as celery_app
from serving import answers

ROOT = Path(__file__).resolve().parent.parent
# The real UN data beside the project (``../shared/data``), never copied into it. The variable
# points it elsewhere (the test of the message below does, to a folder that does not exist).
SHARED_DATA = Path(os.environ.get("TREATY_TRACKER_SHARED_DATA") or ROOT.parent / "shared" / "data")
SHARED_DATA_MISSING = (
    f"The real UN data folder is missing: expected at {SHARED_DATA} (../shared/data beside the "
    "project, or TREATY_TRACKER_SHARED_DATA); tests that read it fail without it."
)


def _broker_reachable(url: str) -> bool:
    parsed = urlparse(url)
    if parsed.scheme not in {"redis", "rediss", "amqp"}:
        return False
    try:
        with socket.create_connection((parsed.hostname, parsed.port or 6379), timeout=2):
            return True
    except OSError:
        return False


#: Folders whose every test is slow: processes started per test (gunicorn, workers, Redis).
SLOW_FOLDERS = ("faults",)


#: The pytest-xdist group of the tests that talk to a real Celery worker (see below).
WORKER_GROUP = "celery-worker"


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups (--dist loadgroup)
def pytest_collection_modifyitems(config, items):
    """Mark the tests of ``SLOW_FOLDERS`` ``slow``: ``make test`` leaves them to ``make
    test-slow`` (CI runs both).

    ``make test`` runs in two pytest-xdist processes, each on its own test database. The tests
    marked ``worker`` go to one of them (``--dist loadgroup``), so that one Celery worker
    process, on that process's database, serves them all: two would take each other's tasks
    from the one broker queue and run them against the other's database.
    """
    for item in items:
        parts = Path(str(item.fspath)).relative_to(ROOT / "tests").parts
        if parts and parts[0] in SLOW_FOLDERS:
            item.add_marker(pytest.mark.slow)
        if item.get_closest_marker("worker") is not None:
            item.add_marker(pytest.mark.xdist_group(WORKER_GROUP))


def pytest_report_header(config):
    db = settings.DATABASES["default"]
    return [
        f"database: {db['ENGINE']} {db.get('HOST') or ''} {db['NAME']}",
        f"celery broker: {settings.CELERY_BROKER_URL} (eager by default in tests)",
    ]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database, migrated — without the states reference data the migrations load.

    Every migrated database has the reference states (``states/migrations/0003``), but tests
    build their own states or load the reference data explicitly (``states_load``) and count
    what it creates; transactional tests flush the tables anyway. So the session starts from
    an empty states table, once.
    """
    from django.db import connection

    from states.models import State, StateAlias

    name = str(connection.settings_dict["NAME"])
    # Django names a test database "test_<name>" (an in-memory one "file:memorydb_..."); when
    # no test of the run uses the database none was set up: leave the real one alone.
    if not (name.startswith("test_") or "memorydb" in name):
        return
    with django_db_blocker.unblock():
        StateAlias.objects.all().delete()
        State.predecessors.through.objects.all().delete()
        State.objects.all().delete()


@pytest.fixture(scope="session", autouse=True)
def _require_real_services_in_ci(django_db_setup, django_db_blocker):
    """In CI the tests must run on the real stack; say so in the log, fail otherwise."""
    if not os.environ.get("CI"):
        return
    from django.db import connection

    with django_db_blocker.unblock():
        vendor = connection.vendor
        with connection.cursor() as cursor:
            cursor.execute("SELECT version()" if vendor == "postgresql" else "SELECT 1")
            version = cursor.fetchone()[0]
    assert vendor == "postgresql", f"CI must test on PostgreSQL, got {vendor}"
    assert _broker_reachable(str(settings.CELERY_BROKER_URL)), (
        f"CI needs the Celery broker at {settings.CELERY_BROKER_URL}, which is unreachable"
    )
    print(f"\n[ci] tests run on PostgreSQL: {version}")


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: the anonymous throttle counts there, and stored
    renderings are keyed on a data version that two tests with frozen clocks can share (so
    is what the process remembers per version: change points)."""
    cache.clear()
    answers.forget()
    yield
    cache.clear()
    answers.forget()


@pytest.fixture(autouse=True)
def _eager_tasks(request):
    """Run tasks in-process unless the test talks to a real worker."""
    eager = request.node.get_closest_marker("worker") is None
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = eager
    celery_app.conf.task_eager_propagates = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture
def postgresql(db) -> None:
    """For tests of what only PostgreSQL does (concurrent writers, prepared statements).

    Same policy as the worker tests: CI runs on PostgreSQL and fails without it; only a bare
    machine (`make test` on SQLite) leaves these tests out, and says why.
    """
    from django.db import connection

    if connection.vendor == "postgresql":
        return
    if os.environ.get("CI"):
        pytest.fail(f"This test needs PostgreSQL, and CI runs on {connection.vendor}")
    pytest.skip("needs DATABASE_URL (PostgreSQL); .ci/run sets it")


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup, django_db_blocker, tmp_path_factory):
    """A real ``celery worker`` process on the test database and the real broker.

    Yields the path of the worker's log, so tests can show what the worker executed.
    """
    broker = str(settings.CELERY_BROKER_URL)
    real_stack = settings.DATABASES["default"]["ENGINE"].endswith("postgresql") and (
        not broker.startswith("memory://")
    )
    if not real_stack and not os.environ.get("CI"):
        # A bare machine (`make test` with nothing set) has no broker or PostgreSQL; CI sets
        # both and never gets here — there a missing service fails the run below.
        pytest.skip("needs DATABASE_URL (PostgreSQL) and CELERY_BROKER_URL; .ci/run sets them")
    if not _broker_reachable(broker):
        pytest.fail(f"A real broker is needed for worker tests; {broker} is unreachable")
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        pytest.fail("Worker tests need PostgreSQL (set DATABASE_URL)")
    url = (
        f"postgres://{db['USER']}:{db.get('PASSWORD') or ''}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )
    log = tmp_path_factory.mktemp("worker") / "worker.log"
    env: dict[str, str] = {
        **os.environ,
        "DATABASE_URL": url,
        "CELERY_BROKER_URL": broker,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "CONN_MAX_AGE": "0",
    }
    # Drop messages left by an earlier run so this worker only sees this run's tasks.
    celery_app.control.purge()
    proc = subprocess.Popen(
        [
            sys.executable, "-m", "celery", "-A", "config", "worker",
            "--pool", "solo", "--loglevel", "INFO", "--without-gossip",
            "--without-mingle", "--without-heartbeat", "--hostname", "pytest-worker@%h",
        ],
        cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"Celery worker exited at start:\n{log.read_text()}")
        if "ready." in log.read_text():
            break
        time.sleep(0.2)
    else:
        proc.terminate()
        pytest.fail(f"Celery worker did not become ready:\n{log.read_text()}")
    yield log
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
    # Kept for CI's log: .ci/run prints the tasks this separate process executed.
    artifacts = ROOT / "artifacts"
    artifacts.mkdir(exist_ok=True)
    (artifacts / "celery-worker.log").write_text(log.read_text())


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The real data shipped beside the project (never copied into it).

    Without it every test that needs it fails (never skips) with one line that says where the
    folder is expected, rather than a stack of ``FileNotFoundError``s.
    """
    if not SHARED_DATA.is_dir():
        _shared_data_wanted.append(True)
        pytest.fail(SHARED_DATA_MISSING, pytrace=False)
    return SHARED_DATA


_shared_data_wanted: list[bool] = []


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """Say it once more at the end of the run, under the list of failures."""
    if _shared_data_wanted:
        terminalreporter.write_line(SHARED_DATA_MISSING, red=True, bold=True)
