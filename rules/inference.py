"""Rules checked against the depositary's record, and rules inferred from it.

``check_against_record`` says whether rules reproduce the entry into force the depositary
recorded, from the deposits on record: rules read from a quoted article are accepted only if
they do (or if the check is not possible: a condition the events cannot show).

``infer_rules`` works the other way, for a treaty whose file states only the date and the
article ("29 December 1993, in accordance with article 36(1)"): it looks for the rule that
reproduces that date — the Nth instrument plus a delay — among a documented set of delays
treaties use (``PLAUSIBLE_PERIODS``). Every day whose delay lands on the recorded date and on
which an instrument was deposited is a fit. Fits with the same delay give every state the same
date, whatever N (a deposit between two candidate threshold days lands on the recorded date
either way), so they are one rule, with the roundest N. Fits with different delays give later
states different dates: that is a real ambiguity. Then each delay is one reading, kept as the
rules' ``alternatives``, and the engine gives a state a date only where every reading gives
the same (``rules.alternatives``): the states that deposited before the threshold get the
recorded date; a later joiner whose date depends on the delay stays unknown, and the report
lists the fits. Later states get the same delay as the treaty (the common clause); whether a
deposit between the threshold and the entry into force follows that clause or takes the
treaty's date is not recorded either, so both are readings (such a deposit stays unknown). The
result is marked inferred until an editor confirms it (or picks one reading).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any, Final

from .engine import compute
from .records import EventIn, ParentDates
from .steps import PeriodStep, apply_period
from .vocabulary import CONSENT_KINDS, MAX_ALTERNATIVES, Rules

__all__ = [
    "PLAUSIBLE_PERIODS",
    "Fit",
    "Inference",
    "RecordCheck",
    "check_against_record",
    "infer_rules",
]


def _add(unit: str, n: int) -> dict[str, Any]:
    return {"add": {unit: n}}


def _first(months_after: int) -> dict[str, Any]:
    return {"first_day_of_month": {"months_after": months_after}}


#: The delays after the Nth instrument that treaties deposited with the Secretary-General use
#: (read in the quoted articles of the 2018 corpus and the shared specification): "on the
#: date of deposit", 30/60/90/180 days, 3/6/12 months, the first day of the month following,
#: the first day of the sixth month, the first day of the month following six or twelve
#: months, and the Rome Statute's sixty days then the first day of the month.
PLAUSIBLE_PERIODS: Final[tuple[tuple[dict[str, Any], ...], ...]] = (
    (),
    (_add("days", 30),),
    (_add("days", 60),),
    (_add("days", 90),),
    (_add("days", 180),),
    (_add("months", 3),),
    (_add("months", 6),),
    (_add("months", 12),),
    (_first(1),),
    (_first(6),),
    (_add("months", 6), _first(1)),
    (_add("months", 12), _first(1)),
    (_add("days", 60), _first(1)),
)

#: Every instrument of consent counts towards the inferred threshold.
_COUNTED: Final = ("ratification", "acceptance", "approval", "accession", "succession",
                   "definitive_signature")  # fmt: skip
assert set(_COUNTED) == CONSENT_KINDS

#: How far back from the recorded date the threshold is looked for.
_SPAN: Final = timedelta(days=2 * 366)
#: Who the inferred clause for later states covers: the deposits after the threshold, or only
#: those after the entry into force (the others take its date). Both are kept as readings.
_APPLIES_AFTER: Final = ("threshold", "entry_into_force")
assert len(PLAUSIBLE_PERIODS) * len(_APPLIES_AFTER) <= MAX_ALTERNATIVES + 1
#: Rounder counts first when several N fit one threshold day.
_ROUND: Final = (10, 5, 2)


@dataclass(frozen=True)
class RecordCheck:
    """``outcome``: "reproduces", "differs" or "not_possible"; ``computed``: the engine's date."""

    outcome: str
    computed: date | None
    reason: str = ""


def check_against_record(
    rules: Rules,
    events: Sequence[EventIn],
    *,
    recorded: date | None,
    complete: bool,
    organisations: Collection[str] = (),
    parent: ParentDates | None = None,
) -> RecordCheck:
    """Whether ``rules`` reproduce the recorded entry into force from ``events``.

    ``complete``: the events are the depositary's whole table (so a threshold they do not
    reach is evidence against the rules, not a gap in the data). ``recorded=None``: the
    depositary records no entry into force; rules that bring the treaty into force are wrong.
    """
    plain = replace(rules, entry_into_force=replace(rules.entry_into_force, recorded_date=None))
    computed = compute(plain, events, organisations=organisations, parent=parent).entry_into_force
    if recorded is None:
        if computed is None:
            return RecordCheck("reproduces", None, "not in force, as the depositary records")
        return RecordCheck("differs", computed, "in force by these rules, not by the record")
    if computed == recorded:
        return RecordCheck("reproduces", computed)
    if computed is not None:
        return RecordCheck("differs", computed, f"the rules give {computed.isoformat()}")
    if rules.entry_into_force.threshold.count is None:
        return RecordCheck("not_possible", None, "a condition the events cannot show")
    if complete:
        return RecordCheck("differs", None, "the deposits on record do not reach the threshold")
    return RecordCheck("not_possible", None, "the deposits are not on record")


