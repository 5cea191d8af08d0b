"""Benchmark: a synthetic corpus N times the UN's on PostgreSQL, and how each cost grows.

Run (PostgreSQL on 127.0.0.1)::

    .venv/bin/python bench/bench_scale.py                 # --scale 10: ~4,000 treaties
    .venv/bin/python bench/bench_scale.py --scale 1       # the UN's size, for the growth
    .venv/bin/python bench/bench_api.py --skip-setup --treaty scale-big --state ZAAA \\
        --database-url postgres://postgres@127.0.0.1:5432/tt_bench_scale   # gunicorn + wrk

The UN's corpus (bench_import.py) is ~400 treaties and ~25,000 events. This one has
``400 x scale`` treaties with their rules taken in turn from the catalogue, ``25,000 x scale``
events (signatures, ratifications, accessions, withdrawals; participants per treaty spread
like the UN's, a few large and most small) among 1,200 synthetic states, and one treaty,
``scale-big``, of 1,000 participants. It recreates the database ``tt_bench_scale`` (or
``--database-url``) and times, with the project's own services:

* the import: each treaty's events through ``events_apply`` (the importers' batch writer),
  one transaction per treaty, recomputations left queued;
* the full recompute: ``treaty_recompute`` of every treaty (``--jobs`` processes);
* one treaty's recompute: ``scale-big`` and treaties of ~200 and ~50 participants (median of 5);
* participants (API) and the treaty page on random dates, in process (Django's test client):
  rendered (nothing stored) and stored (served per change point), with their query counts.

Targets, at --scale 10: import + full computation < 10 minutes on 2 cores; one
treaty of 1,000 participants recomputed in < 1 s; the random-date figures of bench_api.py
within 2 x of the demo's.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import itertools
import os
import random
import statistics
import string
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SOURCE = "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=XXVI-5"


def _setup(database_url: str, *, keep: bool) -> None:
    import psycopg

    name = database_url.rsplit("/", 1)[1]
    admin = database_url.rsplit("/", 1)[0] + "/postgres"
    if not keep:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
    os.environ.update(
        DATABASE_URL=database_url,
        SECRET_KEY="bench-only-secret-key-not-for-production-0123456789",
        DEBUG="false",
        LOG_LEVEL="WARNING",
        API_ANON_RATE="100000/second",
        PAGE_ANON_RATE="100000/second",
        # Reached as from the TLS proxy in front of the app: no redirect to https.
        SECURE_SSL_REDIRECT="false",
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def _sizes(rng: random.Random, treaties: int, participations: int) -> list[int]:
    """Participants per treaty: the first 1,000, the rest lognormal (most small, a few
    large, at most 200) scaled to ``participations`` in all."""
    raw = [rng.lognormvariate(3.0, 0.9) for _ in range(treaties - 1)]
    factor = (participations - 1000) / sum(raw)
    return [1000] + [max(2, min(200, round(r * factor))) for r in raw]


def _rows(rng: random.Random, states: list, n: int, opened: dt.date) -> list:
    """Signature + ratification (or an accession), and a withdrawal for one in twenty."""
    from events.services.events import EventRow

    rows = []
    for i, member in enumerate(rng.sample(states, n)):
        signed = opened + dt.timedelta(days=rng.randrange(365))
        if rng.random() < 0.3:
            consent = signed + dt.timedelta(days=rng.randrange(100, 4000))
            rows.append(EventRow(f"{i}a", member, "accession", consent, SOURCE))
        else:
            consent = signed + dt.timedelta(days=rng.randrange(100, 2000))
            rows.append(EventRow(f"{i}s", member, "signature", signed, SOURCE))
            rows.append(EventRow(f"{i}r", member, "ratification", consent, SOURCE))
        if rng.random() < 0.05:
            notified = consent + dt.timedelta(days=rng.randrange(800, 6000))
            if notified < dt.date(2026, 1, 1):
                rows.append(EventRow(f"{i}w", member, "withdrawal", notified, SOURCE))
    return rows


def _recompute_all(ids: list[int], jobs: int) -> None:
    from django.db import connections

    from events.services import treaty_recompute

    if jobs <= 1:
        for pk in ids:
            treaty_recompute(treaty_id=pk)
        return
    import multiprocessing

    connections.close_all()  # each process opens its own
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        pool.map(_recompute_one, ids, chunksize=20)


def _recompute_one(pk: int) -> None:
    from events.services import treaty_recompute

    treaty_recompute(treaty_id=pk)


def _median_ms(run, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/tt_bench_scale"
    )
    parser.add_argument("--scale", type=float, default=10, help="times the UN's corpus")
    parser.add_argument("--jobs", type=int, default=2, help="processes for the full recompute")
    parser.add_argument("--requests", type=int, default=60, help="random dates per figure")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument(
        "--keep", action="store_true", help="reuse the corpus built by the last run: reads only"
    )
    args = parser.parse_args()
    rng = random.Random(args.seed)
    _setup(args.database_url, keep=args.keep)

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, transaction

    from config.celery import app
    from events.models import Event
    from events.services import events_apply
    from rules import CATALOGUE
    from states.models import State
    from treaties.models import Treaty

    # Commit callbacks only queue (to the in-memory broker, no worker): the recompute is
    # timed below, on its own.
    app.conf.task_always_eager = False
    settings.ALLOWED_HOSTS = ["*"]
    if args.keep:
        _reads(args, rng)
        return
    call_command("migrate", verbosity=0)
    codes = ["Z" + "".join(p) for p in itertools.product(string.ascii_uppercase, repeat=3)]
    State.objects.bulk_create(
        State(code=code, short_name=f"State {code}", numeric=f"{i % 900 + 100}")
        for i, code in enumerate(codes[:1200])
    )
    states = list(State.objects.order_by("code"))
    n_treaties = round(400 * args.scale)
    # 1.75 events per participant on average (see _rows).
    sizes = _sizes(rng, n_treaties, round(25_000 * args.scale / 1.75))
    catalogue = list(CATALOGUE.values())
    treaties = []
    for i in range(n_treaties):
        entry = catalogue[i % len(catalogue)]
        adopted = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(25_000))
        treaties.append(
            Treaty(
                slug="scale-big" if i == 0 else f"scale-{i:05d}",
                short_name=f"Treaty {i}",
                title=f"Synthetic convention {i}",
                adopted_on=adopted,
                rules=copy.deepcopy(entry["rules"]),
                source_url=SOURCE,
            )
        )
    Treaty.objects.bulk_create(treaties)
    treaties = list(Treaty.objects.order_by("pk"))
    batches = [
        (t, _rows(rng, states, n, (t.adopted_on or dt.date(2000, 1, 1)) + dt.timedelta(days=30)))
        for t, n in zip(treaties, sizes, strict=True)
    ]
    n_events = sum(len(rows) for _, rows in batches)

    started = time.perf_counter()
    for treaty, rows in batches:
        with transaction.atomic():
            result = events_apply(treaty=treaty, rows=rows, strict=False)
            assert not result.errors, result.errors[:3]
    imported = time.perf_counter() - started
    ids = [t.pk for t in treaties]
    started = time.perf_counter()
    _recompute_all(ids, args.jobs)
    recomputed = time.perf_counter() - started
    assert Event.objects.count() == n_events
    with connection.cursor() as cursor:
        # What autovacuum does soon after a bulk load (visibility maps: index-only scans).
        cursor.execute("VACUUM ANALYZE")

    print(
        f"corpus x{args.scale:g}: {n_treaties} treaties, {n_events} events, "
        f"{len(states)} states; largest treaty {sizes[0]} participants; PostgreSQL "
        f"{connection.pg_version}"  # type: ignore[attr-defined]
    )
    print(f"import (events_apply per treaty): {imported:.1f} s")
    print(f"full recompute ({args.jobs} processes): {recomputed:.1f} s")
    print(f"import + full computation: {imported + recomputed:.1f} s (target < 600 s at x10)")
    _reads(args, rng)


def _ok(response: Any) -> None:
    if response.status_code != 200:
        raise SystemExit(f"{response.status_code} from {response.request['PATH_INFO']}")


def _reads(args: argparse.Namespace, rng: random.Random) -> None:
    """One treaty's recompute, and its reads on random dates, for three sizes of treaty."""
    from django.core.cache import cache
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from events.services import treaty_recompute
    from treaties.models import Treaty

    counted = Treaty.objects.annotate(n=Count("events__state", distinct=True)).order_by("n")
    by_size = [(t.n, t) for t in counted]
    picks = [by_size[-1], min(by_size, key=lambda p: abs(p[0] - 200)), by_size[len(by_size) // 2]]
    client = Client(HTTP_HOST="127.0.0.1")
    lines = []
    for n, treaty in picks:
        # Dates from the treaty's adoption to 2030: where its participants are.
        opened = treaty.adopted_on or dt.date(1950, 1, 1)
        span = (dt.date(2030, 12, 31) - opened).days
        days = [opened + dt.timedelta(days=rng.randrange(span)) for _ in range(args.requests)]
        recompute_ms = _median_ms(lambda t=treaty: treaty_recompute(treaty_id=t.pk), 5)
        figures = [f"{treaty.slug} ({n} participants): recompute {recompute_ms:.0f} ms"]
        for label, url in (
            ("participants", f"/api/v1/treaties/{treaty.slug}/participants/?as_of="),
            ("page", f"/treaties/{treaty.slug}/?on="),
        ):
            day_iter = iter(days * 2)

            def rendered(url: str = url, day_iter=day_iter) -> None:
                cache.clear()
                _ok(client.get(url + next(day_iter).isoformat()))

            def stored(url: str = url, day_iter=day_iter) -> None:
                _ok(client.get(url + next(day_iter).isoformat()))

            cold = _median_ms(rendered, args.requests)
            for day in days:  # store every date's answer first
                client.get(url + day.isoformat())
            day_iter = iter(days)
            warm = _median_ms(lambda u=url, it=day_iter: stored(u, it), args.requests)
            cache.clear()
            with CaptureQueriesContext(connection) as queries:
                client.get(url + days[0].isoformat())
            figures.append(
                f"{label} rendered {cold:.1f} ms / stored {warm:.1f} ms ({len(queries)} queries)"
            )
        lines.append("; ".join(figures))

    print(f"random dates from adoption to 2030, medians of {args.requests} requests, test client:")
    for line in lines:
        print("  " + line)


if __name__ == "__main__":
    main()
