"""Load test: many connections on a mix of pages and API, random dates and junk parameters.

Run (PostgreSQL on 127.0.0.1, ``wrk`` and ``redis-server`` installed; the script starts its own
cache and broker)::

    .venv/bin/python bench/bench_load.py                      # 64 connections, 60 s
    .venv/bin/python bench/bench_load.py --connections 64 --duration 60 --skip-setup

What it does: the demo data in ``tt_bench_api`` (as ``bench_api.py``), gunicorn as deployed
(``config/gunicorn.conf.py``, threaded, ``--workers`` processes), a Celery worker, a cache of
its own — a private ``redis-server`` with ``maxmemory`` and ``allkeys-lru``, as
``docker-compose.yml``'s cache — and a private broker; then ``wrk`` for ``--duration`` seconds
on a mix drawn per request: the treaty page, its CSV, a state page and compare on a random
(cold) date, half of them with a random junk parameter (``utm_x=...``: answered with a
redirect to the page without it, never stored), the participants and a state's treaties in
the API on a random date, a search for a random word, ``/healthz`` and the dataset ZIP (202
while the worker builds it, then the stored file). Meanwhile ``--slow-clients`` connections
trickle one header line every 5 s and a probe asks ``/healthz`` and a treaty page every
second. It prints the requests/s, p50, p99, the responses that were not 2xx/3xx (target: 0),
the web processes' and the worker's memory, the cache's keys and memory before and after
(the target: under ``maxmemory``), the keys without a TTL (target: 0) and the probes' times.

The anonymous throttles are raised for the run (one client sends everything).
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import bench_api as base

LUA = r"""
local dated = {
  "/treaties/apmbc/?on=", "/treaties/ccm/?on=", "/treaties/paris-agreement/?on=",
  "/treaties/ccm/participants.csv?on=", "/states/LTU/?on=", "/states/USA/?on=",
  "/compare/?a=apmbc&b=ccm&on=",
  "/api/v1/treaties/apmbc/participants/?as_of=", "/api/v1/treaties/ccm/participants/?as_of=",
  "/api/v1/states/LTU/treaties/?as_of=",
}
local undated = { "/data/treaty-tracker.zip", "/healthz" }
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("seed", counter)
end
function init(args)
  math.randomseed(17 + seed * 7919)
end
local function day()
  return string.format("%04d-%02d-%02d", math.random(1997, 2030), math.random(1, 12),
                       math.random(1, 28))
