"""The engine's inputs and outputs: frozen records, importable by every module of the engine.

They live apart from ``compute`` so that the modules that do the work (``entry``, ``effects``,
``per_state``, ``periods``) can build them without importing the module that calls them.
``rules.engine`` and ``rules`` re-export them; import them from there.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from rules.basis import COMPUTED
from rules.dates import format_date
from rules.document.steps import PeriodStep

__all__ = [
    "Computation",
    "Conflict",
    "Effect",
    "EventId",
    "EventIn",
    "Interval",
    "ParentDates",
    "StatusPeriod",
    "Step",
    "apply_steps",
    "explain",
]

EventId = int | str


@dataclass(frozen=True)
class EventIn:
    """One recorded fact: ``state`` did ``kind`` on ``date`` (deposit / receipt by depositary).

    ``specified_effective_date``: for a withdrawal, a later date named in the notification; for
    a succession, the date it takes effect (often independence, before the deposit).
    ``published_effective_date``: the depositary's published date, kept only for comparison.
    ``succession_date``: for a succession, the state's date of succession (independence, the
    dissolution of its predecessor) from the states reference data; ``None`` when it is not
    known, and then the succession's date of effect is not known either.
    ``bracketed``: the depositary prints this instrument in brackets (the state has since
    withdrawn); without a withdrawal on record, how long it was bound is not known.
    """

    id: EventId
    state: str
    kind: str
    date: date
    # ``dt.date``: inside the class body the name ``date`` is the field above.
    specified_effective_date: dt.date | None = None
    published_effective_date: dt.date | None = None
    bracketed: bool = False
    succession_date: dt.date | None = None


@dataclass(frozen=True)
class Conflict:
    """An armed conflict the state is engaged in, as a recorded fact; ``end=None`` = ongoing."""

    start: date
    end: date | None = None

    def covers(self, day: date) -> bool:
        """True if the state is engaged in this conflict on ``day`` (the end day is peace)."""
        return self.start <= day and (self.end is None or day < self.end)


@dataclass(frozen=True)
class ParentDates:
    """What the engine needs of a protocol's parent treaty (its convention): the parent's own
    entry into force and its date for each state (``None`` / absent: not in force, or not
    for that state, unless the date is unknown)."""

    entry_into_force: date | None
    by_state: Mapping[str, date] = field(default_factory=dict)
    #: The parent's own entry into force is not known (its rules give no single date, or it
    #: has none and the depositary records none): not the same as "not in force".
    entry_into_force_unknown: bool = False
    #: States whose date under the parent is not known (a consent without a computed date of
    #: effect): absent from ``by_state`` without being "not in force for the state".
    unknown: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Step:
    """One step of an explanation: "deposit 24 Mar 2011", "... → 1 Sep 2011" (art. 17(2))."""

    text: str
    date: date | None = None
    article: str | None = None

    def __str__(self) -> str:
        return f"{self.text} (art. {self.article})" if self.article else self.text


def explain(steps: Iterable[Step]) -> str:
    """Join steps into one line for display: "deposit 24 Mar 2011; first day of ... → ..."."""
    return "; ".join(str(s) for s in steps)


def apply_steps(
    period: Sequence[PeriodStep], anchor: date, article: str | None, steps: list[Step]
) -> date:
    """Apply a rule's period to ``anchor``, appending one ``Step`` per step of the period.

    Each step is written out, not only the result, so an editor can check the arithmetic
    against the treaty's words ("the first day of the sixth month after ...").
    """
    for rule_step in period:
        anchor = rule_step.apply(anchor)
        steps.append(Step(f"{rule_step.describe()} → {format_date(anchor)}", anchor, article))
    return anchor


@dataclass(frozen=True)
class Effect:
    """What one event does.

    ``effective_date`` is ``None`` when the effect is pending indefinitely (treaty not in force,
    armed conflict ongoing) or when the event has no effect (then ``superseded_by`` or
    ``issue`` says why). ``would_have_taken_effect`` keeps the date a revoked consent or a
    rescinded withdrawal would have had.
    """

    event_id: EventId
    state: str
    kind: str
    effective_date: date | None
    steps: tuple[Step, ...]
    condition: str | None = None
    published_effective_date: date | None = None
    disagrees: bool = False
    superseded_by: EventId | None = None
    would_have_taken_effect: date | None = None
    issue: str | None = None
    #: What ``effective_date`` rests on (``rules.basis``): ``computed`` from the rules,
    #: ``recorded`` by the depositary (a published date, or the treaty's recorded entry into
    #: force), or ``unknown`` (``effective_date`` is then None and the steps say why).
    basis: str = COMPUTED

    def explain(self) -> str:
        """The steps as one line of text."""
        return explain(self.steps)


@dataclass(frozen=True)
class Interval:
    """Membership as a Party, half-open: bound from ``start`` up to (not including) ``end``."""

    start: date
    end: date | None = None

    def contains(self, day: date) -> bool:
        """True if ``day`` falls inside the interval."""
        return self.start <= day and (self.end is None or day < self.end)


@dataclass(frozen=True)
class StatusPeriod:
    """A state's status from ``valid_from`` up to (not including) ``valid_until``."""

    state: str
    status: str
    valid_from: date
    valid_until: date | None = None


@dataclass(frozen=True)
class Computation:
    """Everything the engine derives for one treaty."""

    entry_into_force: date | None
    entry_into_force_steps: tuple[Step, ...]
    threshold_date: date | None
    effects: dict[EventId, Effect]
    intervals: dict[str, list[Interval]]
    periods: list[StatusPeriod]
    #: Ordinal of each state's first counted instrument; the order within one day is not
    #: recorded by the depositary, so same-day instruments are ordered by state name.
    nth_instrument: dict[EventId, int] = field(default_factory=dict)
    #: Instruments deposited on the day the threshold was reached.
    threshold_batch: tuple[EventId, ...] = ()
    #: True when ``entry_into_force.recorded_date`` differs from the date computed from events.
    entry_into_force_disagrees: bool = False
    #: What ``entry_into_force`` rests on: ``computed`` from the events, ``recorded`` (the
    #: depositary's date, used when the events do not reach the threshold) or ``unknown``.
    entry_into_force_basis: str = COMPUTED
    #: When the treaty's date is recorded but its threshold is not among the events: the first
    #: and last day on which the threshold can have been reached (the days whose period ends on
    #: the recorded date). Deposits inside it have an unknown date of effect.
    threshold_window: tuple[date, date] | None = None
