"""The fault suite: the real stack in processes of its own — gunicorn, Celery workers, a Redis
of the test's own — on the test database, with one fault injected at a time.

It needs PostgreSQL and the broker (as CI provides): under ``CI`` a missing service fails the
run, on a bare machine the suite is skipped and says why. Every process a test starts runs
with its own Celery queue, so the session's worker (``celery_worker_process``) never takes
its tasks, and is ended by the test.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Self

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission, User

from api.tokens import token_issue
from config.celery import app as celery_app
from tests.conftest import ROOT, _broker_reachable

PYTHON_BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until(condition: Any, timeout: float, what: str, interval: float = 0.2) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not after {timeout} s")
        time.sleep(interval)


@dataclass
class Stack:
    """What every process of a fault test shares: the test database, the broker, a queue of
    its own, and a log folder."""

    env: dict[str, str]
    queue: str
    logs: Path

    def environ(self, **overrides: str) -> dict[str, str]:
        return {**self.env, **overrides}


@pytest.fixture
def stack(transactional_db, tmp_path) -> Iterator[Stack]:
    db = settings.DATABASES["default"]
    broker = str(settings.CELERY_BROKER_URL)
    if not db["ENGINE"].endswith("postgresql") or broker.startswith("memory://"):
        if os.environ.get("CI"):
            pytest.fail("The fault suite needs PostgreSQL and the broker, which CI provides")
        pytest.skip("needs DATABASE_URL (PostgreSQL) and CELERY_BROKER_URL; .ci/run sets them")
    if not _broker_reachable(broker):
        pytest.fail(f"The fault suite needs the broker at {broker}, which is unreachable")
    url = (
        f"postgres://{db['USER']}:{db.get('PASSWORD') or ''}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )
    queue = f"faults-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "CELERY_BROKER_URL": broker,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "CELERY_QUEUE": queue,
        "TESTING": "1",
        "DEBUG": "false",
        "SECRET_KEY": "fault-suite-only-secret-key-0123456789-abcdefghijklmnop",
        "API_ANON_RATE": "100000/second",
        # Short connections: pytest-django empties the tables between tests, which must not
        # wait for a server's idle connection.
        "CONN_MAX_AGE": "0",
    }
    env.pop("CACHE_URL", None)  # each test says which cache its processes use
    yield Stack(env=env, queue=queue, logs=tmp_path)
    # Leave nothing behind on the shared broker: the queue and what a test left in it.
    with celery_app.connection_for_write() as conn:
        conn.default_channel.queue_delete(queue)


class Process:
    """A child process with its output in a log file; ended (and waited for) on exit."""

    def __init__(self, name: str, args: list[str], env: dict[str, str], logs: Path) -> None:
        self.log = logs / f"{name}-{uuid.uuid4().hex[:6]}.log"
        self.proc = subprocess.Popen(
            args,
            cwd=ROOT,
            env=env,
            stdout=self.log.open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def text(self) -> str:
        return self.log.read_text(errors="replace")

    def alive(self) -> bool:
        return self.proc.poll() is None

    def kill(self, sig: int = signal.SIGKILL) -> None:
        """Signal the process and its children (its own process group)."""
        os.killpg(self.proc.pid, sig)
        self.proc.wait(timeout=30)

    def stop(self) -> None:
        if self.alive():
            # The whole group: a prefork worker's children, gunicorn's workers.
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


class Gunicorn(Process):
    """The site under gunicorn: 2 sync workers (:class:`DeployedGunicorn`: as deployed)."""

    #: From ``config/gunicorn.conf.py``, with only the address given on the command line.
    deployed = False

    def __init__(self, stack: Stack, **env: str) -> None:
        self.port = free_port()
        if self.deployed:
            args = ["-c", "config/gunicorn.conf.py", "config.wsgi:application"]
        else:
            args = ["config.wsgi:application", "--workers", "2", "--worker-class", "sync",
                    "--timeout", "30"]  # fmt: skip
        super().__init__(
            "gunicorn",
            [str(PYTHON_BIN / "gunicorn"), *args, "--bind", f"127.0.0.1:{self.port}"],
            stack.environ(**env),
            stack.logs,
        )
        wait_until(self._answers, 30, f"gunicorn did not answer; log:\n{self.text()}")

    def _answers(self) -> bool:
        assert self.alive(), f"gunicorn exited:\n{self.text()}"
        try:
            self.request("GET", "/healthz")
        except OSError:
            return False
        return True

    def request(
        self, method: str, path: str, body: Any = None, token: str | None = None
    ) -> tuple[int, Any]:
        """(status, parsed JSON body or text)."""
        data = json.dumps(body).encode() if body is not None else None
        headers = {"Accept": "application/json"}
        if data is not None:
            headers["Content-Type"] = "application/json"
        if token:
            headers["Authorization"] = f"Token {token}"
        req = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{path}", data=data, method=method, headers=headers
        )
        try:
            with urllib.request.urlopen(req, timeout=60) as response:
                status, raw = response.status, response.read()
        except urllib.error.HTTPError as exc:
            status, raw = exc.code, exc.read()
        text = raw.decode(errors="replace")
        try:
            return status, json.loads(text) if text else None
        except json.JSONDecodeError:
            return status, text


class DeployedGunicorn(Gunicorn):
    """The site under gunicorn exactly as deployed (``config/gunicorn.conf.py``)."""

    deployed = True


class Worker(Process):
    """A Celery worker on the stack's queue."""

    def __init__(
        self,
        stack: Stack,
        pool: str = "solo",
        concurrency: int = 1,
        env: dict[str, str] | None = None,
    ) -> None:
        super().__init__(
            "worker",
            [
                str(PYTHON_BIN / "celery"), "-A", "config", "worker",
                "--pool", pool, "--concurrency", str(concurrency), "--loglevel", "INFO",
                "--without-gossip", "--without-mingle", "--without-heartbeat",
                "--hostname", f"{stack.queue}-{uuid.uuid4().hex[:4]}@%h",
            ],
            stack.environ(**(env or {})),
            stack.logs,
        )  # fmt: skip
        wait_until(self._ready, 45, "the worker did not start")

    def _ready(self) -> bool:
        assert self.alive(), f"the worker exited:\n{self.text()}"
        return "ready." in self.text()

    def children(self) -> list[int]:
        """The pids of the pool's processes."""
        found = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                if int(fields[1]) == self.proc.pid:
                    found.append(int(entry.name))
        return found


class RedisServer(Process):
    """A Redis of the test's own, which the test may kill."""

    def __init__(self, stack: Stack) -> None:
        self.port = free_port()
        super().__init__(
            "redis",
            [
                "redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no",
            ],
            dict(os.environ),
            stack.logs,
        )  # fmt: skip
        wait_until(self._answers, 15, "redis-server did not start")

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                return True
        except OSError:
            return False


def editor_token(name: str = "ed") -> str:
    """An API token of an editor who may add, change and delete events."""
    user = User.objects.create_user(name, password="x" * 12)
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="events",
            codename__in=["add_event", "change_event", "delete_event"],
        )
    )
    return token_issue(user=user)
