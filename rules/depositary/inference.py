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
treaty's date is not recorded either, so both are readings (such a deposit stays unknown).

When no common delay lands on the date from a deposit in the table, the record is asked for
more, in this order: a rarer delay (``RARER_PERIODS``; it says nothing of the later states'
own, so each common delay is a reading of their clause); an instrument of a state that no
longer exists, which only an endnote records, or one the League of Nations received, which
only its list records (``NotedDeposit``; its date becomes the threshold's, recorded as a
fact); the parent treaty's recorded date, for a protocol that entered into force with it
(``_with_parent``). The result is marked inferred until an editor
confirms it (or picks one reading).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any, Final

from rules.dates import format_date, ordinal_number
from rules.depositary.notes import LEAGUE, NotedDeposit
from rules.document.steps import PeriodStep, apply_period
from rules.document.vocabulary import (
    CONSENT_KINDS,
    CONSENT_OF_UNKNOWN_KIND,
    MAX_ALTERNATIVES,
    Rules,
)
from rules.engine.compute import compute
from rules.engine.records import EventIn, ParentDates

__all__ = [
    "PLAUSIBLE_PERIODS",
    "RARER_PERIODS",
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

#: Rarer delays, tried only when none of ``PLAUSIBLE_PERIODS`` fits: nine months (the 1972
#: Customs Convention on Containers, art. 19) and two years (the 1961 Convention on the
#: Reduction of Statelessness, art. 18). A long delay lands on some deposit by chance more
#: often: tried beside the common ones, it made the Desertification Convention's "90 days"
#: ambiguous with a chance "9 months" and left its later joiners unknown.
RARER_PERIODS: Final[tuple[tuple[dict[str, Any], ...], ...]] = (
    (_add("months", 9),),
    (_add("months", 24),),
)

#: Every instrument of consent counts towards the inferred threshold (but a consent of unknown
#: kind, which no rule can name).
_COUNTED: Final = ("ratification", "acceptance", "approval", "accession", "succession",
                   "definitive_signature")  # fmt: skip
assert set(_COUNTED) == CONSENT_KINDS - {CONSENT_OF_UNKNOWN_KIND}

#: How far back from the recorded date the threshold is looked for.
_SPAN: Final = timedelta(days=2 * 366)
#: Who the inferred clause for later states covers: the deposits after the threshold, or only
#: those after the entry into force (the others take its date). Both are kept as readings.
_APPLIES_AFTER: Final = ("threshold", "entry_into_force")
assert len(PLAUSIBLE_PERIODS) * len(_APPLIES_AFTER) <= MAX_ALTERNATIVES + 1
assert len(RARER_PERIODS) * len(_APPLIES_AFTER) <= MAX_ALTERNATIVES + 1
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
    ``threshold_date``, then ``period``. ``counts``: every N that day allows (``with_parent``:
    every N up to that day's; the period ends by the recorded date, the parent's)."""

    period: tuple[dict[str, Any], ...]
    threshold_date: date
    counts: tuple[int, ...]
    #: The period ends by ``threshold_date`` plus the delay; the parent's date is the later.
    with_parent: bool = False
    #: The threshold instrument is a noted one (a predecessor state's, or one the League of
    #: Nations received), not in the table.
    noted: NotedDeposit | None = None

    def to_dict(self) -> dict[str, Any]:
        fit: dict[str, Any] = {
            "period": list(self.period),
            "threshold_date": self.threshold_date.isoformat(),
            "counts": list(self.counts),
        }
        if self.with_parent:
            fit["not_before_parent"] = True
        if self.noted is not None:
            fit["noted"] = {
                "who": self.noted.who,
                "kind": self.noted.kind,
                "date": self.noted.date.isoformat(),
                "note": self.noted.note,
                "where": self.noted.where,
            }
        return fit


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
    parent_recorded: date | None = None,
    noted: Sequence[NotedDeposit] = (),
    later_clause: list[dict[str, Any]] | None = None,
) -> Inference:
    """The rule that reproduces ``recorded`` from the deposits (see the module docstring).

    ``parent_recorded``: the recorded entry into force of the treaty this one is a protocol or
    an amendment to; when no delay lands on ``recorded`` and it is the parent's date, the
    readings are the protocol's own threshold "and not before the parent" (``_with_parent``).
    ``noted``: instruments the participants table does not list (a predecessor state's, from
    the depositary's notes; one the League of Nations received, from its list); when no delay
    after a deposit in the table lands on ``recorded``, one after such an instrument may (its
    date is then the threshold's, recorded as a fact: the instrument is no event).
    ``later_clause``: the delay of a clause for later states the depositary's own words give,
    covering the deposits after the entry into force
    (``rules.articles.later_clause_after_entry_into_force``); when nothing else answers, the
    recorded date is the treaty's (a fact) and that clause the later states' (``_with_clause``).
    """
    if recorded is None:
        return Inference("not_possible", reason="the depositary records no entry into force")
    kinds = _COUNTED
    skipped = organisations if organisations_not_additional else ()
    days = [d for d in _counts_by_day(events, kinds, skipped) if d[0] <= recorded]
    if not days and not any(n.date <= recorded for n in noted):
        return Inference("not_possible", reason="no instrument deposited by the recorded date")
    fits = _fits(PLAUSIBLE_PERIODS, days, recorded)
    rare = not fits
    if rare:
        fits = _fits(RARER_PERIODS, days, recorded)
    if not fits and noted:
        fits = _noted_fits(PLAUSIBLE_PERIODS, days, noted, recorded)
        rare = not fits
        if rare:
            fits = _noted_fits(RARER_PERIODS, days, noted, recorded)
    if not fits and days and parent_recorded == recorded:
        return _with_parent(days, recorded, kinds, organisations_not_additional, article)
    if not fits and later_clause is not None:
        return _with_clause(recorded, later_clause, article)
    if not fits:
        return Inference("none", reason="no plausible delay after any deposit gives the date")
    # One document per delay: fits with the same delay give every state the same date, so the
    # first day is the threshold. Several delays are alternatives (``Rules.alternatives``).
    # Whether the clause for later states covers a deposit made between the threshold and
    # the entry into force (its own delay) or not (the treaty's date) is not in the recorded
    # date either: both are readings, so such a deposit is unknown and every other agrees.
    # A rarer delay says nothing of the later states' (the Statelessness Convention's two years
    # are ninety days for a later state): each common delay is a reading of their clause too.
    delays: list[tuple[dict[str, Any], ...]] = []
    for fit in fits:
        if fit.period not in delays:
            delays.append(fit.period)
    documents = []
    for period in delays:
        first = min((f for f in fits if f.period == period), key=lambda f: f.threshold_date)
        count = _roundest(first.counts)
        for later in [period, *PLAUSIBLE_PERIODS] if rare else [period]:
            for applies_after in _APPLIES_AFTER:
                document = _document(
                    period, count, kinds, organisations_not_additional, article, applies_after
                )
                document["later_states"]["period"] = [dict(step) for step in later]
                if first.noted is not None:
                    document["entry_into_force"]["threshold"] = _noted_threshold(first)
                if document not in documents:
                    documents.append(document)
    if len(documents) > MAX_ALTERNATIVES + 1:
        return Inference(
            "none",
            fits=fits,
            reason=f"{len(delays)} rarer delays fit: too many readings to keep",
        )
    rules = {**documents[0], "alternatives": documents[1:]}
    if len(delays) == 1 and not rare:
        return Inference("inferred", rules=rules, fits=fits)
    reasons = []
    if len(delays) > 1:
        reasons.append(f"{len(delays)} different delays fit")
    if rare:
        reasons.append(
            "a rarer delay fits, which says nothing of the later states' own: each common delay"
            " is a reading of it"
        )
    return Inference(
        "ambiguous",
        rules=rules,
        fits=fits,
        reason="; ".join(reasons) + "; a state's date is given only where they agree (the others"
        " are unknown)",
    )


def _fits(
    periods: Sequence[tuple[dict[str, Any], ...]],
    days: Sequence[tuple[date, int, int]],
    recorded: date,
) -> list[Fit]:
    """Every (delay, deposit day) of ``periods`` that lands on ``recorded``, in their order."""
    fits = []
    for period in periods:
        steps = _steps(period)
        for day, before, after in days:
            if day >= recorded - _SPAN and apply_period(steps, day) == recorded:
                fits.append(Fit(period, day, tuple(range(before + 1, after + 1))))
    return fits


def _noted_fits(
    periods: Sequence[tuple[dict[str, Any], ...]],
    days: Sequence[tuple[date, int, int]],
    noted: Sequence[NotedDeposit],
    recorded: date,
) -> list[Fit]:
    """Every (delay, noted instrument) of ``periods`` that lands on ``recorded``; the count is
    the table's states plus the noted ones that had deposited by that day."""
    # One instrument per state, kind and day, whatever note repeats it (a hostile file's too).
    unique = {(n.who, n.kind, n.date): n for n in sorted(noted, key=lambda n: n.date)}
    fits = []
    for period in periods:
        steps = _steps(period)
        for deposit in unique.values():
            if deposit.kind not in _COUNTED or deposit.date < recorded - _SPAN:
                continue
            if apply_period(steps, deposit.date) != recorded:
                continue
            table = max((after for day, _, after in days if day <= deposit.date), default=0)
            others = {n.who for n in unique.values() if n.date <= deposit.date}
            fits.append(Fit(period, deposit.date, (table + len(others),), noted=deposit))
    return fits


def _noted_threshold(fit: Fit) -> dict[str, Any]:
    """The threshold of a rule inferred from a noted instrument: its date, as a fact."""
    assert fit.noted is not None
    deposit = fit.noted
    if deposit.where == LEAGUE:
        # The League's list mixes a state's instruments with its colonies' and some dates are
        # garbled in the scan: which count this instrument completed is not stated.
        condition = (
            f"the instrument that completed the number required: {deposit.who}'s"
            f" {deposit.kind} of {format_date(deposit.date)}, in the League of Nations' list of"
            " the ratifications and accessions it received (the participants table lists only"
            " the acts since the Secretary-General became depositary)"
        )
    else:
        condition = (
            f"the {ordinal_number(fit.counts[-1])} instrument: {deposit.who}'s"
            f" {deposit.kind} of {format_date(deposit.date)}, recorded in the depositary's note"
            f" {deposit.note} (that state no longer exists, so its instrument is not among"
            " the participants)"
        )
    return {"condition": condition, "recorded_date": deposit.date.isoformat()}


def _with_parent(
    days: Sequence[tuple[date, int, int]],
    recorded: date,
    kinds: Sequence[str],
    organisations_not_additional: bool,
    article: str | None,
) -> Inference:
    """A protocol that entered into force on its parent's recorded date, which no delay after
    its own deposits gives: "on the same day as the Convention or N instruments plus a delay,
    whichever is later" (the Optional Protocols to the Vienna Conventions, art. VI). The record
    shows neither N nor the delay, only that the protocol's own condition was met by then (some
    protocols even enter into force "on the same day as the Convention" whatever their deposits).
    So the protocol's own condition is taken at its earliest (the first instrument, on its
    deposit), not before the parent's entry into force, and every common delay is a reading of
    the clause for later states. States that deposited well before the date get it; the others,
    and every later joiner, stay unknown. ``fits`` lists, for the evidence, what each delay
    allows.
    """
    fits = []
    for period in PLAUSIBLE_PERIODS:
        steps = _steps(period)
        allowed = [day for day in days if apply_period(steps, day[0]) <= recorded]
        if allowed:
            last, _, count = allowed[-1]
            fits.append(Fit(period, last, tuple(range(1, count + 1)), with_parent=True))
    # The earliest threshold (the first instrument, on its deposit: no delay is invented) leaves
    # the most deposits between it and the date, so the fewest states get the date: only those
    # every reading gives it. The parent's date is the later in any case.
    documents = []
    for later in PLAUSIBLE_PERIODS:
        for applies_after in _APPLIES_AFTER:
            document = _document((), 1, kinds, organisations_not_additional, article, applies_after)
            document["entry_into_force"]["not_before_parent"] = True
            document["later_states"]["period"] = [dict(step) for step in later]
            documents.append(document)
    return Inference(
        "ambiguous",
        rules={**documents[0], "alternatives": documents[1:]},
        fits=fits,
        reason=(
            "in force on its parent treaty's recorded date, which no delay after its own"
            " deposits gives: not before the parent's entry into force; neither its own delay"
            " nor the later states' is in the record: a state's date is given only where every"
            " common delay agrees (the others are unknown)"
        ),
    )


def _with_clause(
    recorded: date, later_clause: list[dict[str, Any]], article: str | None
) -> Inference:
    """The recorded date as the treaty's own, and the clause for later states the depositary
    states in words ("After the entry into force of the Amendment ..., it shall enter into
    force for any other Party ... on the ninetieth day following the date of deposit"): a state
    that deposited by that date is bound from it, a later one by the clause. Nothing is
    counted; nothing is chosen among delays."""
    cited = f"article {article}" if article else "its article"
    document = _document((), 1, _COUNTED, False, article, "entry_into_force")
    document["entry_into_force"]["threshold"] = {
        "condition": (
            f"the conditions of {cited}, which the depositary records as met: in force on"
            f" {format_date(recorded)}"
        ),
        "recorded_date": recorded.isoformat(),
    }
    document["later_states"]["period"] = [dict(step) for step in later_clause]
    return Inference(
        "inferred",
        rules=document,
        reason=(
            "the treaty's date as the depositary records it; the clause for later states in"
            " the depositary's own words"
        ),
    )


def _steps(period: tuple[dict[str, Any], ...]) -> tuple[PeriodStep, ...]:
    """A delay as the engine's period steps, read as a rules document's own would be."""
    return Rules.from_dict(_document(period, 1, _COUNTED, False, None)).entry_into_force.period


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
            # Inferred, not read: the later states' clause is not the article the depositary
            # cites for the treaty's own entry into force (CBD: 36(3), not 36(1)).
            "article": None,
            "period": [dict(step) for step in period],
            "applies_after": applies_after,
            "not_before_treaty_entry_into_force": True,
        },
        "withdrawal": {"allowed": None},
    }