end
function request()
  local pick = math.random(1, #dated + 3)
  if pick > #dated + 1 then
    return wrk.format("GET", undated[pick - #dated - 1])
  end
  if pick > #dated then
    return wrk.format("GET", "/search/?q=" .. string.char(math.random(97, 122)) ..
                      string.char(math.random(97, 122)) .. string.char(math.random(97, 122)))
  end
  local path = dated[pick] .. day()
  -- Junk on pages only: the API refuses unknown parameters with a 400, by design.
  if string.sub(path, 1, 5) ~= "/api/" and math.random() < 0.5 then
    path = path .. "&utm_x=" .. math.random(1, 1000000000)
  end
  return wrk.format("GET", path)
end
"""


def _redis(port: int, maxmemory: str, policy: str = "allkeys-lru") -> subprocess.Popen:
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--maxmemory", maxmemory, "--maxmemory-policy", policy],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    for _ in range(50):
        if (
            subprocess.run(["redis-cli", "-p", str(port), "ping"], capture_output=True).returncode
            == 0
        ):
            return server
        time.sleep(0.1)
    raise SystemExit("redis-server did not start")


def _trickle(port: int, stop: threading.Event) -> None:
    """A slow client: one header line every 5 s, never a complete request."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
            sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            line = 0
            while not stop.wait(5):
                line += 1
                sock.sendall(f"X-Slow-{line}: trickle\r\n".encode())
    except OSError:
        return


def _probe(url: str, stop: threading.Event, took: list[float]) -> None:
    """/healthz and a treaty page once a second; seconds to answer (30 when none came)."""
    while not stop.wait(1):
        for path in ("/healthz", "/treaties/apmbc/"):
            started = time.monotonic()
            try:
                with urllib.request.urlopen(url + path, timeout=30) as response:
                    response.read()
            except urllib.error.HTTPError:
                pass  # an answer (healthz says 503 when degraded)
            except OSError:
                took.append(30.0)
                continue
            took.append(time.monotonic() - started)


def _celery_rss_mb(pid: int) -> float:
    return max(
        (
            int(line.split()[1]) / 1024
            for child in [
                str(pid),
                *subprocess.run(
                    ["pgrep", "-P", str(pid)], capture_output=True, text=True
                ).stdout.split(),
            ]
            for line in Path(f"/proc/{child}/status").read_text().splitlines()
            if line.startswith("VmRSS:")
        ),
        default=0.0,
    )


def _keys_without_ttl(port: int) -> int:
    """Keys of the cache that would never expire (target: none; the app gives every key one)."""
    out = subprocess.run(
        ["redis-cli", "-p", str(port), "--scan"], capture_output=True, text=True
    ).stdout.split()
    forever = 0
    for key in out:
        ttl = subprocess.run(["redis-cli", "-p", str(port), "ttl", key], capture_output=True,
                             text=True).stdout.strip()  # fmt: skip
        forever += ttl == "-1"
    return forever


def _cache_figures(port: int) -> dict[str, float]:
    info = subprocess.run(
        ["redis-cli", "-p", str(port), "info", "memory"], capture_output=True, text=True
    ).stdout
    used = next(
        int(line.split(":")[1]) for line in info.splitlines() if line.startswith("used_memory:")
    )
    keys = subprocess.run(["redis-cli", "-p", str(port), "dbsize"], capture_output=True, text=True)
    return {"keys": int(keys.stdout.strip() or 0), "used_mb": used / 2**20}


def _rss_mb(pid: int) -> float:
    children = subprocess.run(
        ["pgrep", "-P", str(pid)], capture_output=True, text=True
    ).stdout.split()
    sizes = []
    for child in children:
        for line in Path(f"/proc/{child}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                sizes.append(int(line.split()[1]) / 1024)
    return max(sizes, default=0.0)


def start_site(env: dict[str, str], port: int) -> tuple[subprocess.Popen, subprocess.Popen]:
    """gunicorn as deployed (``config/gunicorn.conf.py``, threaded workers, no access log) and
    a Celery worker (prefork, one process)."""
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "-c", "config/gunicorn.conf.py",
         "config.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--access-logfile", "/dev/null", "--log-level", "warning"],
        env=env, cwd=base.ROOT,
    )  # fmt: skip
    worker = subprocess.Popen(
        [str(Path(sys.executable).parent / "celery"), "-A", "config", "worker",
         "--pool", "prefork", "--concurrency", "1", "--loglevel", "WARNING"],
        env=env, cwd=base.ROOT,
    )  # fmt: skip
    return server, worker


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/tt_bench_api")
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--redis-port", type=int, default=6391)
    parser.add_argument("--maxmemory", default="64mb")
    parser.add_argument("--skip-setup", action="store_true", help="data already loaded")
    parser.add_argument(
        "--slow-clients", type=int, default=12,
        help="connections trickling a header line every 5 s during the run (0: none)",
    )  # fmt: skip
    args = parser.parse_args()

    env = base._env(args.database_url)
    cache_url = f"redis://127.0.0.1:{args.redis_port}/0"
    broker_url = f"redis://127.0.0.1:{args.redis_port + 1}/0"
    env.update({
        "CACHE_URL": cache_url, "PAGE_ANON_RATE": "100000/second",
        # The ZIP is built by the worker, in a folder gunicorn serves it from.
        "CELERY_BROKER_URL": broker_url, "CELERY_TASK_ALWAYS_EAGER": "false",
        "DATASET_DIR": tempfile.mkdtemp(prefix="bench-load-datasets-"),
        "WEB_CONCURRENCY": str(args.workers),
    })  # fmt: skip
    redis = _redis(args.redis_port, args.maxmemory)
    broker = _redis(args.redis_port + 1, "0", "noeviction")
    if not args.skip_setup:
        base._ensure_database(args.database_url)
        print(base._prepare_data(env), flush=True)
    base._collectstatic(env)
    server = worker = None
    stop = threading.Event()
    took: list[float] = []
    try:
        server, worker = start_site(env, args.port)
        url = f"http://127.0.0.1:{args.port}"
        base._wait(url + "/healthz")
        before = _cache_figures(args.redis_port)
        print(base._load(), flush=True)
        script = Path(tempfile.mkdtemp()) / "mix.lua"
        script.write_text(LUA)
        helpers = [
            threading.Thread(target=_trickle, args=(args.port, stop), daemon=True)
            for _ in range(args.slow_clients)
        ] + [threading.Thread(target=_probe, args=(url, stop, took), daemon=True)]
        for helper in helpers:
            helper.start()
        result = base._wrk(
            url, duration=args.duration, connections=args.connections, script=str(script)
        )
        stop.set()
        after = _cache_figures(args.redis_port)
        forever = _keys_without_ttl(args.redis_port)
        rss = _rss_mb(server.pid)
        worker_rss = _celery_rss_mb(worker.pid)
        print(base._load(), flush=True)
    finally:
        stop.set()
        base._stop(server)
        base._stop(worker)
        for instance in (redis, broker):
            instance.terminate()
            instance.wait(timeout=10)
    print(
        f"\nwrk -t2 -c{args.connections} -d{args.duration}s, gunicorn as deployed "
        f"(config/gunicorn.conf.py, {args.workers} processes), a Celery worker; mix of pages "
        "(half with a junk parameter) and API on random dates, searches, /healthz and the "
        f"dataset ZIP; {args.slow_clients} slow clients trickling headers meanwhile"
    )
    print(
        f"requests/s {result['rps']:.0f}  p50 {result['p50_ms']:.1f} ms  p99 {result['p99_ms']:.1f}"
        f" ms  not 2xx/3xx: {result['errors']}"
    )
    print(
        f"largest web process resident memory after the run: {rss:.0f} MB; "
        f"Celery worker: {worker_rss:.0f} MB"
    )
    print(
        f"cache (maxmemory {args.maxmemory}, allkeys-lru): {before['keys']} keys, "
        f"{before['used_mb']:.1f} MB before; {after['keys']} keys, {after['used_mb']:.1f} MB "
        f"after; keys without a TTL: {forever}"
    )
    if took:
        print(
            f"probes of /healthz and /treaties/apmbc/ during the run: {len(took)}, slowest "
            f"{max(took):.2f} s, over 5 s: {sum(t > 5 for t in took)}"
        )
    if result["errors"]:
        sys.exit(1)


if __name__ == "__main__":
    os.chdir(base.ROOT)
    main()
