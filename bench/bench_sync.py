"""Benchmark of ``sync_untc`` against a local mirror of the UN's 407 files of 2018.

Run (PostgreSQL on 127.0.0.1, the files in ../shared/data/untc-mtdsg-xml-2018/)::

    .venv/bin/python bench/bench_sync.py
    .venv/bin/python bench/bench_sync.py --database-url postgres://postgres@127.0.0.1:5432/x

It recreates the database ``tt_bench_sync``, lays the files out as the depositary publishes
them (``manage.py untc_mirror``), serves them with Python's own static server
(``python -m http.server``: Last-Modified and If-Modified-Since, as a plain web server) and
times, with no rate limit (``UNTC_SYNC_RATE=0``) and recomputations in-process:

* a cold sync: every treaty discovered from the index, fetched, applied and computed;
* an unchanged sync: every file asked again, conditionally (target < 10 s: every answer a 304,
  nothing written);
* one changed file (a new ratification in the CCM's): only its treaty recomputed (counted
  from ``Treaty.derived_at``).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "data" / "untc-mtdsg-xml-2018"


def _setup(database_url: str) -> None:
    from bench_api import recreate_database

    recreate_database(database_url)
    os.environ.update(
        DATABASE_URL=database_url,
        SECRET_KEY="bench-only-secret-key-not-for-production-0123456789",
        DEBUG="false",
        LOG_LEVEL="WARNING",
        UNTC_SYNC_RATE="0",
    )
    os.environ.pop("CELERY_BROKER_URL", None)  # recomputations in-process, inside the timing
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/tt_bench_sync"
    )
    args = parser.parse_args()
    _setup(args.database_url)

    from django.core.management import call_command

    from ingest.sync import sync_untc
    from ingest.sync.run import client_from_settings
    from treaties.models import Treaty

    folder = Path(tempfile.mkdtemp(prefix="bench-sync-"))
    mirror = folder / "mirror"
    call_command("untc_mirror", str(CORPUS), str(mirror), "--copy", verbosity=0)
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
         "--directory", str(mirror)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    time.sleep(1)
    base = f"http://127.0.0.1:{port}/"
    try:

        def run(label: str) -> None:
            client = client_from_settings()
            client.base_url = base
            t0 = time.perf_counter()
            sync = sync_untc(client=client)
            seconds = time.perf_counter() - t0
            codes: dict[int, int] = {}
            for _, code in client.log:
                codes[code] = codes.get(code, 0) + 1
            print(
                f"{label:<22} {seconds:8.2f} s  files changed {sync.files_changed:>3}, "
                f"unchanged {sync.files_unchanged:>3}, failed {sync.files_failed}; "
                f"requests {client.requests} (by status {dict(sorted(codes.items()))}); "
                f"{sync.changes_applied} changes applied, outcome {sync.outcome}"
            )

        run("cold (empty database)")
        print(f"  treaties: {Treaty.objects.count()}")
        run("unchanged")
        derived = dict(Treaty.objects.values_list("pk", "derived_at"))
        ccm = mirror / "Chapter XXVI" / "XXVI-6.en.xml"
        text = ccm.read_bytes().decode("latin-1")
        angola = re.search(r"<Row>\s*<Entry>Angola</Entry>.*?</Row>", text, re.DOTALL)
        assert angola is not None
        row = angola.group(0)
        changed = row[: row.rindex("<Entry />")] + "<Entry>5 Mar 2019</Entry></Row>"
        ccm.write_bytes(text.replace(row, changed).encode("latin-1"))
        run("one file changed")
        recomputed = [
            pk for pk, at in Treaty.objects.values_list("pk", "derived_at") if at != derived[pk]
        ]
        print(f"  treaties recomputed: {len(recomputed)}")
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(folder)
    print(f"load average: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
