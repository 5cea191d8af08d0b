"""Run every benchmark in ``bench/`` in turn (``make bench``); each prints its own figures.

The figures and the machine they were taken on go into ``docs/performance.md``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPTS = [
    "bench_engine.py",
    "bench_import.py",
    "bench_pages.py",
    "bench_api.py",
    "bench_scale.py",  # ten times the UN corpus: ~15 minutes on 2 cores
]

if __name__ == "__main__":
    failed = []
    for script in SCRIPTS:
        print(f"\n=== {script} ===", flush=True)
        if subprocess.run([sys.executable, str(HERE / script)], cwd=HERE.parent).returncode:
            failed.append(script)
    if failed:
        raise SystemExit(f"failed: {', '.join(failed)}")
