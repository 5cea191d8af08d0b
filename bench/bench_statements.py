"""Benchmark: the treaty page and the statements endpoint of the treaty with the most
statements, under gunicorn, against the trivial JSON view (the same machinery as
``bench_api.py``).

Run (PostgreSQL on 127.0.0.1, ``wrk`` installed: ``apt-get install -y wrk``)::

    .venv/bin/python bench/bench_statements.py
    .venv/bin/python bench/bench_statements.py --skip-setup --rounds 5

1. creates (once) the database ``tt_bench_statements`` (or ``--database-url``), migrates it
   and imports the UN's 2018 files with the most statement entries (``--files``, default
   XXII-1, XVIII-7 and XVI-1 from ../shared/data/untc-mtdsg-xml-2018) with
   ``manage.py import_untc``; the treaty with the most statements in the database is
   benchmarked (XXII-1: 99 entries, plus the withdrawals its endnotes tell);
2. fetches that treaty's statements endpoint (the default page of the list) and serves the
   same bytes from the trivial view (``bench/trivial_view.py``), under gunicorn;
3. after ``--warm-up`` seconds of random dates on the page (as ``bench_api.py``: the first
   reader of each change point pays its rendering), runs ``wrk`` in interleaved rounds on:
   the trivial view; the treaty page on a random date (its statements section included); the
   statements endpoint; the endpoint with ``?q=`` (full-text search); the statements search
   page (``/treaties/{slug}/statements/?q=``);
4. prints the median requests/s, p50, p99 and the ratio to the trivial view.

Targets: page >= 0.25 x the trivial view; endpoint >= 0.5 x.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import tempfile
import urllib.request
from pathlib import Path
from typing import Any

from bench_api import (
    PY,
    ROOT,
    _collectstatic,
    _ensure_database,
    _env,
    _gunicorn,
    _load,
    _lua,
    _stop,
    _wait,
    _wrk,
)

DATA = ROOT.parent / "shared" / "data" / "untc-mtdsg-xml-2018"
FILES = ("XXII-1", "XVIII-7", "XVI-1")
TARGETS = {"treaty page, random on": 0.25, "statements endpoint": 0.5}


def _prepare(env: dict[str, str], files: list[str]) -> None:
    manage = [PY, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], env=env, cwd=ROOT, check=True)
    paths = [str(DATA / f"{name}.en.xml") for name in files]
    subprocess.run(
        [*manage, "import_untc", *paths, "--as-of", "2018-01-15"],
        env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip


def _most_statements(env: dict[str, str]) -> tuple[str, int]:
    """The slug of the treaty with the most statements, and their number."""
    code = (
        "from django.db.models import Count;from treaties.models import Treaty;"
        "t=Treaty.objects.annotate(n=Count('statements')).order_by('-n').first();"
        "print(t.slug, t.n)"
    )
    out = subprocess.run(
        [PY, str(ROOT / "manage.py"), "shell", "-c", code],
        env=env, cwd=ROOT, check=True, capture_output=True, text=True,
    ).stdout.split()  # fmt: skip
    return out[-2], int(out[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/tt_bench_statements"
    )
    parser.add_argument("--files", nargs="+", default=list(FILES), help="UN file references")
    parser.add_argument("--duration", type=int, default=10, help="seconds per scenario run")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved runs per scenario")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8775)
    parser.add_argument("--q", default="reservation", help="the words searched")
    parser.add_argument("--skip-setup", action="store_true", help="data already loaded")
    parser.add_argument("--warm-up", type=int, default=60, help="seconds of random dates first")
    args = parser.parse_args()

    env = _env(args.database_url)
    if not args.skip_setup:
        _ensure_database(args.database_url)
        _prepare(env, args.files)
    _collectstatic(env)
    slug, count = _most_statements(env)
    endpoint = f"/api/v1/treaties/{slug}/statements/"
    base = f"http://127.0.0.1:{args.port}"
    payload_file = Path(tempfile.mkdtemp()) / "payload.json"
    payload_file.write_text("{}")
    env["BENCH_PAYLOAD"] = str(payload_file)
    server = None
    load_before = _load()
    try:
        server = subprocess.Popen(_gunicorn(args.port, args.workers), env=env, cwd=ROOT)
        _wait(base + endpoint)
        payload_file.write_bytes(urllib.request.urlopen(base + endpoint).read())
        _stop(server)
        server = subprocess.Popen(_gunicorn(args.port, args.workers), env=env, cwd=ROOT)
        _wait(base + "/bench/trivial/")
        sizes = {
            "trivial": len(urllib.request.urlopen(base + "/bench/trivial/").read()),
            "page": len(urllib.request.urlopen(f"{base}/treaties/{slug}/").read()),
        }
        scenarios: dict[str, dict[str, Any]] = {
            "trivial JSON view": {"url": base + "/bench/trivial/"},
            "treaty page, random on": {"url": base, "script": _lua([f"/treaties/{slug}/?on="])},
            "statements endpoint": {"url": base + endpoint},
            "statements endpoint, ?q=": {"url": f"{base}{endpoint}?q={args.q}"},
            "statements search page, ?q=": {
                "url": f"{base}/treaties/{slug}/statements/?q={args.q}"
            },
        }
        for scenario in scenarios.values():  # warm every path in every worker
            _wrk(duration=2, connections=args.connections, **scenario)
        if args.warm_up:
            page = scenarios["treaty page, random on"]
            _wrk(duration=args.warm_up, connections=args.connections, **page)
        samples: dict[str, list[dict[str, float]]] = {name: [] for name in scenarios}
        for _ in range(args.rounds):
            for name, scenario in scenarios.items():
                samples[name].append(
                    _wrk(duration=args.duration, connections=args.connections, **scenario)
                )
    finally:
        _stop(server)
    load_after = _load()
    print(
        f"treaty {slug}: {count} statements; endpoint payload {sizes['trivial']} bytes, page "
        f"{sizes['page']} bytes; gunicorn {args.workers} sync workers; wrk -t2 "
        f"-c{args.connections} -d{args.duration}s x {args.rounds} interleaved rounds after "
        f"{args.warm_up} s of warm-up"
    )
    print(f"{load_before} before, {load_after} after")
    medians = {
        name: {k: statistics.median(s[k] for s in runs) for k in runs[0]}
        for name, runs in samples.items()
    }
    trivial = medians["trivial JSON view"]["rps"]
    for name, m in medians.items():
        target = TARGETS.get(name)
        met = target is not None and m["rps"] / trivial >= target
        verdict = f"  target {target} x: {'met' if met else 'MISSED'}"
        print(
            f"{name:32s} {m['rps']:8.1f} req/s  p50 {m['p50_ms']:7.2f} ms  p99 "
            f"{m['p99_ms']:7.2f} ms  {m['rps'] / trivial:5.2f} x trivial"
            f"  non-2xx/3xx {int(m['errors'])}" + (verdict if target else "")
        )


if __name__ == "__main__":
    main()
