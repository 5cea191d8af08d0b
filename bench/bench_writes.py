"""Benchmark: concurrent editors writing to one treaty, on the production stack.

Run (PostgreSQL and Redis on 127.0.0.1)::

    .venv/bin/python bench/bench_writes.py                  # 16 editors, 30 s
    .venv/bin/python bench/bench_writes.py --editors 4 --duration 10 \\
        --database-url postgres://postgres@127.0.0.1:5432/tt_mine \\
        --broker-url redis://127.0.0.1:6379/4 --cache-url redis://127.0.0.1:6379/5

What it does:

1. creates (once) the database (``--database-url``), migrates it and loads the demo data
   (the APMBC with its real participants), removes what earlier runs recorded, and makes
   ``--editors`` editors with API tokens and a pool of fresh states for each to record
   accessions of;
2. starts gunicorn (2 sync workers, as deployed) and a Celery worker (prefork, 2 processes,
   as ``make worker``) on a queue of its own, both on that database, the broker and the cache;
3. runs the editors for ``--duration`` seconds, each in a thread, each request on a new
   connection: POST an accession of one of its states, PATCH the date and note of one of its
   events, DELETE one (a mix of about 40/35/25 %);
4. waits for the worker to bring the treaty up to date, recomputes it afresh in this process
   and compares: the final derived dates must equal the fresh recomputation's;
5. prints writes/s, p50 and p99 latency (all writes and per method), the count of 5xx and of
   deadlocks (PostgreSQL's own counter for the database, ``pg_stat_database.deadlocks``), and
   the load average before and after (the machine may be shared).

``--app-root`` serves another checkout of the project (same database schema) for before/after
comparisons, e.g. ``git archive <commit> | tar -x -C /tmp/old`` then ``--app-root /tmp/old``.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
SOURCE = "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=XXVI-5&chapter=26"


@dataclass
class Editor:
    token: str
    states: list[str]
    #: The editor's recorded events: id -> the state it is of.
    events: dict[int, str] = field(default_factory=dict)


@dataclass
class Sample:
    method: str
    status: int
    seconds: float
    body: str


def _env(args: argparse.Namespace, queue: str) -> dict[str, str]:
    env = {
        **os.environ,
        "DATABASE_URL": args.database_url,
        "CELERY_BROKER_URL": args.broker_url,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "CELERY_QUEUE": queue,
        "SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789",
        "DEBUG": "false",
        "LOG_LEVEL": "WARNING",
        # gunicorn is reached directly, as from the TLS proxy in front of it in production:
        # plain HTTP on loopback, no redirect to https (TESTING is gone from the settings).
        "SECURE_SSL_REDIRECT": "false",
    }
    if args.cache_url:
        env["CACHE_URL"] = args.cache_url
    else:
        env.pop("CACHE_URL", None)
    return env


def _ensure_database(database_url: str) -> None:
    import psycopg

    name = database_url.rsplit("/", 1)[1]
    admin = database_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def _prepare(env: dict[str, str], editors: int, per_editor: int) -> tuple[int, list[Editor]]:
    """Migrate, load the demo, make the editors and their states; return the APMBC's id."""
    manage = [PY, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], env=env, cwd=ROOT, check=True)
    from django.contrib.auth.models import Permission, User
    from django.utils import timezone

    from api.tokens import token_issue
    from states.models import State
    from treaties.models import Treaty

    if not Treaty.objects.filter(slug="apmbc").exists():
        subprocess.run([*manage, "load_demo"], env=env, cwd=ROOT, check=True)
    apmbc = Treaty.objects.get(slug="apmbc")
    # Every run starts from the demo's APMBC: the events earlier runs left are removed.
    from events.models import Event
    from events.services import treaty_recompute

    Event.objects.filter(treaty=apmbc, state__short_name__startswith="Benchland ").delete()
    Treaty.objects.filter(pk=apmbc.pk).update(data_changed_at=timezone.now())
    treaty_recompute(treaty_id=apmbc.pk)
    needed = editors * per_editor
    # States of earlier runs that are not (or no longer) parties are used again.
    codes = list(
        State.objects.filter(short_name__startswith="Benchland ")
        .exclude(events__treaty=apmbc)
        .order_by("code")
        .values_list("code", flat=True)[:needed]
    )
    taken = set(State.objects.values_list("code", flat=True))
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    free = [f"Q{a}{b}" for a in letters for b in letters if f"Q{a}{b}" not in taken]
    if len(codes) + len(free) < needed:
        raise SystemExit(f"only {len(codes) + len(free)} states for the {needed} needed")
    new = free[: needed - len(codes)]
    State.objects.bulk_create([State(code=c, short_name=f"Benchland {c}") for c in new])
    codes += new
    permissions = Permission.objects.filter(
        content_type__app_label="events",
        codename__in=["add_event", "change_event", "delete_event"],
    )
    result = []
    stamp = int(time.time())
    for i in range(editors):
        user = User.objects.create_user(f"bench-editor-{stamp}-{i}", password=os.urandom(16).hex())
        user.user_permissions.add(*permissions)
        token = token_issue(user=user)
        result.append(Editor(token, codes[i * per_editor : (i + 1) * per_editor]))
    return apmbc.pk, result


