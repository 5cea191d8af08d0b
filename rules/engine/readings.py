"""One result from several readings of a treaty's rules: a date only where every reading agrees.

Rules inferred from a recorded entry into force are sometimes not unique: "30 days after the
deposit of the 20th instrument" and "on the deposit of the 21st" may both reproduce the date the
depositary recorded, and then they give the states that joined later different dates. Choosing
one would show a guess as a fact. Instead the engine computes under every reading
(``Rules.every_reading``) and ``merge`` keeps

* an event's date of effect where every reading gives the same date (its steps are the first
  reading's, followed by a step saying the others agree); elsewhere the date is unknown and
  the steps list each reading's date;
* a state's status on the days every reading gives it the same status; on the other days it
  is ``consented_unknown`` (consented, date of effect not computed);
* membership on the days every reading counts the state as a party.

So a state that deposited its instrument long before the threshold gets the treaty's date, and
a later joiner whose date depends on the delay gets "unknown".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import date
from typing import TypeVar

from rules.basis import UNKNOWN
from rules.dates import format_date
from rules.document.vocabulary import Rules
from rules.document.words import period_in_words
from rules.engine.records import Computation, Effect, Interval, StatusPeriod, Step
from rules.statuses import CONSENTED_UNKNOWN

__all__ = ["merge", "reading_in_words"]

T = TypeVar("T")


def reading_in_words(rules: Rules) -> str:
    """A reading named by its clause for later states: "90 days after deposit"."""
    later = rules.later_states
    words = period_in_words(later.period, "deposit")
    if later.applies_after == "entry_into_force":
        words += ", or the entry into force if deposited before it"
    return words


def merge(readings: Sequence[Rules], results: Sequence[Computation]) -> Computation:
    """The computation every reading agrees on (see the module docstring)."""
    first = results[0]
    if len(results) == 1:
        return first
    names = [reading_in_words(r) for r in readings]
    agree_note = Step(
        "the same date under each rule that fits the depositary's record ("
        + "; ".join(dict.fromkeys(names))
        + ")"
    )
    effects = {
        event_id: _effect([r.effects.get(event_id) for r in results], names, agree_note)
        for event_id in first.effects
    }
    same_entry = _same(r.entry_into_force for r in results)
    same_basis = _same(r.entry_into_force_basis for r in results)
    entry_steps = first.entry_into_force_steps
    if first.entry_into_force is not None and same_entry:
        entry_steps = (*entry_steps, agree_note)
    return Computation(
        entry_into_force=first.entry_into_force if same_entry else None,
        entry_into_force_steps=entry_steps if same_entry else (_differ(results, names),),
        threshold_date=_common(r.threshold_date for r in results),
        effects=effects,
        intervals=_intervals(results),
        periods=_periods(results),
        nth_instrument=first.nth_instrument if _same(r.nth_instrument for r in results) else {},
        threshold_batch=_common(r.threshold_batch for r in results) or (),
        entry_into_force_disagrees=any(r.entry_into_force_disagrees for r in results),
        entry_into_force_basis=(
            first.entry_into_force_basis if same_entry and same_basis else UNKNOWN
        ),
        threshold_window=_common(r.threshold_window for r in results),
    )


def _same(values: Iterable[object]) -> bool:
    seen = list(values)
    return all(v == seen[0] for v in seen)


def _common(values: Iterable[T]) -> T | None:
    seen = list(values)
    return seen[0] if all(v == seen[0] for v in seen) else None


def _differ(results: Sequence[Computation], names: Sequence[str]) -> Step:
    dates = [_when(r.entry_into_force) for r in results]
    listed = "; ".join(f"{d} ({n})" for d, n in zip(dates, names, strict=True))
    return Step(f"the rules that fit the depositary's record give different dates: {listed}")


def _when(day: date | None) -> str:
    return format_date(day) if day is not None else "no date"


def _effect(effects: Sequence[Effect | None], names: Sequence[str], agree_note: Step) -> Effect:
    first = effects[0]
    assert first is not None  # the first reading's own event
    others = effects[1:]
    if all(
        o is not None
        and (o.effective_date, o.basis, o.superseded_by, o.issue, o.condition)
        == (first.effective_date, first.basis, first.superseded_by, first.issue, first.condition)
        for o in others
    ):
        if first.effective_date is None:
            return first
        return replace(first, steps=(*first.steps, agree_note))
    listed = "; ".join(
        f"{_when(e.effective_date if e else None)} ({name})"
        for e, name in zip(effects, names, strict=True)
    )
    return replace(
        first,
        effective_date=None,
        basis=UNKNOWN,
        condition=None,
        disagrees=False,
        would_have_taken_effect=None,
        steps=(
            Step(
                "the rules that fit the depositary's recorded entry into force give different"
                f" dates: {listed}"
            ),
        ),
    )


def _segments(
    boundaries: set[date], lookups: Sequence[Callable[[date], T]]
) -> list[tuple[date, date | None, list[T]]]:
    """[start, end) segments between ``boundaries``, with each reading's value on the start."""
    days = sorted(boundaries)
    out = []
    for i, start in enumerate(days):
        end = days[i + 1] if i + 1 < len(days) else None
        out.append((start, end, [lookup(start) for lookup in lookups]))
    return out


