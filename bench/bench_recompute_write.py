"""Benchmark: how long a recomputation holds the treaty's row lock (its write phase).

Run (PostgreSQL on 127.0.0.1)::

    .venv/bin/python bench/bench_recompute_write.py            # 676 states, 1,352 events
    .venv/bin/python bench/bench_recompute_write.py --database-url postgres://.../tt_mine

Every writer of the treaty waits for this phase (``events.services.recompute._write``), so it
must stay short. It is timed twice on a synthetic CCM (``tests.factories``): after a change
that moves every derived value (all events' derived fields wiped first, as a change of rules
does), and after a change that moves none. The rule engine's part runs before, without the
lock, and is reported apart.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/tt_bench_recompute"
    )
    parser.add_argument("--states", type=int, default=676, help="at most 676")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each case (medians)")
    args = parser.parse_args()
    os.environ.update(DATABASE_URL=args.database_url, TESTING="1")
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    # Production settings (DEBUG off) need a key; a benchmark signs nothing that matters.
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production-0123456789")
    sys.path.insert(0, str(ROOT))

    import psycopg

    name = args.database_url.rsplit("/", 1)[1]
    with psycopg.connect(args.database_url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as c:
        if not c.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            c.execute(f'CREATE DATABASE "{name}"')
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "migrate", "--noinput", "-v", "0"], check=True
    )

    import django

    django.setup()
    from django.utils import timezone

    from events.models import Event
    from events.services import recompute
    from tests.factories import treaty_with_participants
    from treaties.models import Treaty

    treaty = Treaty.objects.filter(slug="ccm").first() or treaty_with_participants(
        "ccm", args.states, recompute=False
    )
    events = Event.objects.filter(treaty=treaty).count()
    phases: dict[str, float] = {}
    write = recompute._write

    def timed_write(*a, **k):
        started = time.perf_counter()
        result = write(*a, **k)
        phases["write"] = time.perf_counter() - started
        return result

    recompute._write = timed_write
    print(f"{events} events, load average {os.getloadavg()[0]:.2f} ({os.cpu_count()} cores)")
    for label in ("every derived value changes", "no derived value changes"):
        computing, writing = [], []
        for _ in range(args.rounds):
            if label.startswith("every"):
                Event.objects.filter(treaty=treaty).update(
                    effective_date=None, explanation=[], computed_at=None
                )
            Treaty.objects.filter(pk=treaty.pk).update(data_changed_at=timezone.now())
            started = time.perf_counter()
            result = recompute.treaty_recompute(treaty_id=treaty.pk)
            assert not result.skipped
            computing.append(time.perf_counter() - started - phases["write"])
            writing.append(phases["write"])
        print(
            f"{label:30} read + compute {statistics.median(computing):5.2f} s (no lock), "
            f"write {statistics.median(writing):5.2f} s (treaty locked); "
            f"medians of {args.rounds}"
        )


if __name__ == "__main__":
    main()
