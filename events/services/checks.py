"""The checks every write of events passes, one at a time (admin, API) or in batches (imports).

Three kinds: the model's own validation (fields, constraints), the state's existence (an
event dated when its state did not exist, ``rules.existence_violations``), and the treaty's
rules over its whole event list (``rules.validate``). Only violations a change *introduces*
count: the depositary's published record may already hold some, and an editor must be able to
correct one event without first fixing every other.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError

from rules import EventIn, Lifespan, Rules, Violation, existence_violations, validate
from rules.signature import signature_closed_violation
from states.models import State
from treaties.models import Treaty

from ..exceptions import EventRejected
from ..models import Event, EventKind

#: Event kinds that may carry a specified effective date (a database constraint says so too).
SPECIFIED_DATE_KINDS = frozenset({"withdrawal", "succession"})


def event_in(event: Event, event_id: Any = None, state_code: str | None = None) -> EventIn:
    """The engine's view of an event (``event_id`` for one not saved yet); a succession carries
    its state's date of succession (``State.succession_date``)."""
    return EventIn(
        id=event_id if event_id is not None else (event.pk if event.pk is not None else "new"),
        state=state_code or event.state.code,
        kind=event.kind,
        date=event.date,
        specified_effective_date=event.specified_effective_date,
        published_effective_date=event.published_effective_date,
        bracketed=event.bracketed,
        succession_date=(
            event.state.succession_date if event.kind == EventKind.SUCCESSION else None
        ),
    )


def rule_violations(*, treaty: Treaty, events: Sequence[EventIn], today: date) -> list[Violation]:
    """Everything the treaty's rules find wrong with ``events`` (none without rules: most of
    the UN corpus has nothing to check against)."""
    if not treaty.rules:
        return []
    return validate(
        Rules.from_dict(treaty.rules), events, today=today, adopted_on=treaty.adopted_on
    )


def introduced(
    before: Iterable[Violation], after: Iterable[Violation], *, same_words: bool = True
) -> list[Violation]:
    """The violations of ``after`` that ``before`` did not already have.

    With ``same_words`` a violation counts as known only if its message is unchanged too: an
    edit that leaves its event wrong in a new way (a withdrawal moved but still too early) is
    refused. Imports compare by event and code only: a batch re-states the depositary's record.
    """

    def key(v: Violation) -> tuple[Any, ...]:
        return (v.event_id, v.field, v.code, v.message) if same_words else (v.event_id, v.code)

    known = {key(v) for v in before}
    return [v for v in after if key(v) not in known]


def stored_events(treaty: Treaty, *, excluding: Iterable[int | None] = ()) -> list[EventIn]:
    """The treaty's stored events as the engine reads them (one query).

    Only the engine's fields, as tuples: every write of the treaty runs this under the
    treaty's lock, and building model instances took most of the time (median 30 ms with
    instances, 8 ms with tuples, for 430 events of the APMBC on PostgreSQL).
    """
    skip = [pk for pk in excluding if pk]
    rows = (
        Event.objects.filter(treaty=treaty)
        .exclude(pk__in=skip)
        .values_list(
            "pk",
            "state__code",
            "kind",
            "date",
            "specified_effective_date",
            "published_effective_date",
            "state__succession_date",
        )
    )
    return [
        EventIn(
            id=pk,
            state=code,
            kind=kind,
            date=day,
            specified_effective_date=specified,
            published_effective_date=published,
            succession_date=succeeded if kind == EventKind.SUCCESSION else None,
        )
        for pk, code, kind, day, specified, published, succeeded in rows
    ]


def lifespans(states: Iterable[State]) -> dict[str, Lifespan]:
    """The existence of each of ``states`` that has known bounds, with its predecessors and
    successors by name (one query for the links, none if no state has bounds)."""
    bounded = {s.pk: s for s in states if s.exists_from or s.exists_until}
    if not bounded:
        return {}
    linked = State.objects.filter(pk__in=bounded).prefetch_related("predecessors", "successors")
    return {
        s.code: Lifespan(
            name=s.short_name,
            exists_from=s.exists_from,
            exists_until=s.exists_until,
            predecessors=tuple(
                (p.short_name, p.exists_from, p.exists_until) for p in s.predecessors.all()
            ),
            successors=tuple(n.short_name for n in s.successors.all()),
        )
        for s in linked
    }


def existence_errors(events: Sequence[tuple[EventIn, State]]) -> list[Violation]:
    """Events dated when their state did not exist (see ``rules.existence_violations``)."""
    states = {state.pk: state for _, state in events}
    outside = [
        (ev, state)
        for ev, state in events
        if (state.exists_from and ev.date < state.exists_from)
        or (state.exists_until and ev.date > state.exists_until)
    ]
    if not outside:
        return []
    spans = lifespans(states[s.pk] for _, s in outside)
    return existence_violations([ev for ev, _ in outside], spans)


def check_change(
    *, treaty: Treaty, candidate: Event | None, dropped_id: int | None, today: date
) -> None:
    """Reject a change (``candidate`` added or replacing itself, ``dropped_id`` removed) that
    introduces a rule violation, or an event dated when its state did not exist. Raises
    :class:`EventRejected` with the engine's codes ("not_bound", "too_early",
    "state_did_not_exist") so that API clients get precise codes."""
    if candidate is not None:
        before = (
            Event.objects.filter(pk=candidate.pk).select_related("state").first()
            if candidate.pk is not None
            and (candidate.state.exists_from or candidate.state.exists_until)
            else None
        )
        _raise_if_any(
            introduced(
                existence_errors([(event_in(before), before.state)]) if before else [],
                existence_errors([(event_in(candidate), candidate.state)]),
            )
        )
        closed = signature_closed_violation(
            un_reference=treaty.un_reference,
            treaty_name=treaty.name,
            entry_into_force=treaty.entry_into_force_date,
            kind=candidate.kind,
            day=candidate.date,
            event_id=candidate.pk or "new",
        )
        _raise_if_any([closed] if closed else [])
    if not treaty.rules:
        return
    stored = stored_events(treaty)
    changed_ids = {dropped_id, candidate.pk if candidate is not None else None} - {None}
    after = [e for e in stored if e.id not in changed_ids]
    if candidate is not None:
        after.append(event_in(candidate))
    _raise_if_any(
        introduced(
            rule_violations(treaty=treaty, events=stored, today=today),
            rule_violations(treaty=treaty, events=after, today=today),
        )
    )


def _raise_if_any(violations: list[Violation]) -> None:
    if violations:
        errors: dict[str, list[ValidationError]] = defaultdict(list)
        for v in sorted(violations, key=lambda v: (str(v.event_id), v.field, v.code)):
            errors[v.field or "__all__"].append(ValidationError(v.message, code=v.code))
        raise EventRejected(dict(errors))


def full_clean(event: Event) -> None:
    """The model's validation, as an :class:`EventRejected`."""
    try:
        event.full_clean()
    except ValidationError as exc:
        raise EventRejected(exc.message_dict) from exc


def field_errors(event: Event) -> list[str]:
    """Field-level validation without a query (for batches; uniqueness is checked in memory
    by the caller)."""
    try:
        event.clean_fields(exclude={"treaty", "state"})
    except ValidationError as exc:
        return [f"{name}: {' '.join(msgs)}" for name, msgs in exc.message_dict.items()]
    if event.specified_effective_date and event.kind not in SPECIFIED_DATE_KINDS:
        return ["specified_effective_date: only a withdrawal or a succession can specify it"]
    return []
