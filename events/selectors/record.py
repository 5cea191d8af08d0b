"""The record a treaty's facts come from: its date, and what a date past it can be told.

Never a false answer: the database holds the depositary's record as of its date
(``Treaty.status_as_at``, with ``Treaty.record_basis`` saying where that date comes from).
Nothing after that date is known here, so a question about a later date is answered with the
status *on the record's date*, and says so; nothing is called "today" beyond the record.

A treaty without a record date is kept current by an editor (its facts are what the
database holds today): its answers are given for the date asked.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from rules.dates import format_date
from states.models import State
from treaties.models import Treaty

from .participants import (
    ParticipantRow,
    TreatyRef,
    signatory_counts,
    state_positions,
    status_counts,
)

__all__ = [
    "RecordDay",
    "after_record",
    "counts_on_record",
    "positions_on_record",
    "record_basis_words",
    "record_date",
    "record_day",
    "record_sentence",
    "statuses_on_record",
    "until_known",
    "whole_parties",
]

#: Where the record's date comes from, in words (``Treaty.record_basis``).
BASIS_WORDS = {
    "as_of": "the status date given when it was imported",
    "depositary": "the status date the depositary's record states",
    "latest_act": "the latest act its file records: the file states no date, and is at least "
    "that recent",
    "editor": "set by an editor",
    "": "the date of the depositary's status it was taken from",
}


@dataclass(frozen=True, slots=True)
class RecordDay:
    """The date a question is answered for."""

    #: The date asked for.
    asked: date
    #: The date the answer is given for: ``asked``, or the record's date when that is earlier.
    day: date
    #: The record's date (None: kept current by an editor).
    record_as_of: date | None
    #: The date asked is after the record's: the answer is the status on the record's date.
    past_record: bool


def record_date(status_as_at: date | None, latest_act_on: date | None) -> date | None:
    """The record's date: the depositary's status date, or the latest act recorded since
    (an editor's entry from the depositary's notifications), whichever is later; None without
    a status date (kept current by an editor)."""
    if status_as_at is None:
        return None
    return max(status_as_at, latest_act_on or status_as_at)


def record_day(treaty: Treaty, asked: date) -> RecordDay:
    """The date to answer ``asked`` with, for ``treaty``'s record."""
    as_of = record_date(treaty.status_as_at, treaty.latest_act_on)
    past = as_of is not None and asked > as_of
    return RecordDay(asked=asked, day=as_of if past and as_of else asked, record_as_of=as_of,
                     past_record=past)  # fmt: skip


def record_basis_words(treaty: Treaty) -> str:
    """Where the record's date comes from, in words."""
    return BASIS_WORDS.get(treaty.record_basis, BASIS_WORDS[""])


def record_sentence(treaty: Treaty) -> str:
    """What a reader must know of a date past the record, in one sentence (no asked date in
    it: a page stores it for every date past the record)."""
    as_of = record_date(treaty.status_as_at, treaty.latest_act_on)
    if treaty.status_as_at is None or as_of is None:
        return ""
    since = (
        f", with the acts recorded since, up to {format_date(as_of)}"
        if as_of > treaty.status_as_at
        else ""
    )
    return (
        f"This database holds the depositary's record of the {treaty.short_name} as of "
        f"{format_date(treaty.status_as_at)} ({record_basis_words(treaty)}){since}: later "
        "signatures, ratifications or withdrawals are not in this database."
    )


T = TypeVar("T")


def _by_day(
    treaties: Iterable[Treaty], asked: date, count: Callable[..., dict[int, T]]
) -> dict[int, T]:
    """``count`` per treaty on its own answer date: one query per distinct date (one for a
    corpus imported as of one date)."""
    days: dict[date, list[int]] = defaultdict(list)
    for treaty in treaties:
        days[record_day(treaty, asked).day].append(treaty.pk)
    found: dict[int, T] = {}
    for day, ids in days.items():
        found |= count(treaty_ids=ids, on=day)
    return found


def counts_on_record(
    treaties: Iterable[Treaty], asked: date
) -> tuple[dict[int, dict[str, int]], dict[int, int]]:
    """Status counts and signatory counts of each treaty on the date its record answers
    ``asked`` with (:func:`record_day`)."""
    chosen = list(treaties)
    return statuses_on_record(chosen, asked), _by_day(chosen, asked, signatory_counts)


def statuses_on_record(treaties: Iterable[Treaty], asked: date) -> dict[int, dict[str, int]]:
    """Status counts of each treaty on the date its record answers ``asked`` with."""
    return _by_day(treaties, asked, status_counts)


def whole_parties(treaty: Treaty, counts: dict[str, int] | None) -> int | None:
    """The number of states bound (parties, and those whose withdrawal is pending), or None
    where it is not known: no participants table, the League of Nations' instruments not
    imported (``Treaty.participants_incomplete``), or consents whose dates of effect are
    not computed. Never 0 for a gap."""
    if treaty.participants_incomplete:
        return None
    counts = counts or {}
    if counts.get("consented_unknown"):
        return None
    return counts.get("party", 0) + counts.get("withdrawal_pending", 0)


def positions_on_record(
    *, state: State, on: date, with_intervals: bool = False
) -> list[ParticipantRow]:
    """:func:`state_positions` with each treaty's row on the date its record answers ``on``
    with: a treaty whose record is older is read on its record's date, in the same queries.
    (Every event of a treaty is dated by its record's date, which extends to the latest act.)"""

    def day_of(treaty: TreatyRef) -> date:
        as_of = record_date(treaty.status_as_at, treaty.latest_act_on)
        return as_of if as_of is not None and on > as_of else on

    return state_positions(state=state, on=on, with_intervals=with_intervals, day_of=day_of)


def until_known(row: ParticipantRow, on: date) -> bool:
    """Whether the end of the row's status (``row.until``) follows from the facts recorded by
    ``on``: an entry into force or a withdrawal's effect of an act made by then. A status
    ended by an act made later (a withdrawal notified after ``on``) is a fact recorded after
    the date, which a page for the date must not give as known."""
    if row.until is None:
        return True
    return any(
        e.date <= on and (e.date == row.until or e.effective_date == row.until) for e in row.events
    )


def after_record(treaty: Treaty, day: date) -> str:
    """For a date computed past the treaty's record (an entry into force or a withdrawal's
    effect that follows from acts on record), the words that say so; "" otherwise."""
    as_of = record_date(treaty.status_as_at, treaty.latest_act_on)
    if as_of is None or day <= as_of:
        return ""
    return (
        f"Computed from the depositary's record as of {format_date(as_of)}; later changes are "
        "not in this database."
    )
