"""Benchmark: ``participants?as_of=`` of the APMBC under gunicorn, against a trivial JSON view.

Run (PostgreSQL on 127.0.0.1, ``wrk`` installed: ``apt-get install -y wrk``)::

    .venv/bin/python bench/bench_api.py           # 2 workers, 8 connections, 3 x 10 s each
    .venv/bin/python bench/bench_api.py --skip-setup --rounds 5 --connections 16

What it does, in one run on one server:

1. creates (once) the database ``tt_bench_api`` (or uses ``--database-url``), migrates it and
   loads the demo data (``manage.py load_demo``); if that fails, it synthesises the APMBC with
   166 states through the real rule engine;
2. starts gunicorn (``--workers``, sync) on ``bench/trivial_view.py``, i.e. the project plus a
   trivial view returning, with ``JsonResponse``, the same payload as the participants response;
3. runs ``wrk --latency`` against (a) the trivial view, (b)
   ``/api/v1/treaties/apmbc/participants/?as_of=2026-01-01``, (c) the same URL with
   ``If-None-Match`` (the 304 path);
   in interleaved rounds (load from elsewhere on the machine hits all scenarios alike);
4. prints the median requests/s, p50, p99 and the ratios to the trivial view.

The participants response is rendered once per data version, format and URL and then served
from the cache (see ``api.mixins``); the first request after a change pays the full price
(about 50 ms on 2 cores for the APMBC), which the warm-up absorbs.

The anonymous throttle is raised for the run (``API_ANON_RATE``) so that it counts but never
refuses; ``CONN_MAX_AGE`` keeps the default persistent connections.
Targets (issue 5): participants >= 0.5 x trivial, p99 < 100 ms; 304 path >= 0.9 x trivial.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
AS_OF = "2026-01-01"
URL = f"/api/v1/treaties/apmbc/participants/?as_of={AS_OF}"


def _env(database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789",
        "DEBUG": "false",
        # Counted per second: DRF keeps one timestamp per request of the window in the cache,
        # and a per-minute window at benchmark rates would make that list huge.
        "API_ANON_RATE": "100000/second",
        "LOG_LEVEL": "WARNING",
    }


def _ensure_database(database_url: str) -> None:
    import psycopg

    name = database_url.rsplit("/", 1)[1]
    admin = database_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def _prepare_data(env: dict[str, str]) -> str:
    """Migrate and load the demo data; synthesise the APMBC if the demo cannot be loaded."""
    manage = [PY, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], env=env, cwd=ROOT, check=True)
    demo = subprocess.run([*manage, "load_demo"], env=env, cwd=ROOT, capture_output=True, text=True)
    check = (
        "from treaties.models import Treaty;"
        "t=Treaty.objects.filter(slug='apmbc').first();"
        "print(t.events.values('state').distinct().count() if t else 0)"
    )
    lines = (
        subprocess.run(
            [*manage, "shell", "-c", check], env=env, cwd=ROOT, capture_output=True, text=True
        )
        .stdout.strip()
        .splitlines()
    )
    count = lines[-1] if lines else "0"
    if demo.returncode == 0 and count.isdigit() and int(count) > 0:
        return f"demo data (manage.py load_demo): APMBC with {count} participants"
    synth = (
        "from tests.factories import treaty_with_participants;"
        "from treaties.models import Treaty;"
        "Treaty.objects.filter(slug='apmbc').exists() or "
        "treaty_with_participants('apmbc', 166, withdrawals=2)"
    )
    subprocess.run([*manage, "shell", "-c", synth], env=env, cwd=ROOT, check=True)
    return "synthetic APMBC with 166 states (load_demo failed: " + demo.stderr[-200:] + ")"


def _wait(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:  # not listening yet (URLError is an OSError)
            time.sleep(0.3)
    raise SystemExit(f"gunicorn did not answer {url}")


def _found(pattern: str, text: str) -> re.Match[str]:
    match = re.search(pattern, text)
    if match is None:
        raise SystemExit(f"wrk printed nothing matching {pattern!r}:\n{text}")
    return match


def _wrk(url: str, *, duration: int, connections: int, headers: list[str]) -> dict[str, float]:
    cmd = ["wrk", "--latency", "-t2", f"-c{connections}", f"-d{duration}s"]
    for header in headers:
        cmd += ["-H", header]
    out = subprocess.run([*cmd, url], capture_output=True, text=True, check=True).stdout
    rps = float(_found(r"Requests/sec:\s+([\d.]+)", out).group(1))
    codes = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)

    def pct(p: str) -> float:
        value, unit = _found(rf"\s{p}%\s+([\d.]+)(us|ms|s)", out).groups()
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    return {
        "rps": rps,
        "p50_ms": pct("50"),
        "p99_ms": pct("99"),
        "errors": int(codes.group(1)) if codes else 0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/tt_bench_api")
    parser.add_argument("--duration", type=int, default=10, help="seconds per scenario run")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved runs per scenario")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--skip-setup", action="store_true", help="data already loaded")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install -y wrk")

    env = _env(args.database_url)
    source = "existing data"
    if not args.skip_setup:
        _ensure_database(args.database_url)
        source = _prepare_data(env)

    base = f"http://127.0.0.1:{args.port}"
    payload_file = Path(tempfile.mkdtemp()) / "payload.json"
    payload_file.write_text("{}")
    env["BENCH_PAYLOAD"] = str(payload_file)
    gunicorn = [
        str(Path(PY).parent / "gunicorn"), "trivial_view:application",
        "--pythonpath", str(ROOT / "bench"), "--chdir", str(ROOT),
        "--bind", f"127.0.0.1:{args.port}", "--workers", str(args.workers),
        "--worker-class", "sync", "--log-level", "warning",
    ]  # fmt: skip
    server = None
    try:
        # First server: fetch the real payload so the trivial view can return the same one.
        server = subprocess.Popen(gunicorn, env=env, cwd=ROOT)
        _wait(base + URL)
        with urllib.request.urlopen(base + URL) as response:
            body = response.read()
            etag = response.headers["ETag"]
        payload_file.write_bytes(body)
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        server = subprocess.Popen(gunicorn, env=env, cwd=ROOT)
        _wait(base + "/bench/trivial/")
        trivial_size = len(urllib.request.urlopen(base + "/bench/trivial/").read())
        # Warm both paths in every worker (imports, connections, caches).
        _wrk(base + URL, duration=2, connections=args.connections, headers=[])
        _wrk(base + "/bench/trivial/", duration=2, connections=args.connections, headers=[])

        scenarios = {
            "trivial JSON view": (base + "/bench/trivial/", []),
            "participants?as_of=": (base + URL, []),
            "participants, If-None-Match (304)": (base + URL, [f"If-None-Match: {etag}"]),
        }
        # Rounds interleave the scenarios so that load from elsewhere on the machine hits
        # all of them alike; the median round is reported.
        samples: dict[str, list[dict[str, float]]] = {name: [] for name in scenarios}
        for _ in range(args.rounds):
            for name, (url, headers) in scenarios.items():
                samples[name].append(
                    _wrk(url, duration=args.duration, connections=args.connections,
                         headers=headers)
                )  # fmt: skip
        runs = {
            name: {key: statistics.median(r[key] for r in rounds) for key in rounds[0]}
            for name, rounds in samples.items()
        }
    finally:
        if server is not None and server.poll() is None:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)

    print(f"data: {source}")
    print(
        f"payload: participants {len(body)} bytes, trivial {trivial_size} bytes; "
        f"gunicorn {args.workers} sync workers; wrk -t2 -c{args.connections} -d{args.duration}s"
        f" x {args.rounds} interleaved rounds (medians)"
    )
    baseline = runs["trivial JSON view"]["rps"]
    print(
        f"{'scenario':36} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'ratio':>6} {'non-2xx/3xx':>11}"
    )
    for name, r in runs.items():
        print(
            f"{name:36} {r['rps']:9.1f} {r['p50_ms']:8.2f} {r['p99_ms']:8.2f} "
            f"{r['rps'] / baseline:6.2f} {int(r['errors']):11d}"
        )
    print(json.dumps({k: {**v, "ratio": v["rps"] / baseline} for k, v in runs.items()}))


if __name__ == "__main__":
    main()
