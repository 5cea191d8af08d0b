"""Benchmark: what the APMBC treaty page costs to transfer and to render.

Run::

    .venv/bin/python bench/bench_pages.py                    # throwaway SQLite, demo data
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tt_bench_pages .venv/bin/python \
        bench/bench_pages.py --keep                          # an existing, loaded database

It loads the demo dataset (``manage.py load_demo``: the real UN status tables, APMBC 166
participants) into a fresh SQLite file unless ``--keep``, then requests through Django's test
client with ``Accept-Encoding: gzip`` (the GZip middleware compresses as in production):

* the APMBC page on ``--on`` and its same-origin assets (CSS, JS) gzipped, against the
  200 KB budget — the map geometry ``/map/world.svg`` is reported apart: browsers
  cache it for a day and every map on the site shares it;
* the median and p95 server time of the page over ``--rounds`` requests, and its query count,
  rendered (the stored rendering dropped each time) and stored (served per data version).
"""

from __future__ import annotations

import argparse
import gzip
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUDGET = 200 * 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--on", default="2026-01-01")
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--keep", action="store_true", help="use the configured database as is")
    args = parser.parse_args()

    # Production settings (DEBUG off) need a key; a benchmark signs nothing that matters.
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production-0123456789")
    if not args.keep and not os.environ.get("DATABASE_URL"):
        path = Path(tempfile.mkdtemp()) / "bench_pages.sqlite3"
        os.environ["SQLITE_PATH"] = str(path)
        for command in (["migrate", "--noinput", "-v0"], ["load_demo"]):
            subprocess.run(
                [sys.executable, "manage.py", *command],
                cwd=ROOT,
                check=True,
                env=os.environ,
                stdout=subprocess.DEVNULL,
            )
    sys.path.insert(0, str(ROOT))
    # The test suite's settings: production's, with static files found in the apps' folders
    # (no collectstatic before a benchmark) and plain HTTP.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    # One client asks again and again: the pages' anonymous throttle must count, never refuse.
    os.environ.setdefault("PAGE_ANON_RATE", "100000/second")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.ALLOWED_HOSTS = ["*"]
    client = Client(HTTP_ACCEPT_ENCODING="gzip")
    url = f"/treaties/apmbc/?on={args.on}"
    first = client.get(url)
    assert first.status_code == 200, first.status_code
    assert first.get("Content-Encoding") == "gzip", "the page was not compressed"
    html = gzip.decompress(first.content).decode()

    assets = {}
    # Every stylesheet and script the page links (print.css only when printing, counted too).
    for asset in (
        "css/site.css", "css/print.css", "js/search.js", "js/sortable.js", "js/treaty.js",
        "js/slider.js",
    ):  # fmt: skip
        raw = (ROOT / "static" / asset).read_bytes()
        assets[asset] = len(gzip.compress(raw))
    sprite = client.get("/map/world.svg")
    sprite_bytes = (
        len(sprite.content)
        if sprite.get("Content-Encoding") == "gzip"
        else len(gzip.compress(sprite.content))
    )
    total = len(first.content) + sum(assets.values())

    from django.core.cache import cache

    def timed(*, cold: bool) -> tuple[list[float], int]:
        """Server times of ``rounds`` requests, and the queries of one more.

        Cold: the stored rendering is dropped before each request, so the page is rendered
        (the first view after a data change, or of a date nobody asked for yet). Warm: the
        rendering stored per data version is served."""
        timings = []
        for _ in range(args.rounds + 1):
            if cold:
                cache.clear()
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        return sorted(timings[1:]), len(queries)

    cold, cold_queries = timed(cold=True)
    client.get(url)
    warm, warm_queries = timed(cold=False)

    rows = html.count('<tr id="state-')
    print(f"database: {connection.vendor}; page {url}: {rows} participants")
    raw_kb, gz_kb = len(html.encode()) / 1024, len(first.content) / 1024
    print(f"  HTML: {raw_kb:.1f} KB raw, {gz_kb:.1f} KB gzip")
    for asset, size in assets.items():
        print(f"  {asset}: {size / 1024:.1f} KB gzip")
    verdict = "within" if total < BUDGET else "OVER"
    print(f"  page + assets: {total / 1024:.1f} KB gzip ({verdict} the 200 KB budget)")
    print(f"  map geometry /map/world.svg (cached, shared): {sprite_bytes / 1024:.1f} KB gzip")
    for name, timings, count in (("rendered", cold, cold_queries), ("stored", warm, warm_queries)):
        print(
            f"  server time, {name}, over {args.rounds} requests: median "
            f"{statistics.median(timings):.1f} ms, p95 {timings[int(len(timings) * 0.95) - 1]:.1f}"
            f" ms; queries: {count}"
        )
    if total >= BUDGET:
        sys.exit(1)


if __name__ == "__main__":
    main()
