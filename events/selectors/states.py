"""A state's position on every treaty on a date, with its status and words decided: the state
page's table. One vocabulary (``rules.statuses``): ``NOT_JOINED`` where the record says the
state had not joined, ``NOT_RECORDED`` where the record does not say."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, OuterRef

from rules import NOT_ADOPTED, NOT_IN_TABLE, NOT_JOINED, NOT_RECORDED, status_label
from rules.dates import format_date
from states.models import State
from states.names import league_entries_naming
from treaties.models import Treaty

from ..models import Event
from .noted import NOTED_HISTORY_INTRO, noted_history_by_treaty
from .record import RecordDay, positions_on_record, record_day, until_known


@dataclass(frozen=True)
class StateTreatyRow:
    """The state's position on one treaty on a date, as every reader should see it.

    ``detail``: what the row adds in a sentence (the League of Nations' list, the history the
    depositary's notes tell and no date could be read from, quoted); ``absent``: the
    state did not exist on the date (so it could be bound by nothing)."""

    treaty: Treaty
    status: str
    label: str
    detail: str = ""
    since: date | None = None
    until: date | None = None
    absent: bool = False
    #: The change that ends the status was recorded after the date asked for.
    until_later: bool = False
    #: The treaty's record on the date asked for (its date, and whether the date is past it).
    record: RecordDay | None = None


def existed_on(state: State, on: date) -> bool:
    """Whether the state existed on ``on`` (its dates of existence, where recorded)."""
    before = bool(state.exists_from and on < state.exists_from)
    after = bool(state.exists_until and on > state.exists_until)
    return not (before or after)


def state_treaties(*, state: State, on: date) -> list[StateTreatyRow]:
    """The state's row on every treaty, by treaty name (four queries, and the state's aliases
    unless prefetched, as ``states.selectors.state_detail`` does).

    Every treaty, so that "not joined" is stated rather than left out — but only where the
    depositary's participants are recorded: a file without a participants table (the Rome
    Statute's in 2018) says nothing about who joined, nor does one whose pre-1946 parties are
    in the League of Nations' list (``NOT_RECORDED``). A state that did not exist on the date
    is said so, whatever the treaty.
    """
    # Each treaty's row on its record's date where that is earlier (``record``).
    positions = {row.treaty.pk: row for row in positions_on_record(state=state, on=on)}
    existed = existed_on(state, on)
    names = [state.short_name, state.official_name, *(a.name for a in state.aliases.all())]
    recorded = Exists(Event.objects.filter(treaty=OuterRef("pk")))
    noted = noted_history_by_treaty(state=state)
    rows = []
    for treaty in Treaty.objects.annotate(participants_recorded=recorded).order_by("short_name"):
        position = positions.get(treaty.pk)
        status = position.status if position else NOT_JOINED
        label = status_label(status)
        detail = ""
        record = record_day(treaty, on)
        if position is None and treaty.adopted_on and on < treaty.adopted_on:
            status, label = NOT_ADOPTED, status_label(NOT_ADOPTED)
            detail = f"The treaty was adopted on {format_date(treaty.adopted_on)}."
        elif position is None and existed and not treaty.has_participant_data:
            status, label = NOT_RECORDED, "Not recorded: no participants table"
            detail = "The depositary's record of this treaty has no participants table."
        elif position is None and existed and not treaty.participants_recorded:
            status = NOT_RECORDED
            label = status_label(status)
        elif position is None and existed and treaty.league_instruments:
            # The League of Nations' instruments are listed apart and not imported: "not
            # joined" would deny a ratification the depositary records.
            status, label = NOT_RECORDED, NOT_IN_TABLE
            detail = _league_detail(treaty, names)
        for text in noted.get(treaty.pk, []):
            detail = f"{detail} {NOTED_HISTORY_INTRO}: «{text}»".strip()
        rows.append(
            StateTreatyRow(
                treaty=treaty,
                status=status,
                label=label,
                detail=detail,
                since=position.since if position else None,
                until=position.until if position else None,
                absent=not existed and status == NOT_JOINED,
                until_later=bool(position and not until_known(position, record.day)),
                record=record,
            )
        )
    return rows


def _league_detail(treaty: Treaty, names: list[str]) -> str:
    """What the row adds for a treaty whose League of Nations instruments are not imported:
    the list's own entries under the state's name, quoted, if it has any."""
    named = league_entries_naming(treaty.league_list, names)
    if not named:
        return (
            f"The League of Nations' list of {treaty.league_instruments} instruments is not"
            " imported."
        )
    acts = "; ".join(f"{e['kind']} of {format_date(date.fromisoformat(e['date']))}" for e in named)
    return (
        f"The League of Nations' list names it: {acts} (not imported: whether that binds the"
        " state today is not in the table)."
    )
