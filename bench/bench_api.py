"""Benchmark: the APMBC's participants and page under gunicorn, on a fixed and on a random
date, against a trivial JSON view, in one run.

Run (PostgreSQL on 127.0.0.1, ``wrk`` installed: ``apt-get install -y wrk``)::

    .venv/bin/python bench/bench_api.py           # 2 workers, 8 connections, 3 x 10 s each
    .venv/bin/python bench/bench_api.py --skip-setup --rounds 5 --connections 16
    .venv/bin/python bench/bench_api.py --cache-url redis://127.0.0.1:6379/11   # shared cache

What it does, in one run on one machine:

1. creates (once) the database ``tt_bench_api`` (or uses ``--database-url``), migrates it and
   loads the demo data (``manage.py load_demo``); if that fails, it synthesises the APMBC with
   166 states through the real rule engine;
2. starts gunicorn (``--workers``, sync) on ``bench/trivial_view.py``, i.e. the project plus a
   trivial view returning, with ``JsonResponse``, the same payload as the participants
   response; and a second, idle until its turn, that stores nothing (``BENCH_NO_STORE``), for
   the cold path: what the first reader of a date between two change points pays;
3. runs ``wrk --latency`` in interleaved rounds (load from elsewhere on the machine hits all
   scenarios alike) against: the trivial view; the participants on a fixed ``as_of`` (the
   stored rendering) and with ``If-None-Match`` (the 304); the participants, the treaty page,
   the state page and the state's treaties on a random date per request (a Lua script draws
   a day from 1997 to 2030); the participants and the page on a random date with nothing
   stored;
4. prints the median requests/s, p50, p99 and the ratios to the trivial view;
5. then sends ``--soak`` seconds (default 60) of random-date requests to the participants and
   the page, and prints each worker's resident memory and cache entries next to the number
   of distinct answers the data has (one per change point of the treaty, for each of the two,
   and one per pair of change points for the page's changes section).

The anonymous throttles are raised for the run (``API_ANON_RATE``, ``PAGE_ANON_RATE``) so
that they count but never refuse; ``CONN_MAX_AGE`` keeps the default persistent connections.
The load average is printed before and after: figures taken while other jobs run are noisy,
compare the ratios.
Targets: participants on a random date >= 0.5 x trivial with p99 < 100 ms, the page
on a random date >= 0.25 x; stored >= 1.0 x; 304 >= 0.9 x; workers < 300 MB after the soak.
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
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
AS_OF = "2026-01-01"


def _env(database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789",
        "DEBUG": "false",
        # gunicorn is reached directly, as from the TLS proxy in front of it in production:
        # without this every request would be a redirect to https.
        "SECURE_SSL_REDIRECT": "false",
        # Counted per second: DRF keeps one timestamp per request of the window in the cache,
        # and a per-minute window at benchmark rates would make that list huge.
        "API_ANON_RATE": "100000/second",
        "PAGE_ANON_RATE": "100000/second",
        "LOG_LEVEL": "WARNING",
    }


def _collectstatic(env: dict[str, str], root: Path = ROOT) -> None:
    """Production settings serve hashed static file names: collect them, as a deployment's
    build does (quick once done)."""
    subprocess.run(
        [PY, str(root / "manage.py"), "collectstatic", "--noinput", "-v", "0"],
        env=env, cwd=root, check=True,
    )  # fmt: skip


def _ensure_database(database_url: str) -> None:
    import psycopg

    name = database_url.rsplit("/", 1)[1]
    admin = database_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def recreate_database(database_url: str) -> None:
    """Drop the benchmark's database (its connections closed) and create it empty."""
    import psycopg

    name = database_url.rsplit("/", 1)[1]
    admin = database_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
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


#: wrk draws a day per request (1997-2030, days 1-28: every one a real date).
RANDOM_DATE_LUA = """
local paths = {%(paths)s}
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("seed", counter)
end
function init(args)
  math.randomseed(%(seed)d + seed * 7919)
end
function request()
  local path = paths[math.random(1, #paths)]
  local day = string.format("%%04d-%%02d-%%02d", math.random(1997, 2030),
                            math.random(1, 12), math.random(1, 28))
  return wrk.format("GET", path .. day)
end
"""


def _lua(paths: list[str], seed: int = 1) -> str:
    """A wrk script requesting one of ``paths`` followed by a random date."""
    script = Path(tempfile.mkdtemp()) / "random_date.lua"
    script.write_text(RANDOM_DATE_LUA % {"paths": ", ".join(f'"{p}"' for p in paths), "seed": seed})
    return str(script)


def _wrk(
    url: str,
    *,
    duration: int,
    connections: int,
    headers: list[str] | None = None,
    script: str | None = None,
) -> dict[str, float]:
    cmd = ["wrk", "--latency", "-t2", f"-c{connections}", f"-d{duration}s"]
    for header in headers or []:
        cmd += ["-H", header]
    if script:
        cmd += ["-s", script]
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