def _request(port: int, method: str, path: str, token: str, body: Any = None) -> Sample:
    data = json.dumps(body) if body is not None else None
    headers = {"Authorization": f"Token {token}", "Accept": "application/json"}
    if data is not None:
        headers["Content-Type"] = "application/json"
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        conn.request(method, path, body=data, headers=headers)
        response = conn.getresponse()
        text = response.read().decode(errors="replace")
        status = response.status
    except OSError as exc:  # a worker killed mid-request: counted as a failure
        text, status = repr(exc), 599
    finally:
        conn.close()
    return Sample(method, status, time.perf_counter() - started, text)


def _edit(port: int, editor: Editor, deadline: float, seed: int, out: list[Sample]) -> None:
    """One editor: POST an accession of a state of theirs, PATCH or DELETE one of their
    events (a deleted event's state may accede again)."""
    rng = random.Random(seed)
    fresh = list(editor.states)
    while time.monotonic() < deadline:
        roll = rng.random()
        day = f"2021-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
        if editor.events and roll < 0.25:
            event_id = rng.choice(list(editor.events))
            sample = _request(port, "DELETE", f"/api/v1/events/{event_id}/", editor.token)
            if sample.status == 204:
                fresh.append(editor.events.pop(event_id))
        elif editor.events and roll < 0.60:
            event_id = rng.choice(list(editor.events))
            sample = _request(
                port,
                "PATCH",
                f"/api/v1/events/{event_id}/",
                editor.token,
                {"date": day, "note": f"corrected {day}"},
            )
        elif fresh:
            state = fresh.pop(rng.randrange(len(fresh)))
            sample = _request(
                port,
                "POST",
                "/api/v1/events/",
                editor.token,
                {
                    "treaty": "apmbc",
                    "state": state,
                    "kind": "accession",
                    "date": day,
                    "source_url": SOURCE,
                },
            )
            if sample.status == 201:
                editor.events[json.loads(sample.body)["id"]] = state
            else:
                fresh.append(state)
        else:
            continue
        out.append(sample)


def _deadlocks(database: str) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT deadlocks FROM pg_stat_database WHERE datname = %s", [database])
        return int(cursor.fetchone()[0])


