"""The rule engine: from a treaty's rules and its events to dates, memberships and statuses.

``compute(rules, events)`` is a pure function. It returns

* the treaty's own entry into force, with the steps that produced it;
* an ``Effect`` for every consent, withdrawal, rescission and revocation event: the date it
  takes (or would have taken) effect, the steps in words, and any condition attached;
* membership ``intervals`` per state (half-open ``[start, end)``; a state can join, leave and
  re-join);
* ``periods``: non-overlapping status rows per state, the shape the database stores so that
  "status of X on date D" is one indexed query.

Events are facts and are never changed here: a depositary's published effective date that
differs from the rule is reported (``Effect.disagrees``), never copied over the computed date.
Events that cannot have the effect their kind suggests (a withdrawal by a state that is not
bound, a rescission with nothing to rescind) get an ``Effect`` with ``issue`` set and change
nothing; ``validation.validate`` turns those into messages for editors.

Same-day ordering: the UN records dates, not times, so events on one day are processed as
signature, consent, other instruments, withdrawal, rescission, revocation (then by id, so the
result never depends on input order).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Final

from .dates import format_date
from .effects import consent_date, withdrawal_condition, withdrawal_date
from .entry import treaty_entry
from .records import (
    Computation,
    Conflict,
    Effect,
    EventId,
    EventIn,
    Interval,
    StatusPeriod,
    Step,
    explain,
)
from .statuses import (
    CONSENTED,
    NOT_JOINED,
    PARTY,
    SIGNATORY,
    WITHDRAWAL_PENDING,
    WITHDRAWN,
)
from .vocabulary import CONSENT_KINDS, Rules

__all__ = [
    "Computation",
    "Conflict",
    "Effect",
    "EventId",
    "EventIn",
    "Interval",
    "StatusPeriod",
    "Step",
    "compute",
    "explain",
    "status_on",
]

# When two status windows cover the same day the stronger one wins: a pending withdrawal is
# still membership, membership beats a deposit waiting for effect, and having withdrawn
# outweighs an old signature.
_PRIORITY: Final = {WITHDRAWAL_PENDING: 5, PARTY: 4, CONSENTED: 3, WITHDRAWN: 2, SIGNATORY: 1}

_DATED_KINDS: Final = CONSENT_KINDS | {"withdrawal", "withdrawal_rescinded", "consent_revoked"}


def _kind_rank(kind: str) -> int:
    if kind == "signature":
        return 0
    if kind in CONSENT_KINDS:
        return 1
    if kind == "withdrawal":
        return 3
    if kind == "withdrawal_rescinded":
        return 4
    if kind == "consent_revoked":
        return 5
    return 2


def status_on(periods: Iterable[StatusPeriod], state: str, on: date) -> str:
    """Return ``state``'s status on ``on`` (``"not_joined"`` when no row covers it)."""
    for row in periods:
        if (
            row.state == state
            and row.valid_from <= on
            and (row.valid_until is None or on < row.valid_until)
        ):
            return row.status
    return NOT_JOINED


def _sort_key(event: EventIn) -> tuple[date, int, str, str]:
    return (event.date, _kind_rank(event.kind), event.state, str(event.id))


# -- per-state walk ------------------------------------------------------------------------------


@dataclass
class _Episode:
    """One consent and what became of it: revocation, withdrawals (rescinded or not)."""

    consent: EventIn
    effect: date | None
    revoked_at: date | None = None
    withdrawal: EventIn | None = None
    withdrawal_effect: date | None = None
    rescinded: list[tuple[date, date]] = field(default_factory=list)

    def ended_by(self, day: date) -> bool:
        return (
            self.withdrawal is not None
            and self.withdrawal_effect is not None
            and self.withdrawal_effect <= day
        )


