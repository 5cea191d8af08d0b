"""The chart of states bound over time on a treaty page, as SVG coordinates (no JavaScript
needed; each step carries its value for hover)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

CHART_W, CHART_H, CHART_PAD = 900, 280, 40


def timeline_chart(series: list[tuple[date, int]], on: date, today: date) -> dict[str, Any]:
    """A step chart of the number of parties over time, marking the date shown."""
    if not series:
        return {}
    start = series[0][0]
    end = max(today, on, series[-1][0]) + timedelta(days=30)
    span = max((end - start).days, 1)
    peak = max(n for _, n in series) or 1
    inner_w = CHART_W - 2 * CHART_PAD
    inner_h = CHART_H - 2 * CHART_PAD

    def x(day: date) -> float:
        return CHART_PAD + inner_w * (day - start).days / span

    def y(n: int) -> float:
        return CHART_H - CHART_PAD - inner_h * n / peak

    points = [f"M{x(start):.1f},{y(0):.1f}"]
    for day, n in series:
        points.append(f"H{x(day):.1f}V{y(n):.1f}")
    points.append(f"H{x(end):.1f}")
    years = range(start.year + 1, end.year + 1, max(1, (end.year - start.year) // 6 or 1))
    on_count = 0
    for day, n in series:
        if day <= on:
            on_count = n
    # One hover target per step, from its date to the next one's.
    bounds = [day for day, _ in series[1:]] + [end]
    steps = [
        {"day": day, "count": n, "x": x(day), "width": max(x(nxt) - x(day), 0.5)}
        for (day, n), nxt in zip(series, bounds, strict=True)
    ]
    return {
        "width": CHART_W,
        # The x scale's ends, for the marker the page's slider moves (static/js/slider.js).
        "start": start,
        "end": end,
        "height": CHART_H,
        "path": "".join(points),
        "peak": peak,
        "peak_y": y(peak),
        "base_y": y(0),
        "left": CHART_PAD,
        "right": CHART_W - CHART_PAD,
        "ticks": [{"x": x(date(year, 1, 1)), "label": year} for year in years],
        "on_x": x(on) if start <= on <= end else None,
        "on_count": on_count,
        "series": series,
        "steps": steps,
        "inner_h": inner_h,
    }
