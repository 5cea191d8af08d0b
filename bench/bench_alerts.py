"""Benchmark: alerts for 10,000 watches after one sync that changes 50 treaties, and the
delivery throughput of webhooks against a local receiver.

Run (PostgreSQL and Redis on 127.0.0.1)::

    .venv/bin/python bench/bench_alerts.py
    .venv/bin/python bench/bench_alerts.py --database-url postgres://.../tt_x --broker redis://127.0.0.1:6379/6

Set-up (not timed): 200 treaties without rules of 20 synthetic states each (signature and
ratification), recomputed and read once by the alerts (their baseline); 10,000 confirmed
watches (40 % of a treaty, 40 % of a state, 15 % of a pair, 5 % of everything; half e-mail,
half webhook). Then the sync: one new ratification in each of 50 treaties, recomputed.

Timed: (1) matching and queueing — for the 50 treaties, what ``alerts.tasks.
detect_treaty_changes`` does: the notices, the deliveries of every matching watch, one task
per watch published to the real broker (purged afterwards; no worker runs); (2) delivery —
``alerts.delivery.watch_deliver`` of up to ``--deliveries`` webhook deliveries, one after
another in this process, to ``tests/alerts/receiver.py`` (a separate process) on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/tt_bench_alerts"
    )
    parser.add_argument("--broker", default="redis://127.0.0.1:6379/6")
    parser.add_argument("--watches", type=int, default=10_000)
    parser.add_argument("--changed", type=int, default=50, help="treaties the sync changes")
    parser.add_argument("--deliveries", type=int, default=500)
    args = parser.parse_args()
    os.environ.update(
        DATABASE_URL=args.database_url,
        CELERY_BROKER_URL=args.broker,
        CELERY_TASK_ALWAYS_EAGER="false",
        CELERY_QUEUE="bench-alerts",
        ALERTS_ALLOW_PRIVATE_WEBHOOKS="true",
        DJANGO_SETTINGS_MODULE="config.settings",
        LOG_LEVEL="WARNING",
    )
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production-0123456789")
    sys.path.insert(0, str(ROOT))

    import psycopg

    name = args.database_url.rsplit("/", 1)[1]
    with psycopg.connect(args.database_url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as c:
        if c.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            c.execute(f'DROP DATABASE "{name}"')
        c.execute(f'CREATE DATABASE "{name}"')
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "migrate", "--noinput", "-v", "0"], check=True
    )

    import django

    django.setup()
    from django.utils import timezone

    from alerts.delivery import watch_deliver
    from alerts.models import Channel, Delivery, Notice, Watch
    from alerts.notices import treaty_changes_detect
    from alerts.tasks import _queue
    from config.celery import app as celery_app
    from events.models import Event
    from events.services import treaty_recompute
    from tests.factories import SOURCE, synthetic_states
    from treaties.models import Treaty

    rng = random.Random(25)
    print("setting up ...", flush=True)
    states = synthetic_states(400)
    treaties = [
        Treaty.objects.create(slug=f"bench-{i}", short_name=f"Bench {i}", title=f"Bench {i}")
        for i in range(200)
    ]
    events = []
    for t, treaty in enumerate(treaties):
        for member in states[t % 200 : t % 200 + 20]:
            day = date(2000, 1, 1) + timedelta(days=t)
            events.append(
                Event(treaty=treaty, state=member, kind="signature", date=day, source_url=SOURCE)
            )
            events.append(
                Event(treaty=treaty, state=member, kind="ratification",
                      date=day + timedelta(days=100), source_url=SOURCE)
            )  # fmt: skip
    Event.objects.bulk_create(events)
    for treaty in treaties:
        treaty_recompute(treaty_id=treaty.pk)
        treaty_changes_detect(treaty.pk)  # the baseline
    now = timezone.now()
    watches = []
    for i in range(args.watches):
        roll = rng.random()
        watched = rng.choice(treaties) if roll < 0.4 or 0.8 <= roll < 0.95 else None
        state = rng.choice(states[:220]) if 0.4 <= roll < 0.95 else None
        webhook = i % 2 == 0
        watches.append(
            Watch(
                channel=Channel.WEBHOOK if webhook else Channel.EMAIL,
                url="http://127.0.0.1:1/unused" if webhook else "",
                secret="whsec_bench" if webhook else "",
                email="" if webhook else f"reader{i}@example.org",
                treaty=watched, state=state, confirmed_at=now,
            )
        )  # fmt: skip
    Watch.objects.bulk_create(watches, batch_size=2000)
    changed = treaties[: args.changed]
    sync = [
        Event(treaty=treaty, state=states[(t % 200) + 20], kind="ratification",
              date=date(2024, 6, 1), source_url=SOURCE)
        for t, treaty in enumerate(changed)
    ]  # fmt: skip
    Event.objects.bulk_create(sync)
    for treaty in changed:
        treaty_recompute(treaty_id=treaty.pk)

    profile = None
    if os.environ.get("BENCH_PROFILE"):
        import cProfile

        profile = cProfile.Profile()
        profile.enable()
    start = time.perf_counter()
    for treaty in changed:
        _queue(treaty_changes_detect(treaty.pk))
    elapsed = time.perf_counter() - start
    if profile is not None:
        import pstats

        profile.disable()
        pstats.Stats(profile).sort_stats("cumulative").print_stats(25)
    notices = Notice.objects.count()
    deliveries = Delivery.objects.count()
    queued = Delivery.objects.values("watch").distinct().count()
    print(
        f"matching + queueing: {args.watches:,} watches, {len(changed)} treaties changed: "
        f"{notices} notices, {deliveries:,} deliveries, {queued:,} tasks queued in "
        f"{elapsed:.2f} s (target < 10 s)"
    )
    celery_app.control.purge()

    # Delivery throughput against a local receiver process.
    folder = Path(tempfile.mkdtemp(prefix="bench-alerts-"))
    port = 18000 + rng.randrange(1000)
    receiver = subprocess.Popen(
        [sys.executable, str(ROOT / "tests/alerts/receiver.py"), str(port), str(folder)]
    )
    try:
        while not (folder / "ready").exists():
            time.sleep(0.05)
        (folder / "secret").write_text("whsec_bench")
        Watch.objects.filter(channel=Channel.WEBHOOK).update(url=f"http://127.0.0.1:{port}/bench")
        hook_ids = list(
            Delivery.objects.filter(watch__channel=Channel.WEBHOOK)
            .values_list("watch_id", flat=True)
            .distinct()
        )
        sent = 0
        start = time.perf_counter()
        for watch_id in hook_ids:
            sent += watch_deliver(watch_id)
            if sent >= args.deliveries:
                break
        elapsed = time.perf_counter() - start
        lines = (folder / "log.jsonl").read_text().splitlines()
        print(
            f"delivery: {sent} webhook deliveries in {elapsed:.2f} s = {sent / elapsed:.0f}/s "
            f"(one process, serial; the receiver logged {len(lines)})"
        )
    finally:
        receiver.terminate()


if __name__ == "__main__":
    main()
