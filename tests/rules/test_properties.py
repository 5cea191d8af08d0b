"""Invariants of the engine over arbitrary event histories (Hypothesis).

The histories are deliberately messy (withdrawals by states that never joined, rescissions of
nothing, retroactive successions, conflicts): the engine must stay consistent whatever editors
record, and leave the complaining to ``validate``.
"""

import itertools
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from rules import (
    PARTY,
    STATUSES,
    WITHDRAWAL_PENDING,
    Conflict,
    EventIn,
    catalogue_rules,
    compute,
    status_on,
)

SLUGS = ["ccm", "apmbc", "rome-statute", "paris-agreement", "att", "tpnw", "cwc", "ctbt", "npt"]
STATES = ["Alpha", "Bravo", "Charlie", "Delta"]
KINDS = [
    "signature",
    "ratification",
    "accession",
    "succession",
    "withdrawal",
    "withdrawal_rescinded",
    "consent_revoked",
    "provisional_application",
    "consent_of_unknown_kind",
]
DATED_KINDS = {
    "ratification",
    "accession",
    "succession",
    "withdrawal",
    "withdrawal_rescinded",
    "consent_revoked",
    "consent_of_unknown_kind",
}

days = st.dates(min_value=date(1990, 1, 1), max_value=date(2035, 12, 31))


@st.composite
def events_strategy(draw) -> list[EventIn]:
    raw = draw(
        st.lists(
            st.tuples(
                st.sampled_from(STATES),
                st.sampled_from(KINDS),
                days,
                st.one_of(st.none(), days),
                st.one_of(st.none(), days),
                st.one_of(st.none(), days),
            ),
            max_size=25,
        )
    )
    # A filler of founding instruments lets count-based treaties enter into force sometimes.
    founders = draw(st.integers(min_value=0, max_value=70))
    founding_day = draw(days)
    events = [
        EventIn(id=f"f{i}", state=f"Founder {i}", kind="ratification", date=founding_day)
        for i in range(founders)
    ]
    for index, (state, kind, day, specified, published, succeeded) in enumerate(raw):
        events.append(
            EventIn(
                id=index,
                state=state,
                kind=kind,
                date=day,
                specified_effective_date=specified
                if kind in {"withdrawal", "succession"}
                else None,
                published_effective_date=published,
                succession_date=succeeded if kind == "succession" else None,
            )
        )
    return events


@st.composite
def conflicts_strategy(draw) -> dict[str, list[Conflict]]:
    result: dict[str, list[Conflict]] = {}
    for state in draw(st.lists(st.sampled_from(STATES), unique=True, max_size=2)):
        start = draw(days)
        length = draw(st.one_of(st.none(), st.integers(min_value=1, max_value=2000)))
        end = None if length is None else start + timedelta(days=length)
        result[state] = [Conflict(start, end)]
    return result


def _probe_days(result, events):
    probes = {e.date for e in events}
    for intervals in result.intervals.values():
        for iv in intervals:
            probes.add(iv.start)
            probes.add(iv.start - timedelta(days=1))
            if iv.end is not None:
                probes.add(iv.end)
                probes.add(iv.end - timedelta(days=1))
    for row in result.periods:
        probes.add(row.valid_from)
        if row.valid_until is not None:
            probes.add(row.valid_until)
    return probes


@settings(max_examples=150, deadline=None)
@given(slug=st.sampled_from(SLUGS), events=events_strategy(), conflicts=conflicts_strategy())
def test_membership_intervals_are_ordered_and_never_overlap(slug, events, conflicts):
    result = compute(catalogue_rules(slug), events, conflicts=conflicts)
    for intervals in result.intervals.values():
        for iv in intervals:
            assert iv.end is None or iv.start < iv.end
        for before, after in itertools.pairwise(intervals):
            assert before.end is not None
            assert before.end < after.start


@settings(max_examples=150, deadline=None)
@given(slug=st.sampled_from(SLUGS), events=events_strategy(), conflicts=conflicts_strategy())
def test_an_effect_is_never_before_its_deposit_except_a_dated_succession(slug, events, conflicts):
    result = compute(catalogue_rules(slug), events, conflicts=conflicts)
    for event in events:
        effect = result.effects.get(event.id)
        if event.kind in DATED_KINDS:
            assert effect is not None
        if effect is None or effect.effective_date is None:
            continue
        # A succession binds from the date of succession, often before its notification.
        if event.kind == "succession" and (event.specified_effective_date or event.succession_date):
            continue
        assert effect.effective_date >= event.date


@settings(max_examples=150, deadline=None)
@given(slug=st.sampled_from(SLUGS), events=events_strategy(), conflicts=conflicts_strategy())
def test_status_on_agrees_with_membership_intervals(slug, events, conflicts):
    result = compute(catalogue_rules(slug), events, conflicts=conflicts)
    for state in {e.state for e in events}:
        intervals = result.intervals.get(state, [])
        for day in _probe_days(result, events):
            member = any(iv.contains(day) for iv in intervals)
            status = status_on(result.periods, state, day)
            assert (status in {PARTY, WITHDRAWAL_PENDING}) == member, (state, day, status)


@settings(max_examples=150, deadline=None)
@given(slug=st.sampled_from(SLUGS), events=events_strategy(), conflicts=conflicts_strategy())
def test_status_periods_per_state_are_ordered_and_never_overlap(slug, events, conflicts):
    result = compute(catalogue_rules(slug), events, conflicts=conflicts)
    by_state: dict[str, list] = {}
    for row in result.periods:
        assert row.status in STATUSES
        assert row.valid_until is None or row.valid_from < row.valid_until
        by_state.setdefault(row.state, []).append(row)
    for rows in by_state.values():
        for before, after in itertools.pairwise(rows):
            assert before.valid_until is not None
            assert before.valid_until <= after.valid_from
            # Adjacent rows with the same status would be one row.
            assert before.status != after.status or before.valid_until < after.valid_from


@settings(max_examples=100, deadline=None)
@given(slug=st.sampled_from(SLUGS), events=events_strategy(), conflicts=conflicts_strategy())
def test_computing_twice_gives_the_same_result(slug, events, conflicts):
    rules = catalogue_rules(slug)
    assert compute(rules, events, conflicts=conflicts) == compute(
        rules, events, conflicts=conflicts
    )


@settings(max_examples=100, deadline=None)
@given(
    slug=st.sampled_from(SLUGS),
    events=events_strategy(),
    conflicts=conflicts_strategy(),
    data=st.data(),
)
def test_input_order_does_not_matter(slug, events, conflicts, data):
    rules = catalogue_rules(slug)
    shuffled = data.draw(st.permutations(events))
    assert compute(rules, shuffled, conflicts=conflicts) == compute(
        rules, events, conflicts=conflicts
    )
