"""Benchmark of the pure rule engine (no database): time per treaty and growth with size.

Run:  .venv/bin/python bench/bench_engine.py

It builds synthetic treaties with CCM rules — N states, each with a signature, a
ratification, and for one in ten a withdrawal — and times ``compute`` + ``validate`` over
several repetitions, reporting the median and the cost per event, so linear growth shows as a
flat per-event column. The corpus-wide figure (407 treaties of the 2018 UN XML, import +
recompute) is measured by bench/bench_import.py.
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rules import CATALOGUE, EventIn, Rules, compute, validate


def synthetic(n_states: int) -> list[EventIn]:
    events: list[EventIn] = []
    start = dt.date(2008, 12, 3)
    for i in range(n_states):
        code = f"S{i:05d}"
        signed = start + dt.timedelta(days=i % 300)
        ratified = signed + dt.timedelta(days=200 + (i * 7) % 2000)
        events.append(EventIn(id=3 * i, state=code, kind="signature", date=signed))
        events.append(EventIn(id=3 * i + 1, state=code, kind="ratification", date=ratified))
        if i % 10 == 0:
            events.append(
                EventIn(
                    id=3 * i + 2,
                    state=code,
                    kind="withdrawal",
                    date=ratified + dt.timedelta(days=3000),
                )
            )
    return events


def main() -> None:
    rules = Rules.from_dict(CATALOGUE["ccm"]["rules"])
    print(f"{'states':>7} {'events':>7} {'median ms':>10} {'us/event':>9}")
    for n in (50, 200, 1000, 5000):
        events = synthetic(n)
        runs = []
        for _ in range(7):
            t0 = time.perf_counter()
            compute(rules, events)
            validate(rules, events, today=dt.date(2026, 11, 28), adopted_on=dt.date(2008, 5, 30))
            runs.append(time.perf_counter() - t0)
        med = statistics.median(runs)
        print(f"{n:>7} {len(events):>7} {med * 1000:>10.2f} {med / len(events) * 1e6:>9.1f}")


if __name__ == "__main__":
    main()