def _windows(
    episodes: Sequence[_Episode], signatures: Sequence[date]
) -> list[tuple[date, date | None, str]]:
    windows: list[tuple[date, date | None, str]] = [(s, None, SIGNATORY) for s in signatures]
    for ep in episodes:
        deposit = ep.consent.date
        effect = ep.effect
        if ep.revoked_at is not None:
            windows.append((deposit, ep.revoked_at, CONSENTED))
            continue
        ends = ep.withdrawal_effect if ep.withdrawal is not None else None
        pending_forever = ep.withdrawal is not None and ep.withdrawal_effect is None
        consented_end = min((d for d in (effect, ends) if d is not None), default=None)
        windows.append((deposit, consented_end, CONSENTED))
        if effect is not None and (ends is None or ends > effect):
            windows.append((effect, ends, PARTY))
            pending = list(ep.rescinded)
            if ep.withdrawal is not None:
                pending.append((ep.withdrawal.date, ends or date.max))
            for notified, stop in pending:
                start = max(notified, effect)
                stop_at = stop if ends is None else min(stop, ends)
                if start < stop_at:
                    windows.append(
                        (start, None if stop_at == date.max else stop_at, WITHDRAWAL_PENDING)
                    )
        if ends is not None and not pending_forever:
            windows.append((ends, None, WITHDRAWN))
    return windows


def _periods_for(
    state: str, windows: Sequence[tuple[date, date | None, str]]
) -> list[StatusPeriod]:
    points = sorted({w[0] for w in windows} | {w[1] for w in windows if w[1] is not None})
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


def _merge(intervals: list[Interval]) -> list[Interval]:
    merged: list[Interval] = []
    for iv in sorted(intervals, key=lambda i: i.start):
        last = merged[-1] if merged else None
        if last is not None and (last.end is None or iv.start <= last.end):
            end = None if last.end is None or iv.end is None else max(last.end, iv.end)
            merged[-1] = Interval(last.start, end)
        else:
            merged.append(iv)
    return merged


