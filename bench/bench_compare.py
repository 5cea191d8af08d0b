"""Benchmark: another commit against the working tree, in one run, on random and fixed dates.

Run (after ``bench_api.py`` has loaded its database, or ``bench_scale.py`` its own)::

    .venv/bin/python bench/bench_compare.py --base 48ca3ba
    .venv/bin/python bench/bench_compare.py --base 95ef1f3 --treaty scale-big \\
        --database-url postgres://postgres@127.0.0.1:5432/tt_bench_scale

It extracts ``--base`` with ``git archive`` into a temporary folder, starts gunicorn (2 sync
workers each) on it and on the working tree against the same database, sends ``--warm-up``
seconds of random dates to each, then runs ``wrk`` on both in interleaved rounds: the trivial
view (the treaty's participants' payload), the participants on a fixed date (stored) and with
``If-None-Match`` (304), the participants and the treaty page on a random date per request.
On a machine shared with other work this is the fair comparison: both sides meet the same load.
"""

from __future__ import annotations

import argparse
import signal
import statistics
import subprocess
import tarfile
import tempfile
import urllib.request
from io import BytesIO
from pathlib import Path
from typing import Any

from bench_api import AS_OF, PY, ROOT, _collectstatic, _env, _load, _lua, _wait, _wrk


def _server(root: Path, port: int, env: dict[str, str]) -> subprocess.Popen:
    command = [str(Path(PY).parent / "gunicorn"), "trivial_view:application"]
    command += ["--pythonpath", str(root / "bench"), "--chdir", str(root)]
    command += ["--bind", f"127.0.0.1:{port}", "--workers", "2", "--worker-class", "sync"]
    return subprocess.Popen([*command, "--log-level", "warning"], env=env, cwd=root)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base", required=True, help="the commit to compare with")
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/tt_bench_api")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--warm-up", type=int, default=60)
    parser.add_argument("--port", type=int, default=8931)
    parser.add_argument("--treaty", default="apmbc", help="slug of the treaty")
    args = parser.parse_args()

    base_root = Path(tempfile.mkdtemp()) / "base"
    archive = subprocess.run(
        ["git", "archive", args.base], cwd=ROOT, capture_output=True, check=True
    ).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(base_root, filter="data")
    env = _env(args.database_url)
    for root in (base_root, ROOT):  # production settings serve collected, hashed files
        _collectstatic(env, root)
    participants = f"/api/v1/treaties/{args.treaty}/participants/?as_of="
    page = f"/treaties/{args.treaty}/?on="
    fixed = participants + AS_OF
    sides = {"base": (base_root, args.port), "this tree": (ROOT, args.port + 1)}
    servers = []
    try:
        # The trivial view returns the participants' payload: fetch it from this tree first.
        payload = Path(tempfile.mkdtemp()) / "payload.json"
        payload.write_text("{}")
        env["BENCH_PAYLOAD"] = str(payload)
        first = _server(ROOT, args.port + 1, env)
        _wait(f"http://127.0.0.1:{args.port + 1}{fixed}")
        ours = f"http://127.0.0.1:{args.port + 1}{fixed}"
        payload.write_bytes(urllib.request.urlopen(ours).read())
        first.send_signal(signal.SIGTERM)
        first.wait(timeout=30)
        servers = [_server(root, port, env) for root, port in sides.values()]
        scenarios: dict[str, dict[str, Any]] = {}
        for label, (_, port) in sides.items():
            base = f"http://127.0.0.1:{port}"
            _wait(base + "/bench/trivial/")
            etag = urllib.request.urlopen(base + fixed).headers["ETag"]
            scenarios |= {
                f"{label}: trivial JSON view": {"url": base + "/bench/trivial/"},
                f"{label}: participants, fixed (stored)": {"url": base + fixed},
                f"{label}: participants, 304": {
                    "url": base + fixed,
                    "headers": [f"If-None-Match: {etag}"],
                },
                f"{label}: participants, random as_of": {
                    "url": base,
                    "script": _lua([participants]),
                },
                f"{label}: treaty page, random on": {
                    "url": base,
                    "script": _lua([page]),
                },
            }
            if args.warm_up:
                both = _lua([participants, page], seed=5)
                _wrk(base, duration=args.warm_up, connections=8, script=both)
        # Each scenario on one side, then at once on the other: load that drifts during the
        # run meets both sides alike.
        kinds = list(dict.fromkeys(name.split(": ", 1)[1] for name in scenarios))
        scenarios = {
            f"{side}: {kind}": scenarios[f"{side}: {kind}"] for kind in kinds for side in sides
        }
        before = _load()
        samples: dict[str, list[dict[str, float]]] = {name: [] for name in scenarios}
        for _ in range(args.rounds):
            for name, scenario in scenarios.items():
                samples[name].append(_wrk(duration=10, connections=8, **scenario))
        after = _load()
    finally:
        for server in servers:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
    print(f"base {args.base} against this tree; {before} before, {after} after the rounds")
    print(f"wrk -t2 -c8 -d10s x {args.rounds} interleaved rounds (medians)")
    medians = {
        name: {key: statistics.median(r[key] for r in rounds) for key in rounds[0]}
        for name, rounds in samples.items()
    }
    for name, median in medians.items():
        trivial = medians[name.split(": ", 1)[0] + ": trivial JSON view"]["rps"]
        print(
            f"{name:42} {median['rps']:8.1f} req/s  p50 {median['p50_ms']:7.2f} ms"
            f"  p99 {median['p99_ms']:7.2f} ms  {median['rps'] / trivial:5.2f} x its side's"
            f" trivial view  non-2xx/3xx {int(median['errors'])}"
        )


if __name__ == "__main__":
    main()
