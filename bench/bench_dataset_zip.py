"""Benchmark: eight concurrent downloads of the whole dataset ZIP, on the UN's 2018 corpus.

Run (PostgreSQL on 127.0.0.1 and ``redis-server`` installed; the script starts its own cache
and broker; the corpus beside the project in ``../shared/data``)::

    .venv/bin/python bench/bench_dataset_zip.py                 # imports the corpus first
    .venv/bin/python bench/bench_dataset_zip.py --skip-setup    # the corpus already there

What it does: the 407 treaties imported into ``tt_bench_zip`` as ``make corpus`` does (with
their computation), gunicorn as deployed (``config/gunicorn.conf.py``, threaded) and a Celery
worker, each with a cache and a broker of its own; then ``--downloads`` clients ask for
``/data/treaty-tracker.zip`` at once, each coming back as told (``202`` + ``Retry-After``)
until it has the file, and a second wave does the same. It prints, per wave, the statuses
seen, the slowest and the median time to the file, its size, and how many builds the worker
ran. Targets (issue 27): no 5xx, each download within 120 s; the second wave served from the
stored file (one answer each, no build).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import bench_api as base
import bench_load as load

CORPUS = base.ROOT.parent / "shared" / "data" / "untc-mtdsg-xml-2018"


def _download(url: str, limit: float) -> tuple[list[int], float, int]:
    """(statuses, seconds to the file, bytes) for one client following Retry-After."""
    started = time.monotonic()
    statuses: list[int] = []
    while time.monotonic() - started < limit:
        try:
            with urllib.request.urlopen(url, timeout=limit) as response:
                statuses.append(response.status)
                body = response.read()
                if response.status == 200:
                    return statuses, time.monotonic() - started, len(body)
                time.sleep(int(response.headers.get("Retry-After", "1")))
        except urllib.error.HTTPError as exc:
            statuses.append(exc.code)
            if exc.code >= 500:
                return statuses, time.monotonic() - started, 0
            time.sleep(int(exc.headers.get("Retry-After", "1")))
        except OSError:
            statuses.append(0)  # no answer at all
            time.sleep(1)
    return statuses, time.monotonic() - started, 0


def _wave(url: str, clients: int, limit: float) -> list[tuple[list[int], float, int]]:
    results: list[tuple[list[int], float, int]] = [([], 0.0, 0)] * clients

    def one(i: int) -> None:
        results[i] = _download(url, limit)

    threads = [threading.Thread(target=one, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def _report(name: str, results: list[tuple[list[int], float, int]]) -> bool:
    statuses = [s for r in results for s in r[0]]
    times = [r[1] for r in results]
    got = [r for r in results if r[2]]
    bad = [s for s in statuses if s >= 500 or s == 0]
    counts = {s: statuses.count(s) for s in sorted(set(statuses))}
    print(
        f"{name}: {len(got)} of {len(results)} got the file ({max(r[2] for r in results):,}"
        f" bytes); answers {counts}; to the file: median {statistics.median(times):.1f} s,"
        f" slowest {max(times):.1f} s; 5xx or no answer: {len(bad)}"
    )
    return len(got) == len(results) and not bad and max(times) <= 120


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/tt_bench_zip")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--downloads", type=int, default=8)
    parser.add_argument("--port", type=int, default=8767)
    parser.add_argument("--redis-port", type=int, default=6393)
    parser.add_argument("--skip-setup", action="store_true", help="the corpus already loaded")
    args = parser.parse_args()

    env = base._env(args.database_url)
    datasets = tempfile.mkdtemp(prefix="bench-zip-datasets-")
    env.update({
        "CACHE_URL": f"redis://127.0.0.1:{args.redis_port}/0",
        "CELERY_BROKER_URL": f"redis://127.0.0.1:{args.redis_port + 1}/0",
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "DATASET_DIR": datasets,
        "PAGE_ANON_RATE": "100000/second",
    })  # fmt: skip
    cache = load._redis(args.redis_port, "64mb")
    broker = load._redis(args.redis_port + 1, "0", "noeviction")
    manage = [sys.executable, str(base.ROOT / "manage.py")]
    server = worker = None
    try:
        if not args.skip_setup:
            if not args.corpus.is_dir():
                raise SystemExit(f"the corpus is not at {args.corpus}")
            base.recreate_database(args.database_url)
            setup = env | {"CELERY_TASK_ALWAYS_EAGER": "true"}
            subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], env=setup, check=True)
            started = time.monotonic()
            subprocess.run(
                [*manage, "import_untc", str(args.corpus), "--as-of", "2018-01-15"],
                env=setup, check=True, stdout=subprocess.DEVNULL,
            )  # fmt: skip
            print(f"corpus imported and computed in {time.monotonic() - started:.0f} s")
        base._collectstatic(env)
        server, worker = load.start_site(env, args.port)
        url = f"http://127.0.0.1:{args.port}"
        base._wait(url + "/healthz", timeout=60)
        print(f"bench_dataset_zip: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
              f"{base._load()}, {os.cpu_count()} cores")  # fmt: skip
        first = _wave(url + "/data/treaty-tracker.zip", args.downloads, 120)
        files = sorted(p.name for p in Path(datasets).rglob("*.zip"))
        ok_first = _report(f"wave 1 ({args.downloads} at once, cold)", first)
        second = _wave(url + "/data/treaty-tracker.zip", args.downloads, 120)
        ok_second = _report(f"wave 2 ({args.downloads} at once)", second)
        once = all(r[0] == [200] for r in second)
        print(f"ZIP files built: {len(files)} ({', '.join(files)}); "
              f"wave 2 answered from the stored file at once: {once}; {base._load()}")  # fmt: skip
    finally:
        base._stop(server)
        base._stop(worker)
        for instance in (cache, broker):
            instance.terminate()
            instance.wait(timeout=10)
    if not (ok_first and ok_second and once):
        sys.exit(1)


if __name__ == "__main__":
    os.chdir(base.ROOT)
    sys.path.insert(0, str(Path(__file__).parent))
    main()
