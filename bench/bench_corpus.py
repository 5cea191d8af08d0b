"""Benchmark and report: the 2018 MTDSG corpus imported into a fresh database, told truthfully.

Run: ``.venv/bin/python bench/bench_corpus.py`` (a throwaway SQLite file), or with
``DATABASE_URL=postgres://postgres@127.0.0.1:5432/tt_corpus`` naming an empty database
(``createdb``).
Prints ``manage.py corpus_report``'s figures and the time of import plus computation (target:
under 60 s on 2 cores). Figures are recorded in ``docs/corpus.md``.
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
    os.environ["SQLITE_PATH"] = str(Path(tempfile.mkdtemp()) / "corpus.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# Production settings (DEBUG off) need a key; a benchmark signs nothing that matters.
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production-0123456789")

import django  # noqa: E402

django.setup()

import logging  # noqa: E402

from django.core.management import call_command  # noqa: E402
from django.core.management.base import CommandError  # noqa: E402

from config.celery import app  # noqa: E402


def main() -> None:
    """Fresh schema (the states come with the migrations), then the report's import."""
    logging.disable(logging.INFO)  # one line per eager task otherwise
    # The embedded mode: no broker, every recomputation in-process at commit.
    app.conf.task_always_eager = True
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    migrated = time.perf_counter()
    try:
        call_command("corpus_report")
    except CommandError as exc:
        print(f"FAILED: {exc}")
    print(f"migrate (with the states reference data): {migrated - started:.1f} s")
    print(f"wall time of the report, import and computation included: "
          f"{time.perf_counter() - migrated:.1f} s")  # fmt: skip


if __name__ == "__main__":
    main()
