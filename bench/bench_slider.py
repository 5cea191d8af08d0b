"""Benchmark: sliding through the CCM from 2008 to today in a real browser.

Run::

    .venv/bin/python bench/bench_slider.py            # throwaway SQLite, demo data
    .venv/bin/python bench/bench_slider.py --rounds 3 --widths 1280 360

It loads the demo dataset into a fresh SQLite file, serves it with ``manage.py runserver``
(DEBUG, so that it serves the static files; only the browser's side is measured here), opens
the CCM treaty page in Debian's chromium (Playwright) and moves the slider through every step
from its first (2008) to its last (today, or the record's date), by year (the default) and by
change of status, as a reader dragging it would: one ``input`` event per step.

For each step it reports the time from the event to the next frame after it (the script's
work, style, layout and paint of the map, counts, chart and table), and it counts the document
requests the page made after its first load (target: 0). Target: every step under 100 ms.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.request import urlopen

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"

#: One step per value of the range, each timed to the frame after it.
SLIDE = """async () => {
  const range = document.getElementById('slider-range');
  const times = [];
  const frame = () => new Promise(done => requestAnimationFrame(() => setTimeout(done, 0)));
  range.value = '0';
  range.dispatchEvent(new Event('input'));
  await frame();
  const first = document.getElementById('slider-date').textContent;
  for (let i = 1; i <= +range.max; i++) {
    const t0 = performance.now();
    range.value = String(i);
    range.dispatchEvent(new Event('input'));
    await frame();
    times.push(performance.now() - t0);
  }
  return {times, first, last: document.getElementById('slider-date').textContent};
}"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(database: Path, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "DEBUG": "true", "DATABASE_URL": f"sqlite:///{database}"}
    for command in (["migrate", "--noinput", "-v0"], ["load_demo"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, check=True, env=env,
                       stdout=subprocess.DEVNULL)  # fmt: skip
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
            return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise SystemExit("the server did not start")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3, help="slides per width and step")
    parser.add_argument("--widths", type=int, nargs="+", default=[1280, 360])
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    database = Path(tempfile.mkdtemp()) / "bench_slider.sqlite3"
    port = free_port()
    server = serve(database, port)
    base = f"http://127.0.0.1:{port}"
    print(f"bench_slider: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
          f"load average {os.getloadavg()[0]:.1f}, {os.cpu_count()} cores")  # fmt: skip
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"]
            )
            for width in args.widths:
                page = browser.new_page(viewport={"width": width, "height": 900})
                documents: list[str] = []

                def note(request: Any, documents: list[str] = documents) -> None:
                    if request.resource_type == "document":
                        documents.append(request.url)

                page.on("request", note)
                page.goto(f"{base}/treaties/ccm/")
                page.wait_for_selector("#slider:not([hidden])", timeout=60_000)
                after_load = len(documents)
                for unit in ("year", "change"):
                    page.select_option("#slider-step", unit)
                    times: list[float] = []
                    steps = 0
                    slow: list[str] = []
                    for round_ in range(args.rounds):
                        result = page.evaluate(SLIDE)
                        times += result["times"]
                        steps = len(result["times"]) + 1
                        slow += [
                            f"round {round_ + 1} step {i + 1}: {t:.0f} ms"
                            for i, t in enumerate(result["times"])
                            if t >= 100
                        ]
                    over = sum(t >= 100 for t in times)
                    median = statistics.median(times)
                    print(f"  {width:>4} px, by {unit:<6}: {steps} steps, {result['first']}"
                          f" to {result['last']}, per step median {median:.1f} ms,"
                          f" p95 {percentile(times, 0.95):.1f} ms, max {max(times):.1f} ms,"
                          f" {over} of {len(times)} at 100 ms or more")  # fmt: skip
                    if slow:
                        print("    at 100 ms or more: " + "; ".join(slow))
                print(f"  {width:>4} px: document requests after the first load:"
                      f" {len(documents) - after_load}")  # fmt: skip
                page.close()
            browser.close()
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
