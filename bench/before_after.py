"""The speed benchmarks of this checkout and of an earlier commit, one after the other.

    .venv/bin/python bench/before_after.py COMMIT [SCRIPT ...]

Checks COMMIT out into a temporary git worktree, then runs each SCRIPT (default: the engine
and the treaty page, ``bench_engine.py`` and ``bench_pages.py``, both in-process on SQLite)
there and here, alternating, with this checkout's virtualenv, and prints both outputs under
a heading that names the commit. A refactoring that should cost nothing shows the same
figures twice; run it on a quiet machine (``uptime`` is printed before each run).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
DEFAULT = ["bench_engine.py", "bench_pages.py"]


def _run(where: Path, label: str, script: str) -> None:
    load = subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout.strip()
    print(f"\n=== {script} at {label} ({load})", flush=True)
    subprocess.run([sys.executable, str(where / "bench" / script)], cwd=where, check=True)


def main(commit: str, scripts: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        old = Path(tmp) / "before"
        subprocess.run(["git", "worktree", "add", "--detach", str(old), commit], cwd=HERE,
                       check=True, capture_output=True)  # fmt: skip
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=HERE,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        try:
            for script in scripts:
                _run(old, f"{commit} (before)", script)
                _run(HERE, f"{head} (after)", script)
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(old)], cwd=HERE,
                           check=False)  # fmt: skip


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2:] or DEFAULT)