def compute(
    rules: Rules,
    events: Sequence[EventIn],
    *,
    conflicts: Mapping[str, Sequence[Conflict]] | None = None,
) -> Computation:
    """Derive the treaty's entry into force, every event's effect, memberships and statuses.

    ``conflicts`` maps a state to the armed conflicts it is recorded as engaged in; they only
    matter for treaties whose withdrawal clause has an armed-conflict condition.
    """
    conflicts = conflicts or {}
    ordered = sorted(events, key=_sort_key)
    treaty = treaty_entry(rules, ordered)
    condition = withdrawal_condition(rules)

    by_state: dict[str, list[EventIn]] = defaultdict(list)
    for ev in ordered:
        by_state[ev.state].append(ev)

    effects: dict[EventId, Effect] = {}
    intervals: dict[str, list[Interval]] = {}
    periods: list[StatusPeriod] = []

    for state in sorted(by_state):
        episodes: list[_Episode] = []
        signatures: list[date] = []
        active: _Episode | None = None
        raw: dict[EventId, tuple[date | None, list[Step]]] = {}
        issues: dict[EventId, str] = {}
        superseded: dict[EventId, EventId] = {}
        state_conflicts = sorted(conflicts.get(state, ()), key=lambda c: c.start)

        for ev in by_state[state]:
            if active is not None and active.ended_by(ev.date):
                active = None
            if ev.kind == "signature":
                signatures.append(ev.date)
            elif ev.kind in CONSENT_KINDS:
                effective, steps = consent_date(rules, ev, treaty)
                raw[ev.id] = (effective, steps)
                if active is not None:
                    issues[ev.id] = "already_bound"
                    steps.append(
                        Step(
                            f"{state} is already bound by the instrument deposited on"
                            f" {format_date(active.consent.date)}: this one changes nothing"
                        )
                    )
                    continue
                active = _Episode(ev, effective)
                episodes.append(active)
            elif ev.kind == "withdrawal":
                effective, steps = withdrawal_date(rules, ev, state_conflicts)
                raw[ev.id] = (effective, steps)
                if not rules.withdrawal.allowed:
                    issues[ev.id] = "not_allowed"
                    steps.append(Step("the treaty has no withdrawal clause: no effect"))
                elif active is None:
                    issues[ev.id] = "not_bound"
                    steps.append(Step(f"{state} has no instrument in force or pending: no effect"))
                elif active.withdrawal is not None:
                    issues[ev.id] = "already_withdrawing"
                    steps.append(
                        Step(
                            "a withdrawal notified on"
                            f" {format_date(active.withdrawal.date)} is already pending: no effect"
                        )
                    )
                else:
                    active.withdrawal = ev
                    active.withdrawal_effect = effective
            elif ev.kind == "withdrawal_rescinded":
                steps = [Step(f"rescission received {format_date(ev.date)}", ev.date)]
                raw[ev.id] = (ev.date, steps)
                if active is None or active.withdrawal is None:
                    issues[ev.id] = "no_pending_withdrawal"
                    steps.append(Step(f"{state} has no pending withdrawal to rescind: no effect"))
                    continue
                target = active.withdrawal
                superseded[target.id] = ev.id
                active.rescinded.append((target.date, ev.date))
                active.withdrawal = None
                active.withdrawal_effect = None
                steps.append(
                    Step(
                        f"withdrawal notified {format_date(target.date)} rescinded before it took"
                        " effect",
                        ev.date,
                    )
                )
            elif ev.kind == "consent_revoked":
                steps = [Step(f"revocation received {format_date(ev.date)}", ev.date)]
                raw[ev.id] = (ev.date, steps)
                if active is None or (active.effect is not None and active.effect <= ev.date):
                    issues[ev.id] = "no_pending_consent"
                    if active is None:
                        steps.append(Step(f"{state} has no instrument to revoke: no effect"))
                    else:
                        in_force = format_date(active.effect) if active.effect else "?"
                        steps.append(
                            Step(
                                f"the instrument took effect on {in_force} and can only be"
                                " ended by withdrawal: no effect"
                            )
                        )
                    continue
                target = active.consent
                superseded[target.id] = ev.id
                active.revoked_at = ev.date
                active = None
                steps.append(
                    Step(
                        f"instrument deposited {format_date(target.date)} withdrawn before it"
                        " took effect: treated as never deposited",
                        ev.date,
                    )
                )

        for ev in by_state[state]:
            if ev.kind not in _DATED_KINDS:
                continue
            effective, steps = raw[ev.id]
            issue = issues.get(ev.id)
            superseded_by = superseded.get(ev.id)
            would_have: date | None = None
            if superseded_by is not None:
                would_have = effective
                word = "revoked" if ev.kind in CONSENT_KINDS else "rescinded"
                steps.append(
                    Step(
                        f"would have taken effect"
                        f" {format_date(effective) if effective else '(pending)'}; {word}",
                        effective,
                    )
                )
                effective = None
            elif issue is not None:
                effective = None
            published = ev.published_effective_date
            effects[ev.id] = Effect(
                event_id=ev.id,
                state=state,
                kind=ev.kind,
                effective_date=effective,
                steps=tuple(steps),
                condition=condition if ev.kind == "withdrawal" else None,
                published_effective_date=published,
                disagrees=published is not None and published != effective,
                superseded_by=superseded_by,
                would_have_taken_effect=would_have,
                issue=issue,
            )

        windows = _windows(episodes, signatures)
        party = [Interval(s, e) for s, e, status in windows if status == PARTY]
        if party:
            intervals[state] = _merge(party)
        periods.extend(_periods_for(state, windows))

    return Computation(
        entry_into_force=treaty.entry_into_force,
        entry_into_force_steps=tuple(treaty.steps),
        threshold_date=treaty.threshold_date,
        effects=effects,
        intervals=intervals,
        periods=periods,
        nth_instrument=treaty.nth,
        threshold_batch=treaty.batch,
        entry_into_force_disagrees=treaty.disagrees,
    )
