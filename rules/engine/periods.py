"""From overlapping status windows to the non-overlapping rows the database stores.

A state's history yields windows that overlap (a signature stays on record after ratification;
a pending withdrawal is still membership). ``periods_for`` cuts them at every boundary and keeps
the strongest status on each piece, so "status of X on date D" is one row.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Final, TypeAlias

from rules.engine.records import Interval, StatusPeriod
from rules.statuses import (
    CONSENTED,
    CONSENTED_UNKNOWN,
    PARTY,
    SIGNATORY,
    WITHDRAWAL_PENDING,
    WITHDRAWN,
)

__all__ = ["Window", "merge", "periods_for"]

# When two status windows cover the same day the stronger one wins: a pending withdrawal is
# still membership, membership beats a deposit waiting for effect, and having withdrawn
# outweighs an old signature.
_PRIORITY: Final = {
    WITHDRAWAL_PENDING: 5,
    PARTY: 4,
    CONSENTED: 3,
    CONSENTED_UNKNOWN: 3,
    WITHDRAWN: 2,
    SIGNATORY: 1,
}


#: ``(start, end, status)``: the status holds from ``start`` up to (not including) ``end``;
#: windows may overlap. A plain tuple: a state's history makes several, a treaty thousands.
Window: TypeAlias = tuple[date, date | None, str]


def periods_for(state: str, windows: Sequence[Window]) -> list[StatusPeriod]:
    """Non-overlapping status rows for ``state``, adjacent rows with one status merged."""
    points = sorted(
        {start for start, _, _ in windows} | {end for _, end, _ in windows if end is not None}
    )
    rows: list[StatusPeriod] = []
    for index, start in enumerate(points):
        until = points[index + 1] if index + 1 < len(points) else None
        best: str | None = None
        for w_start, w_end, status in windows:
            if (
                w_start <= start
                and (w_end is None or start < w_end)
                and (best is None or _PRIORITY[status] > _PRIORITY[best])
            ):
                best = status
        if best is None:
            continue
        if rows and rows[-1].status == best and rows[-1].valid_until == start:
            rows[-1] = StatusPeriod(state, best, rows[-1].valid_from, until)
        else:
            rows.append(StatusPeriod(state, best, start, until))
    return rows


def merge(intervals: Sequence[Interval]) -> list[Interval]:
    """Join overlapping or touching intervals (a re-joining state can have several)."""
    merged: list[Interval] = []
    for iv in sorted(intervals, key=lambda i: i.start):
        last = merged[-1] if merged else None
        if last is not None and (last.end is None or iv.start <= last.end):
            end = None if last.end is None or iv.end is None else max(last.end, iv.end)
            merged[-1] = Interval(last.start, end)
        else:
            merged.append(iv)
    return merged