def _boundaries(spans: Iterable[tuple[date, date | None]]) -> set[date]:
    """Every day a span of any reading starts or ends on."""
    return {day for span in spans for day in span if day is not None}


def _by_state(results: Sequence[Computation]) -> dict[str, list[list[StatusPeriod]]]:
    per_state: dict[str, list[list[StatusPeriod]]] = defaultdict(lambda: [[] for _ in results])
    for i, result in enumerate(results):
        for period in result.periods:
            per_state[period.state][i].append(period)
    return per_state


def _status_lookup(rows: list[StatusPeriod]) -> Callable[[date], str | None]:
    def lookup(day: date) -> str | None:
        for row in rows:
            if row.valid_from <= day and (row.valid_until is None or day < row.valid_until):
                return row.status
        return None

    return lookup


def _periods(results: Sequence[Computation]) -> list[StatusPeriod]:
    merged: list[StatusPeriod] = []
    for state, rows_per_reading in sorted(_by_state(results).items()):
        boundaries = _boundaries(
            (row.valid_from, row.valid_until) for rows in rows_per_reading for row in rows
        )
        lookups = [_status_lookup(rows) for rows in rows_per_reading]
        current: StatusPeriod | None = None
        for start, end, statuses in _segments(boundaries, lookups):
            status = statuses[0] if _same(statuses) else CONSENTED_UNKNOWN
            if current is not None and current.status == status and current.valid_until == start:
                current = replace(current, valid_until=end)
                continue
            if current is not None:
                merged.append(current)
            current = StatusPeriod(state, status, start, end) if status is not None else None
        if current is not None:
            merged.append(current)
    return merged


def _intervals(results: Sequence[Computation]) -> dict[str, list[Interval]]:
    """Bound on the days every reading has the state bound."""
    merged: dict[str, list[Interval]] = {}
    states = set().union(*(r.intervals for r in results))
    for state in sorted(states):
        per_reading = [r.intervals.get(state, []) for r in results]
        if any(not intervals for intervals in per_reading):
            continue
        boundaries = _boundaries((i.start, i.end) for intervals in per_reading for i in intervals)
        lookups = [
            (lambda day, ivs=intervals: any(i.contains(day) for i in ivs))
            for intervals in per_reading
        ]
        kept: list[Interval] = []
        for start, end, bound in _segments(boundaries, lookups):
            if not all(bound):
                continue
            if kept and kept[-1].end == start:
                kept[-1] = Interval(kept[-1].start, end)
            else:
                kept.append(Interval(start, end))
        if kept:
            merged[state] = kept
    return merged