@dataclass(frozen=True)
class Fit:
    """One rule that reproduces the recorded date: the Nth instrument deposited on
    ``threshold_date``, then ``period``. ``counts``: every N that day allows."""

    period: tuple[dict[str, Any], ...]
    threshold_date: date
    counts: tuple[int, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "period": list(self.period),
            "threshold_date": self.threshold_date.isoformat(),
            "counts": list(self.counts),
        }


@dataclass
class Inference:
    """``outcome``: "inferred" (``rules`` set), "ambiguous" (fits with different delays:
    ``rules`` set, with the other delays as alternatives), "none" (no plausible rule fits) or
    "not_possible" (no date or no deposits)."""

    outcome: str
    rules: dict[str, Any] | None = None
    fits: list[Fit] = field(default_factory=list)
    reason: str = ""


def _counts_by_day(
    events: Sequence[EventIn], kinds: Collection[str], skipped: Collection[str]
) -> list[tuple[date, int, int]]:
    """(day, count before the day, count at its end): distinct states with an instrument."""
    seen: set[str] = set()
    by_day: list[tuple[date, int, int]] = []
    for ev in sorted(events, key=lambda e: e.date):
        if ev.kind not in kinds or ev.state in skipped or ev.state in seen:
            continue
        before = len(seen)
        seen.add(ev.state)
        if by_day and by_day[-1][0] == ev.date:
            by_day[-1] = (ev.date, by_day[-1][1], len(seen))
        else:
            by_day.append((ev.date, before, len(seen)))
    return by_day


def _roundest(counts: Sequence[int]) -> int:
    for step in _ROUND:
        round_ones = [n for n in counts if n % step == 0]
        if round_ones:
            return round_ones[0]
    return counts[0]


def infer_rules(
    events: Sequence[EventIn],
    recorded: date | None,
    *,
    article: str | None = None,
    organisations: Collection[str] = (),
    organisations_not_additional: bool = False,
) -> Inference:
    """The rule that reproduces ``recorded`` from the deposits (see the module docstring)."""
    if recorded is None:
        return Inference("not_possible", reason="the depositary records no entry into force")
    kinds = _COUNTED
    skipped = organisations if organisations_not_additional else ()
    days = [d for d in _counts_by_day(events, kinds, skipped) if d[0] <= recorded]
    if not days:
        return Inference("not_possible", reason="no instrument deposited by the recorded date")
    fits: list[Fit] = []
    for period in PLAUSIBLE_PERIODS:
        steps = Rules.from_dict(_document(period, 1, kinds, False, None)).entry_into_force.period
        for day, before, after in days:
            if day < recorded - _SPAN:
                continue
            if _apply(steps, day) == recorded:
                fits.append(Fit(period, day, tuple(range(before + 1, after + 1))))
    if not fits:
        return Inference("none", reason="no plausible delay after any deposit gives the date")
    # One document per delay: fits with the same delay give every state the same date, so the
    # first day is the threshold. Several delays are alternatives (``Rules.alternatives``).
    # Whether the clause for later states covers a deposit made between the threshold and
    # the entry into force (its own delay) or not (the treaty's date) is not in the recorded
    # date either: both are readings, so such a deposit is unknown and every other agrees.
    documents = []
    delays = sorted({PLAUSIBLE_PERIODS.index(fit.period) for fit in fits})
    for index in delays:
        period = PLAUSIBLE_PERIODS[index]
        first = min((f for f in fits if f.period == period), key=lambda f: f.threshold_date)
        count = _roundest(first.counts)
        for applies_after in _APPLIES_AFTER:
            documents.append(
                _document(
                    first.period, count, kinds, organisations_not_additional, article, applies_after
                )
            )
    rules = {**documents[0], "alternatives": documents[1:]}
    if len(delays) == 1:
        return Inference("inferred", rules=rules, fits=fits)
    return Inference(
        "ambiguous",
        rules=rules,
        fits=fits,
        reason=(
            f"{len(delays)} different delays fit; a state's date is given only where they"
            " agree (the others are unknown)"
        ),
    )


def _apply(steps: tuple[PeriodStep, ...], day: date) -> date:
    return apply_period(steps, day)


def _document(
    period: tuple[dict[str, Any], ...],
    count: int,
    kinds: Sequence[str],
    organisations_not_additional: bool,
    article: str | None,
    applies_after: str = "threshold",
) -> dict[str, Any]:
    return {
        "entry_into_force": {
            "article": article,
            "threshold": {
                "count": count,
                "kinds": list(kinds),
                "organisations_not_additional": organisations_not_additional,
            },
            "period": [dict(step) for step in period],
            "not_before": None,
            "recorded_date": None,
        },
        "later_states": {
            "article": article,
            "period": [dict(step) for step in period],
            "applies_after": applies_after,
            "not_before_treaty_entry_into_force": True,
        },
        "withdrawal": {"allowed": None},
    }
