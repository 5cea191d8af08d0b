"""Benchmark: import the whole 2018 MTDSG corpus (407 XML files) and compute all dates.

Run: ``DATABASE_URL=... .venv/bin/python bench/bench_import.py`` (default: a throwaway SQLite
file). Prints the time of each phase; the target is under 60 s on 2 cores.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
if not os.environ.get("DATABASE_URL"):
    os.environ["SQLITE_PATH"] = str(Path(tempfile.mkdtemp()) / "bench.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# Production settings (DEBUG off) need a key; a benchmark signs nothing that matters.
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production-0123456789")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from config.celery import app  # noqa: E402


def main() -> None:
    """Fresh schema, states, then the corpus import and a synchronous recompute."""
    from events.services import treaty_recompute
    from ingest.untc_xml import untc_xml_import
    from states.services import states_load
    from treaties.models import Treaty

    # Commit callbacks only queue (to the in-memory broker, no worker): the recompute is
    # timed below, synchronously, once per treaty.
    app.conf.task_always_eager = False
    call_command("migrate", verbosity=0)
    states_load()
    corpus = sorted((ROOT.parent / "shared/data/untc-mtdsg-xml-2018").glob("*.xml"))
    t0 = time.perf_counter()
    report = untc_xml_import(corpus)
    t1 = time.perf_counter()
    ids = list(Treaty.objects.values_list("pk", flat=True))
    for pk in ids:
        treaty_recompute(treaty_id=pk)
    t2 = time.perf_counter()
    again = untc_xml_import(corpus)
    t3 = time.perf_counter()
    print(report.summary())
    print(f"import of {len(corpus)} files: {t1 - t0:.1f} s")
    print(f"recompute of {len(ids)} treaties: {t2 - t1:.1f} s")
    print(f"total import + compute: {t2 - t0:.1f} s")
    print(f"re-import (no change: {not again.changed}): {t3 - t2:.1f} s")


if __name__ == "__main__":
    main()
