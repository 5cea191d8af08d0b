"""One state's walk through its events: which consent binds it, and what became of it.

A state's history is a series of *episodes*: a consent to be bound, then perhaps a revocation
before it took effect, or a withdrawal (perhaps rescinded and notified again). Only one episode
is open at a time, so a second consent while bound, or a withdrawal by a state that is not bound,
changes nothing: the event still gets an ``Effect``, with ``issue`` saying why, and
``validation`` turns that into a message for editors. Events are facts, so nothing here ever
drops or alters one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Final, NamedTuple

from rules.basis import COMPUTED, UNKNOWN
from rules.dates import format_date
from rules.document.vocabulary import CONSENT_KINDS, Rules
from rules.engine.effects import consent_date, withdrawal_date
from rules.engine.entry import TreatyEntry
from rules.engine.periods import Window, merge, periods_for
from rules.engine.records import Conflict, Effect, EventId, EventIn, Interval, StatusPeriod, Step
from rules.statuses import (
    CONSENTED,
    CONSENTED_UNKNOWN,
    PARTY,
    SIGNATORY,
    WITHDRAWAL_PENDING,
    WITHDRAWN,
)

__all__ = ["Episode", "StateLedger", "StateOutcome"]


@dataclass
class Episode:
    """One consent and what became of it: revocation, withdrawals (rescinded or not)."""

    consent: EventIn
    effect: date | None
    revoked_at: date | None = None
    #: The consent's date of effect cannot be computed: the state has consented, no more is
    #: known (never "not yet in force", which would be a guess).
    effect_unknown: bool = False
    #: ...except up to this day, on which the depositary records the treaty as not yet in
    #: force: "consented, not yet in force" is then a fact, not a guess.
    not_in_force_on: date | None = None
    withdrawal: EventIn | None = None
    withdrawal_effect: date | None = None
    #: Withdrawals rescinded before they took effect, as (notified, rescinded): the state was
    #: "withdrawal pending" in between.
    rescinded: list[tuple[date, date]] = field(default_factory=list)

    def ended_by(self, day: date) -> bool:
        """True if a withdrawal has taken effect by ``day``: the state may consent afresh."""
        return (
            self.withdrawal is not None
            and self.withdrawal_effect is not None
            and self.withdrawal_effect <= day
        )

    def windows(self) -> list[Window]:
        """The statuses this episode gives its state, as possibly overlapping windows."""
        deposit = self.consent.date
        effect = self.effect
        consented = CONSENTED_UNKNOWN if self.effect_unknown else CONSENTED
        if self.revoked_at is not None:
            return self._known_pending([(deposit, self.revoked_at, consented)])
        ends = self.withdrawal_effect if self.withdrawal is not None else None
        # A withdrawal held up by an ongoing armed conflict (or whose date of effect is not
        # known): pending, never "withdrawn" yet.
        pending_forever = self.withdrawal is not None and self.withdrawal_effect is None
        consented_end = min((d for d in (effect, ends) if d is not None), default=None)
        windows: list[Window] = [(deposit, consented_end, consented)]
        if effect is not None and (ends is None or ends > effect):
            windows.append((effect, ends, PARTY))
            pending = list(self.rescinded)
            if self.withdrawal is not None:
                pending.append((self.withdrawal.date, ends or date.max))
            for notified, stop in pending:
                # A withdrawal notified before the consent took effect is pending only once
                # the state is a party.
                start = max(notified, effect)
                stop_at = stop if ends is None else min(stop, ends)
                if start < stop_at:
                    windows.append(
                        (start, None if stop_at == date.max else stop_at, WITHDRAWAL_PENDING)
                    )
        if ends is not None and not pending_forever:
            windows.append((ends, None, WITHDRAWN))
        return self._known_pending(windows)

    def _known_pending(self, windows: list[Window]) -> list[Window]:
        """Unknown up to the day the depositary records the treaty as not in force: known."""
        last = self.not_in_force_on
        if not self.effect_unknown or last is None:
            return windows
        after = last + timedelta(days=1)
        split: list[Window] = []
        for start, end, status in windows:
            if status != CONSENTED_UNKNOWN or start > last:
                split.append((start, end, status))
                continue
            split.append((start, after if end is None else min(end, after), CONSENTED))
            if end is None or end > after:
                split.append((after, end, CONSENTED_UNKNOWN))
        return split


class StateOutcome(NamedTuple):
    """What one state's events amount to: every dated event's effect, membership, statuses."""

    effects: dict[EventId, Effect]
    intervals: list[Interval]
    periods: list[StatusPeriod]


class StateLedger:
    """One state's events, recorded in ``compute``'s order, and the episodes they make.

    ``record`` dispatches each event to the handler for its kind (``sign``, ``consent``,
    ``withdraw``, ``rescind``, ``revoke``); other kinds (reservations, declarations...) change
    nothing here. ``outcome`` is called once, after the last event.
    """

    def __init__(
        self, state: str, rules: Rules, treaty: TreatyEntry, conflicts: Iterable[Conflict] = ()
    ) -> None:
        self.state = state
        self.rules = rules
        self.treaty = treaty
        self.conflicts = sorted(conflicts, key=lambda c: c.start)
        self.signatures: list[date] = []
        self.episodes: list[Episode] = []
        #: The episode that binds the state (or will, once its consent takes effect).
        self.active: Episode | None = None
        #: Every dated event in order, with the date and steps of its effect taken alone;
        #: ``issues`` and ``superseded`` say which of those dates do not hold.
        self.dated: list[EventIn] = []
        self.raw: dict[EventId, tuple[date | None, list[Step]]] = {}
        self.bases: dict[EventId, str] = {}
        self.issues: dict[EventId, str] = {}
        self.superseded: dict[EventId, EventId] = {}

    def record(self, ev: EventIn) -> None:
        """Apply one event of this state."""
        if self.active is not None and self.active.ended_by(ev.date):
            self.active = None
        handler = _HANDLERS.get(ev.kind)
        if handler is not None:
            handler(self, ev)

    # -- handlers, one per kind ----------------------------------------------------------------

    def sign(self, ev: EventIn) -> None:
        """A signature: the state is a signatory from then on, until a stronger status applies."""
        self.signatures.append(ev.date)

    def consent(self, ev: EventIn) -> None:
        """A consent to be bound opens an episode, unless one is open already."""
        effective, steps, basis = consent_date(self.rules, ev, self.treaty)
        self._note(ev, effective, steps, basis)
        if self.active is not None:
            self._reject(
                ev,
                "already_bound",
                f"{self.state} is already bound by the instrument deposited on"
                f" {format_date(self.active.consent.date)}: this one changes nothing",
            )
            return
        self.active = Episode(
            ev,
            effective,
            effect_unknown=basis == UNKNOWN,
            not_in_force_on=self.treaty.not_in_force_on,
        )
        self.episodes.append(self.active)

    def withdraw(self, ev: EventIn) -> None:
        """A withdrawal ends the open episode when it takes effect, if the treaty allows one."""
        effective, steps, basis = withdrawal_date(self.rules, ev, self.conflicts)
        self._note(ev, effective, steps, basis)
        active = self.active
        if self.rules.withdrawal.allowed is False:
            self._reject(ev, "not_allowed", "the treaty has no withdrawal clause: no effect")
        elif active is None:
            self._reject(
                ev, "not_bound", f"{self.state} has no instrument in force or pending: no effect"
            )
        elif active.withdrawal is not None:
            self._reject(
                ev,
                "already_withdrawing",
                f"a withdrawal notified on {format_date(active.withdrawal.date)} is already"
                " pending: no effect",
            )
        else:
            active.withdrawal = ev
            active.withdrawal_effect = effective

    def rescind(self, ev: EventIn) -> None:
        """A rescission cancels the pending withdrawal; the state stays bound throughout."""
        steps = self._note(
            ev, ev.date, [Step(f"rescission received {format_date(ev.date)}", ev.date)]
        )
        active = self.active
        if active is None or active.withdrawal is None:
            self._reject(
                ev,
                "no_pending_withdrawal",
                f"{self.state} has no pending withdrawal to rescind: no effect",
            )
            return
        target = active.withdrawal
        self.superseded[target.id] = ev.id
        active.rescinded.append((target.date, ev.date))
        active.withdrawal = None
        active.withdrawal_effect = None
        steps.append(
            Step(
                f"withdrawal notified {format_date(target.date)} rescinded before it took effect",
                ev.date,
            )
        )

    def revoke(self, ev: EventIn) -> None:
        """A consent withdrawn before it took effect closes its episode as if never opened.

        Once the consent has taken effect only a withdrawal can end it, so a late revocation
        changes nothing.
        """
        steps = self._note(
            ev, ev.date, [Step(f"revocation received {format_date(ev.date)}", ev.date)]
        )
        active = self.active
        if active is None:
            self._reject(
                ev, "no_pending_consent", f"{self.state} has no instrument to revoke: no effect"
            )
            return
        if active.effect is not None and active.effect <= ev.date:
            self._reject(
                ev,
                "no_pending_consent",
                f"the instrument took effect on {format_date(active.effect)} and can only be"
                " ended by withdrawal: no effect",
            )
            return
        target = active.consent
        self.superseded[target.id] = ev.id
        active.revoked_at = ev.date
        self.active = None
        steps.append(
            Step(
                f"instrument deposited {format_date(target.date)} withdrawn before it took"
                " effect: treated as never deposited",
                ev.date,
            )
        )

    def _note(
        self, ev: EventIn, effective: date | None, steps: list[Step], basis: str = COMPUTED
    ) -> list[Step]:
        """Keep a dated event's effect taken alone; returns its steps for the handler to extend."""
        self.dated.append(ev)
        self.raw[ev.id] = (effective, steps)
        self.bases[ev.id] = basis
        return steps

    def _reject(self, ev: EventIn, issue: str, why: str) -> None:
        """``ev`` has no effect; ``why`` ends its steps."""
        self.issues[ev.id] = issue
        self.raw[ev.id][1].append(Step(why))

    # -- the result ----------------------------------------------------------------------------

    def outcome(self, condition: str | None) -> StateOutcome:
        """Effects, membership intervals and status periods; ``condition`` goes on withdrawals."""
        for episode in self.episodes:
            self._unrecorded_withdrawal(episode)
        effects = {ev.id: self._effect(ev, condition) for ev in self.dated}
        windows: list[Window] = [(day, None, SIGNATORY) for day in self.signatures]
        for episode in self.episodes:
            windows.extend(episode.windows())
        party = [Interval(start, end) for start, end, status in windows if status == PARTY]
        return StateOutcome(effects, merge(party), periods_for(self.state, windows))

    def _unrecorded_withdrawal(self, episode: Episode) -> None:
        """A bracketed instrument with no withdrawal on record: the state has withdrawn, on a
        date not recorded here, so no period of membership can be claimed for it."""
        if not episode.consent.bracketed or episode.withdrawal or episode.revoked_at:
            return
        if episode.effect_unknown:
            return
        episode.effect, episode.effect_unknown = None, True
        ev = episode.consent
        effective, steps = self.raw[ev.id]
        text = (
            "the depositary prints this instrument in brackets: the state has since withdrawn,"
            " on a date not recorded here, so the period it was bound is not computed"
        )
        if effective is not None:
            text += f" (it took effect on {format_date(effective)})"
        steps.append(Step(text))
        self.raw[ev.id] = (None, steps)
        self.bases[ev.id] = UNKNOWN

    def _effect(self, ev: EventIn, condition: str | None) -> Effect:
        effective, steps = self.raw[ev.id]
        issue = self.issues.get(ev.id)
        superseded_by = self.superseded.get(ev.id)
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
        return Effect(
            event_id=ev.id,
            state=self.state,
            kind=ev.kind,
            effective_date=effective,
            steps=tuple(steps),
            condition=condition if ev.kind == "withdrawal" else None,
            published_effective_date=published,
            disagrees=published is not None and published != effective,
            superseded_by=superseded_by,
            would_have_taken_effect=would_have,
            issue=issue,
            basis=self.bases.get(ev.id, COMPUTED),
        )


_HANDLERS: Final[Mapping[str, Callable[[StateLedger, EventIn], None]]] = {
    "signature": StateLedger.sign,
    **dict.fromkeys(CONSENT_KINDS, StateLedger.consent),
    "withdrawal": StateLedger.withdraw,
    "withdrawal_rescinded": StateLedger.rescind,
    "consent_revoked": StateLedger.revoke,
}