def _load() -> str:
    return "load average " + " ".join(Path("/proc/loadavg").read_text().split()[:3])


def _gunicorn(port: int, workers: int) -> list[str]:
    return [
        str(Path(PY).parent / "gunicorn"), "trivial_view:application",
        "--pythonpath", str(ROOT / "bench"), "--chdir", str(ROOT),
        "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
        "--worker-class", "sync", "--log-level", "warning",
    ]  # fmt: skip


def _stop(server: subprocess.Popen | None) -> None:
    if server is not None and server.poll() is None:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


#: The distinct answers on the days wrk draws: the participants and the page (one per epoch),
#: the page's changes section (one per epoch of the date and of the date a year before, the
#: default start of the changes shown).
DISTINCT_ANSWERS = """
import datetime as dt, bisect, json
from events.selectors.participants import change_points
points = change_points(treaty_slug=SLUG)
epoch = lambda day: bisect.bisect_right(points, day)
days = [dt.date(y, m, d) for y in range(1997, 2031) for m in range(1, 13) for d in range(1, 29)]
print(json.dumps([len(points) + 1, len({epoch(d) for d in days}),
                  len({(epoch(d), epoch(d - dt.timedelta(days=365))) for d in days})]))
"""


def _distinct_answers(env: dict[str, str], slug: str) -> tuple[int, int, int]:
    """The treaty's epochs, and the distinct answers of the participants and of the page on
    the days wrk draws."""
    out = subprocess.run(
        [PY, str(ROOT / "manage.py"), "shell", "-c", f"SLUG = {slug!r}\n" + DISTINCT_ANSWERS],
        env=env, cwd=ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    epochs, participants, pages = json.loads(out.stdout.strip().splitlines()[-1])
    return epochs, participants, pages


def _worker_stats(base: str, workers: int, cache_url: str | None) -> list[dict[str, float]]:
    """Each worker's memory and cache entries (asked until every worker has answered)."""
    seen: dict[int, dict[str, float]] = {}
    for _ in range(200):
        with urllib.request.urlopen(base + "/bench/stats/") as response:
            row = json.loads(response.read())
        seen[row["pid"]] = row
        if len(seen) == workers:
            break
    if cache_url:  # one shared cache: count its keys once
        import redis

        client = redis.Redis.from_url(cache_url)
        keys = list(client.scan_iter(count=1000))
        for row in seen.values():
            row["entries"] = len(keys)
            row["answers"] = sum(b":answer:" in key for key in keys)
    return list(seen.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/tt_bench_api")
    parser.add_argument("--cache-url", help="redis:// URL of a shared cache (default: per worker)")
    parser.add_argument("--duration", type=int, default=10, help="seconds per scenario run")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved runs per scenario")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--soak", type=int, default=60, help="seconds of random dates at the end")
    parser.add_argument(
        "--warm-up",
        type=int,
        default=60,
        help="seconds of random dates before the rounds (the first reader of each epoch pays"
        " its rendering: the soak shows that phase, the rounds what follows)",
    )
    parser.add_argument("--skip-setup", action="store_true", help="data already loaded")
    parser.add_argument(
        "--treaty", default="apmbc", help="slug of the treaty (bench_scale.py: scale-big)"
    )
    parser.add_argument("--state", default="NOR", help="code of the state of the state scenarios")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install -y wrk")

    env = _env(args.database_url)
    if args.cache_url:
        env["CACHE_URL"] = args.cache_url
    source = "existing data"
    if not args.skip_setup:
        _ensure_database(args.database_url)
        source = _prepare_data(env)
    _collectstatic(env)
    answers = _distinct_answers(env, args.treaty)
    participants = f"/api/v1/treaties/{args.treaty}/participants/?as_of="
    page = f"/treaties/{args.treaty}/?on="
    state_page, state_api = (
        f"/states/{args.state}/?on=",
        f"/api/v1/states/{args.state}/treaties/?as_of=",
    )
    fixed = participants + AS_OF

    base = f"http://127.0.0.1:{args.port}"
    cold = f"http://127.0.0.1:{args.port + 1}"
    payload_file = Path(tempfile.mkdtemp()) / "payload.json"
    payload_file.write_text("{}")
    env["BENCH_PAYLOAD"] = str(payload_file)
    random_date = {
        "participants": _lua([participants]),
        "page": _lua([page]),
        "state page": _lua([state_page]),
        "state's treaties": _lua([state_api]),
    }
    server = cold_server = None
    load_before = _load()
    try:
        if args.cache_url:
            import redis

            redis.Redis.from_url(args.cache_url).flushdb()
        # First server: fetch the real payload so the trivial view can return the same one.
        server = subprocess.Popen(_gunicorn(args.port, args.workers), env=env, cwd=ROOT)
        _wait(base + fixed)
        with urllib.request.urlopen(base + fixed) as response:
            body = response.read()
            etag = response.headers["ETag"]
        payload_file.write_bytes(body)
        _stop(server)
        server = subprocess.Popen(_gunicorn(args.port, args.workers), env=env, cwd=ROOT)
        cold_server = subprocess.Popen(
            _gunicorn(args.port + 1, args.workers),
            env={**env, "BENCH_NO_STORE": "1"},
            cwd=ROOT,
        )
        _wait(base + "/bench/trivial/")
        _wait(cold + fixed)
        trivial_size = len(urllib.request.urlopen(base + "/bench/trivial/").read())
        page_size = len(urllib.request.urlopen(base + page + AS_OF).read())

        scenarios: dict[str, dict[str, Any]] = {
            "trivial JSON view": {"url": base + "/bench/trivial/"},
            "participants, fixed as_of (stored)": {"url": base + fixed},
            "participants, If-None-Match (304)": {
                "url": base + fixed,
                "headers": [f"If-None-Match: {etag}"],
            },
            "participants, random as_of": {"url": base, "script": random_date["participants"]},
            "treaty page, random on": {"url": base, "script": random_date["page"]},
            "state page, random on": {"url": base, "script": random_date["state page"]},
            "state's treaties API, random as_of": {
                "url": base,
                "script": random_date["state's treaties"],
            },
            "participants, random, nothing stored": {
                "url": cold,
                "script": random_date["participants"],
            },
            "treaty page, random, nothing stored": {"url": cold, "script": random_date["page"]},
        }
        # Warm every path in every worker (imports, connections, change points), then store
        # the answers on random dates.
        for scenario in scenarios.values():
            _wrk(duration=2, connections=args.connections, **scenario)
        if args.warm_up:
            every_random = _lua([participants, page, state_page, state_api], seed=3)
            _wrk(base, duration=args.warm_up, connections=args.connections, script=every_random)
        # Rounds interleave the scenarios so that load from elsewhere on the machine hits
        # all of them alike; the median round is reported.
        samples: dict[str, list[dict[str, float]]] = {name: [] for name in scenarios}
        for _ in range(args.rounds):
            for name, scenario in scenarios.items():
                samples[name].append(
                    _wrk(duration=args.duration, connections=args.connections, **scenario)
                )
        runs = {
            name: {key: statistics.median(r[key] for r in rounds) for key in rounds[0]}
            for name, rounds in samples.items()
        }
        load_after = _load()
        # The soak: a fresh server, then random dates on the participants and the page.
        _stop(server)
        if args.cache_url:
            redis.Redis.from_url(args.cache_url).flushdb()
        server = subprocess.Popen(_gunicorn(args.port, args.workers), env=env, cwd=ROOT)
        _wait(base + "/bench/trivial/")
        soak = {}
        if args.soak:
            soak = _wrk(
                base,
                duration=args.soak,
                connections=args.connections,
                script=_lua([participants, page], seed=2),
            )
        workers = _worker_stats(base, args.workers, args.cache_url)
    finally:
        _stop(server)
        _stop(cold_server)

    print(f"data: {source}; treaty {args.treaty}, state {args.state}")
    print(
        f"payload: participants {len(body)} bytes, trivial {trivial_size} bytes, page "
        f"{page_size} bytes; gunicorn {args.workers} sync workers; cache: "
        f"{'Redis (shared)' if args.cache_url else 'per worker (LocMemCache)'}; "
        f"wrk -t2 -c{args.connections} -d{args.duration}s x {args.rounds} interleaved rounds"
        " (medians)"
    )
    print(f"{load_before} before, {load_after} after the rounds")
    baseline = runs["trivial JSON view"]["rps"]
    print(
        f"{'scenario':38} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'ratio':>6} {'non-2xx/3xx':>11}"
    )
    for name, r in runs.items():
        print(
            f"{name:38} {r['rps']:9.1f} {r['p50_ms']:8.2f} {r['p99_ms']:8.2f} "
            f"{r['rps'] / baseline:6.2f} {int(r['errors']):11d}"
        )
    if soak:
        print(
            f"soak: {args.soak} s of random dates on the participants and the page: "
            f"{soak['rps']:.1f} req/s, p99 {soak['p99_ms']:.1f} ms, "
            f"{int(soak['errors'])} non-2xx/3xx"
        )
    epochs, dated, pairs = answers
    bound = 2 * dated + pairs
    print(
        f"distinct answers on the days drawn: {dated} epochs (of the treaty's {epochs}) for the"
        f" participants and for the page, {pairs} pairs of epochs (the date and a year before)"
        f" for the page's changes section: {bound}"
    )
    for w in sorted(workers, key=lambda w: w["pid"]):
        print(
            f"  worker {w['pid']}: {w['rss_mb']:.0f} MB resident, cache entries {w['entries']}"
            f" (stored answers {w['answers']}, at most {bound})"
        )
    print(
        json.dumps(
            {
                "runs": {k: {**v, "ratio": v["rps"] / baseline} for k, v in runs.items()},
                "soak": soak,
                "workers": workers,
                "distinct_answers": bound,
            }
        )
    )


if __name__ == "__main__":
    main()
