"""Editorial checks on a treaty's whole event list, in date order, in an editor's words.

``validate`` never raises: it returns every ``Violation`` so a form or an importer can show them
all. The engine stays the single source of truth for *what* an event does (a withdrawal by a
state that is not bound has ``Effect.issue == "not_bound"``); this module explains it, and adds
the checks that need context the engine does not take (today's date, the adoption date).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from rules.basis import UNKNOWN
from rules.dates import format_date
from rules.document.vocabulary import ALL_KINDS, CONSENT_KINDS, Rules, apply_period
from rules.engine.compute import Computation, EventIn, compute

__all__ = ["Lifespan", "Violation", "existence_violations", "validate"]


@dataclass(frozen=True)
class Violation:
    """One problem with one event: ``field`` names the event field an editor should look at."""

    event_id: int | str
    field: str
    code: str
    message: str


def _kind_words(kind: str) -> str:
    return kind.replace("_", " ")


def _issue_message(ev: EventIn, issue: str, computation: Computation) -> str:
    day = ev.date.isoformat()
    state = ev.state
    if issue == "not_bound":
        return (
            f"{state} cannot withdraw on {day}: it has no instrument in force or pending for"
            " this treaty"
        )
    if issue == "not_allowed":
        return f"{state} cannot withdraw on {day}: this treaty makes no provision for withdrawal"
    if issue == "already_withdrawing":
        return (
            f"{state} cannot notify withdrawal on {day}: an earlier withdrawal notification is"
            " still pending"
        )
    if issue == "already_bound":
        return (
            f"{state} cannot deposit an instrument of {_kind_words(ev.kind)} on {day}: it is"
            " already bound by (or has already consented to) this treaty"
        )
    if issue == "no_pending_withdrawal":
        return (
            f"{state} cannot rescind a withdrawal on {day}: it has no withdrawal pending on that"
            " date"
        )
    if issue == "no_pending_consent":
        return (
            f"{state} cannot revoke its consent on {day}: it has no instrument waiting to take"
            " effect (an instrument in force can only be ended by withdrawal)"
        )
    return f"{state}: {issue} on {day}"


def validate(
    rules: Rules,
    events: Sequence[EventIn],
    *,
    today: date,
    adopted_on: date | None,
) -> list[Violation]:
    """Check ``events`` for mistakes an editor must fix; return them in date order.

    Checked: unknown kinds; deposits or notifications dated after ``today`` (their *effects*
    may be in the future, the events themselves cannot) or before ``adopted_on``; same-day
    duplicates; consents while already bound; withdrawals by states not bound, when the treaty
    forbids them, before the minimum membership period, or naming a date earlier than the
    treaty allows (or a later one where the treaty has no such provision); rescissions with no
    pending withdrawal; revocations with no pending consent.
    """
    violations: list[Violation] = []
    computation = compute(rules, events)
    seen: set[tuple[str, str, date]] = set()
    ordered = sorted(events, key=lambda e: (e.date, e.state, e.kind, str(e.id)))

    for ev in ordered:
        day = ev.date.isoformat()
        what = _kind_words(ev.kind)
        if ev.kind not in ALL_KINDS:
            violations.append(
                Violation(
                    ev.id, "kind", "unknown_kind", f"{ev.state}: unknown event kind {ev.kind!r}"
                )
            )
            continue
        if ev.date > today:
            violations.append(
                Violation(
                    ev.id,
                    "date",
                    "future_date",
                    f"{ev.state}'s {what} is dated {day}, after today ({today.isoformat()}):"
                    " a deposit or notification cannot be recorded before it happens",
                )
            )
        if adopted_on is not None and ev.date < adopted_on:
            violations.append(
                Violation(
                    ev.id,
                    "date",
                    "before_adoption",
                    f"{ev.state}'s {what} is dated {day}, before the treaty was adopted"
                    f" ({adopted_on.isoformat()})",
                )
            )
        key = (ev.state, ev.kind, ev.date)
        if key in seen:
            violations.append(
                Violation(
                    ev.id,
                    "date",
                    "duplicate",
                    f"{ev.state}'s {what} of {day} is recorded twice",
                )
            )
            continue
        seen.add(key)

        if ev.specified_effective_date is not None and ev.kind not in {"withdrawal", "succession"}:
            violations.append(
                Violation(
                    ev.id,
                    "specified_effective_date",
                    "specified_date_not_applicable",
                    f"{ev.state}'s {what} of {day} cannot carry a specified effective date (only"
                    " withdrawals and successions can)",
                )
            )

        effect = computation.effects.get(ev.id)
        if effect is not None and effect.issue is not None:
            field_name = "state" if ev.kind in CONSENT_KINDS else "kind"
            violations.append(
                Violation(
                    ev.id, field_name, effect.issue, _issue_message(ev, effect.issue, computation)
                )
            )
            continue

        if ev.kind == "withdrawal" and rules.withdrawal.allowed is not None:
            violations.extend(_withdrawal_checks(rules, ev, computation))
        if ev.kind == "withdrawal":
            violations.extend(_before_own_entry_into_force(ev, events, computation))
    return violations


def _before_own_entry_into_force(
    ev: EventIn, events: Sequence[EventIn], computation: Computation
) -> list[Violation]:
    """A withdrawal notified while the state's consent has not yet taken effect: the state is
    not a party, so what it most likely did is withdraw its instrument (Malaysia, Rome Statute,
    2019) — a revocation of consent, not a withdrawal from the treaty."""
    deposits = sorted(
        (
            e
            for e in events
            if e.state == ev.state and e.kind in CONSENT_KINDS and e.date <= ev.date
        ),
        key=lambda e: (e.date, str(e.id)),
    )
    consents = [
        effect
        for effect in (computation.effects.get(e.id) for e in deposits)
        if effect is not None
        and effect.issue is None
        and effect.superseded_by is None
        and effect.basis != UNKNOWN
    ]
    if not consents:
        return []
    latest = consents[-1]
    # A consent still waiting for the treaty is not judged: the events may just not reach the
    # threshold yet (incomplete data), and the treaty may well be in force.
    if latest.effective_date is None or latest.effective_date <= ev.date:
        return []
    when = f"on {latest.effective_date.isoformat()}"
    return [
        Violation(
            ev.id,
            "kind",
            "withdrawal_before_entry_into_force",
            f"{ev.state} notifies withdrawal on {ev.date.isoformat()}, before the treaty enters"
            f" into force for it ({when}): if the state withdrew its instrument before it took"
            " effect, record a revocation of consent instead",
        )
    ]


def _withdrawal_checks(rules: Rules, ev: EventIn, computation: Computation) -> list[Violation]:
    found: list[Violation] = []
    rule = rules.withdrawal
    day = ev.date.isoformat()
    article = f"art. {rule.article}" if rule.article else "the treaty"
    minimum = rule.minimum_membership
    if minimum is not None:
        anchor: date | None
        if minimum.from_ == "treaty_entry_into_force":
            anchor = computation.entry_into_force
            since = "the treaty entered into force"
        else:
            # The membership this notification would end: the first interval not over by then.
            current = [
                iv
                for iv in computation.intervals.get(ev.state, [])
                if iv.end is None or iv.end > ev.date
            ]
            anchor = current[0].start if current else None
            since = "the treaty entered into force for it"
        if anchor is not None:
            earliest = minimum.earliest_notice(anchor)
            if ev.date < earliest:
                unit = minimum.unit if minimum.amount != 1 else minimum.unit[:-1]
                found.append(
                    Violation(
                        ev.id,
                        "date",
                        "too_early",
                        f"{ev.state} cannot withdraw on {day}: {article} allows notice only"
                        f" {minimum.amount} {unit} after {since} ({anchor.isoformat()}); the"
                        f" earliest allowed date is {earliest.isoformat()}",
                    )
                )
    specified = ev.specified_effective_date
    if specified is not None:
        base = apply_period(rule.period, ev.date)
        if specified < base:
            found.append(
                Violation(
                    ev.id,
                    "specified_effective_date",
                    "specified_date_too_early",
                    f"{ev.state}'s withdrawal of {day} names {specified.isoformat()}, earlier"
                    f" than {article} allows ({base.isoformat()})",
                )
            )
        elif specified > base and not rule.later_date_may_be_specified:
            found.append(
                Violation(
                    ev.id,
                    "specified_effective_date",
                    "specified_date_not_allowed",
                    f"{ev.state}'s withdrawal of {day} names {specified.isoformat()}, but"
                    f" {article} makes no provision for a later date (it takes effect on"
                    f" {base.isoformat()})",
                )
            )
    return found


@dataclass(frozen=True)
class Lifespan:
    """When a participant existed, and who came before and after it (``states.State``)."""

    name: str
    exists_from: date | None = None
    exists_until: date | None = None
    #: Each predecessor as (name, exists_from, exists_until).
    predecessors: tuple[tuple[str, date | None, date | None], ...] = ()
    successors: tuple[str, ...] = ()

    def existed_on(self, day: date) -> bool:
        """True if the participant existed on ``day`` (an unknown bound is no bound)."""
        return (self.exists_from is None or self.exists_from <= day) and (
            self.exists_until is None or day <= self.exists_until
        )

    def continues_on(self, day: date) -> bool:
        """True if a predecessor existed on ``day``: the depositary lists a predecessor's act
        under its successor's present name (Serbia's row carries Serbia and Montenegro's
        acts of 2001), so such a date is not a mistake."""
        return any(
            (start is None or start <= day) and (until is None or day <= until)
            for _, start, until in self.predecessors
        )


def existence_violations(
    events: Sequence[EventIn], lifespans: Mapping[str, Lifespan]
) -> list[Violation]:
    """Events dated when their state did not exist: the USSR ratifying in 2010, South Sudan
    acceding in 1990. The message names the state's dates and its successor or predecessor,
    where there is one, so an editor sees whose act it must have been."""
    found = []
    for ev in events:
        span = lifespans.get(ev.state)
        if span is None or span.existed_on(ev.date):
            continue
        what = f"{_kind_words(ev.kind).capitalize()} dated {format_date(ev.date)}"
        if span.exists_until is not None and ev.date > span.exists_until:
            text = f"{span.name} existed until {format_date(span.exists_until)}"
            if span.successors:
                text += f" ({_its('successor', span.successors)})"
        else:
            if span.continues_on(ev.date):
                continue
            assert span.exists_from is not None
            text = f"{span.name} exists from {format_date(span.exists_from)}"
            if span.predecessors:
                text += f" ({_its('predecessor', [p[0] for p in span.predecessors])})"
        found.append(Violation(ev.id, "date", "state_did_not_exist", f"{what}, but {text}"))
    return found


def _its(word: str, names: Sequence[str]) -> str:
    return f"its {word}{'s' if len(names) > 1 else ''}: {', '.join(names)}"