def _percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def _start(cmd: list[str], env: dict[str, str], cwd: Path, log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        cmd, env=env, cwd=cwd, stdout=log.open("w"), stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def _wait_http(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            conn.getresponse().read()
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("gunicorn did not answer")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/tt_bench_writes"
    )
    parser.add_argument(
        "--broker-url", default=os.environ.get("CELERY_BROKER_URL", "redis://127.0.0.1:6379/0")
    )
    parser.add_argument("--cache-url", default=os.environ.get("CACHE_URL", ""))
    parser.add_argument("--editors", type=int, default=16)
    parser.add_argument("--duration", type=int, default=30)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--app-root", type=Path, default=ROOT, help="the checkout to serve")
    args = parser.parse_args()

    queue = f"bench-writes-{os.getpid()}"
    env = _env(args, queue)
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    sys.path.insert(0, str(ROOT))
    _ensure_database(args.database_url)
    import django

    django.setup()
    from django.utils import timezone

    from tests.concurrency import derived_snapshot
    from treaties.models import Treaty

    treaty_id, editors = _prepare(env, args.editors, per_editor=30)
    database = args.database_url.rsplit("/", 1)[1]
    logs = Path(os.environ.get("TMPDIR", "/tmp")) / f"bench-writes-{os.getpid()}"
    logs.mkdir(parents=True, exist_ok=True)
    bin_dir = Path(PY).parent
    worker = _start(
        [str(bin_dir / "celery"), "-A", "config", "worker", "--pool", "prefork",
         "--concurrency", "2", "--loglevel", "WARNING", "--without-gossip", "--without-mingle",
         "--without-heartbeat", "--hostname", f"{queue}@%h"],
        env, args.app_root, logs / "worker.log",
    )  # fmt: skip
    server = _start(
        [str(bin_dir / "gunicorn"), "config.wsgi:application",
         "--bind", f"127.0.0.1:{args.port}", "--workers", str(args.workers),
         "--worker-class", "sync", "--timeout", "30", "--log-level", "warning"],
        env, args.app_root, logs / "gunicorn.log",
    )  # fmt: skip
    samples: list[Sample] = []
    try:
        _wait_http(args.port)
        Treaty.objects.filter(pk=treaty_id).update(data_changed_at=timezone.now())
        load_before = os.getloadavg()
        deadlocks_before = _deadlocks(database)
        deadline = time.monotonic() + args.duration
        started = time.monotonic()
        threads = [
            threading.Thread(target=_edit, args=(args.port, editor, deadline, i, samples))
            for i, editor in enumerate(editors)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
        load_after = os.getloadavg()
        deadlocks = _deadlocks(database) - deadlocks_before

        # The worker brings the treaty up to date; then a fresh recomputation must agree.
        settle_started = time.monotonic()
        while Treaty.objects.get(pk=treaty_id).is_stale:
            if time.monotonic() - settle_started > 180:
                raise SystemExit(f"the treaty is still stale after 180 s; see {logs}")
            time.sleep(0.25)
        settle = time.monotonic() - settle_started
    finally:
        _stop(server)
        _stop(worker)
    from events.services import treaty_recompute

    stored = derived_snapshot(treaty_id)
    treaty_recompute(treaty_id=treaty_id)
    fresh = derived_snapshot(treaty_id)

    writes = [s for s in samples if s.status < 500]
    errors = [s for s in samples if s.status >= 500]
    refused = [s for s in samples if 400 <= s.status < 500]
    latencies = [s.seconds * 1000 for s in samples]
    print(
        f"{args.editors} editors, {args.duration} s, gunicorn {args.workers} sync workers + "
        f"Celery worker (prefork, 2); app {args.app_root}"
    )
    print(
        f"load average before {load_before[0]:.2f}, after {load_after[0]:.2f} "
        f"({os.cpu_count()} cores)"
    )
    print(f"{'requests':>10} {'writes/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'5xx':>5} {'4xx':>5}")
    print(
        f"{len(samples):10d} {len(writes) / elapsed:9.1f} {_percentile(latencies, 50):8.1f} "
        f"{_percentile(latencies, 99):8.1f} {len(errors):5d} {len(refused):5d}"
    )
    for method in ("POST", "PATCH", "DELETE"):
        of = [s.seconds * 1000 for s in samples if s.method == method]
        print(
            f"  {method:7} {len(of):6d} requests, p50 {_percentile(of, 50):7.1f} ms, "
            f"p99 {_percentile(of, 99):7.1f} ms"
        )
    print(f"deadlocks (pg_stat_database): {deadlocks}")
    print(f"worker caught up {settle:.1f} s after the load")
    same = stored == fresh
    print(f"final derived dates equal a fresh recomputation: {'yes' if same else 'NO'}")
    for sample in errors[:5]:
        print(f"  {sample.method} {sample.status}: {sample.body[:300]}")
    for sample in refused[:5]:
        print(f"  {sample.method} {sample.status}: {sample.body[:300]}")
    print(
        json.dumps(
            {
                "requests": len(samples),
                "writes_per_s": len(writes) / elapsed,
                "p50_ms": _percentile(latencies, 50),
                "p99_ms": _percentile(latencies, 99),
                "5xx": len(errors),
                "4xx": len(refused),
                "deadlocks": deadlocks,
                "derived_equal_fresh": same,
                "statuses": dict(sorted(Counter(s.status for s in samples).items())),
                "p50_ms_by_method": {
                    m: _percentile([s.seconds * 1000 for s in samples if s.method == m], 50)
                    for m in ("POST", "PATCH", "DELETE")
                },
            }
        )
    )
    if errors or deadlocks or not same:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
