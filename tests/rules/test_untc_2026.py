"""The engine against the UN Treaty Collection's real status tables (status as at 2026-02-03).

The files are read in place from ``../shared/data/untc-status-2026/`` with the csv module and
mapped to ``EventIn`` with the catalogue's rules. Withdrawals are not rows of their own in the
UN tables: they are described in footnotes ("On 27 June 2025, the Government of ... deposited
... a notification of withdrawal ... The withdrawal took effect for Estonia on 27 December
2025"), so the footnotes are parsed too and the depositary's stated date is kept as the
published effective date, to be checked against the rule.
"""

import csv
import re
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest

from rules import (
    CATALOGUE,
    PARTY,
    SIGNATORY,
    WITHDRAWAL_PENDING,
    WITHDRAWN,
    EventIn,
    catalogue_rules,
    compute,
    status_on,
    validate,
)
from tests.conftest import SHARED_DATA

DATA = SHARED_DATA / "untc-status-2026"
STATUS_AS_AT = date(2026, 2, 3)
ACTION_KINDS = {
    "": "ratification",
    "a": "accession",
    "A": "acceptance",
    "AA": "approval",
    "d": "succession",
}
FILES = {
    "ccm": "CCM_XXVI-6",
    "apmbc": "APMBC_XXVI-5",
    "att": "ATT_XXVI-8",
    "tpnw": "TPNW_XXVI-9",
    "cwc": "CWC_XXVI-3",
    "ctbt": "CTBT_XXVI-4",
}
_WITHDRAWAL = re.compile(
    r"On (\d{1,2} \w+ \d{4}), the Government of .*? deposited with the Secretary-General a"
    r" notification of withdrawal.*?(?:took|will take) effect for .*? on (\d{1,2} \w+ \d{4})",
    re.DOTALL,
)


@pytest.fixture(autouse=True)
def _tables(shared_data):
    """Every test here reads the UN's tables: without them, one line says where they belong."""


def _day(text: str) -> date:
    return datetime.strptime(text, "%d %B %Y").date()


def _status_file(slug: str) -> Path:
    if slug == "paris-agreement":
        return DATA / "PARIS_XXVII-7-d_status_2023.csv"
    return DATA / f"{FILES[slug]}_status.csv"


def load(slug: str) -> list[EventIn]:
    """Signatures and consents from the status table; withdrawals from its footnotes."""
    notes: dict[str, str] = {}
    if slug in FILES:
        with (DATA / f"{FILES[slug]}_footnotes.csv").open(encoding="utf-8") as handle:
            notes = {row["note_number"]: row["text"] for row in csv.DictReader(handle)}
    events: list[EventIn] = []
    with _status_file(slug).open(encoding="utf-8") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            state = row["participant"]
            if row["signature_date"]:
                events.append(
                    EventIn(
                        f"{line}s", state, "signature", date.fromisoformat(row["signature_date"])
                    )
                )
            if row["action_date"]:
                events.append(
                    EventIn(
                        f"{line}a",
                        state,
                        ACTION_KINDS[row["action_code"]],
                        date.fromisoformat(row["action_date"]),
                    )
                )
            for ref in filter(None, re.split(r"[,; ]+", row["footnote_refs"])):
                match = _WITHDRAWAL.search(notes.get(ref, ""))
                if match:
                    events.append(
                        EventIn(
                            f"{line}w{ref}",
                            state,
                            "withdrawal",
                            _day(match.group(1)),
                            published_effective_date=_day(match.group(2)),
                        )
                    )
    return events


@pytest.mark.parametrize(
    ("slug", "expected"),
    [
        ("ccm", date(2010, 8, 1)),
        ("apmbc", date(1999, 3, 1)),
        ("att", date(2014, 12, 24)),
        ("tpnw", date(2021, 1, 22)),
        ("cwc", date(1997, 4, 29)),
        ("ctbt", None),
        ("paris-agreement", date(2016, 11, 4)),
    ],
)
def test_treaty_entry_into_force_from_the_un_status_table(slug, expected):
    assert compute(catalogue_rules(slug), load(slug)).entry_into_force == expected


@pytest.mark.parametrize(
    ("slug", "threshold", "batch"),
    [
        ("ccm", date(2010, 2, 16), 2),  # Burkina Faso and Moldova
        ("apmbc", date(1998, 9, 16), 2),  # Burkina Faso and Equatorial Guinea
        ("att", date(2014, 9, 25), 8),  # from 45 to 53
        ("tpnw", date(2020, 10, 24), 1),  # Honduras
        ("cwc", date(1996, 10, 31), 1),
    ],
)
def test_threshold_day_and_batch_from_the_un_status_table(slug, threshold, batch):
    result = compute(catalogue_rules(slug), load(slug))
    assert result.threshold_date == threshold
    assert len(result.threshold_batch) == batch


def test_the_footnotes_yield_the_six_withdrawals_of_the_spec():
    withdrawals = {(slug, e.state) for slug in FILES for e in load(slug) if e.kind == "withdrawal"}
    assert withdrawals == {
        ("ccm", "Lithuania"),
        ("apmbc", "Estonia"),
        ("apmbc", "Finland"),
        ("apmbc", "Latvia"),
        ("apmbc", "Lithuania"),
        ("apmbc", "Poland"),
    }


@pytest.mark.parametrize("slug", ["ccm", "apmbc"])
def test_every_withdrawal_date_the_un_published_is_the_one_the_rule_gives(slug):
    events = load(slug)
    result = compute(catalogue_rules(slug), events)
    for event in events:
        if event.kind == "withdrawal":
            effect = result.effects[event.id]
            assert effect.effective_date == event.published_effective_date, event.state
            assert effect.disagrees is False


def test_status_of_the_2025_apmbc_withdrawals_on_the_un_status_date():
    result = compute(catalogue_rules("apmbc"), load("apmbc"))
    for state in ("Estonia", "Finland", "Latvia", "Lithuania"):
        assert status_on(result.periods, state, STATUS_AS_AT) == WITHDRAWN, state
    assert status_on(result.periods, "Poland", STATUS_AS_AT) == WITHDRAWAL_PENDING
    assert status_on(result.periods, "Ukraine", STATUS_AS_AT) == PARTY


def test_apmbc_successions_from_the_un_table_bind_from_the_date_of_succession():
    # The dates of succession of the states reference data (states/data/states.csv).
    dates = {"Montenegro": date(2006, 6, 3), "South Sudan": date(2011, 7, 9)}
    events = [
        replace(e, succession_date=dates.get(e.state)) if e.kind == "succession" else e
        for e in load("apmbc")
    ]
    result = compute(catalogue_rules("apmbc"), events)
    successions = {e.state: e for e in events if e.kind == "succession"}
    assert set(successions) == set(dates)
    for state, day in dates.items():
        assert result.effects[successions[state].id].effective_date == day, state
    # Without it, no date: never the deposit + six months of art. 17(2) (1 Apr 2007).
    bare = compute(catalogue_rules("apmbc"), load("apmbc"))
    assert all(bare.effects[e.id].effective_date is None for e in successions.values())


def test_tpnw_jamaica_nauru_and_cambodia_from_the_un_table():
    events = load("tpnw")
    result = compute(catalogue_rules("tpnw"), events)
    by_state = {
        e.state: result.effects[e.id].effective_date for e in events if e.id in result.effects
    }
    assert by_state["Jamaica"] == date(2021, 1, 22)
    assert by_state["Nauru"] == date(2021, 1, 22)
    assert by_state["Cambodia"] == date(2021, 4, 22)


def test_russia_appears_in_the_ctbt_table_as_a_signatory_only():
    result = compute(catalogue_rules("ctbt"), load("ctbt"))
    assert status_on(result.periods, "Russian Federation", STATUS_AS_AT) == SIGNATORY


def test_paris_2023_table_algeria_takes_19_november_2016():
    events = load("paris-agreement")
    result = compute(catalogue_rules("paris-agreement"), events)
    algeria = next(e for e in events if e.state == "Algeria" and e.kind != "signature")
    assert result.effects[algeria.id].effective_date == date(2016, 11, 19)


@pytest.mark.parametrize("slug", [*FILES, "paris-agreement"])
def test_the_un_tables_pass_editorial_validation(slug):
    adopted_on = CATALOGUE[slug]["adopted_on"]
    violations = validate(
        catalogue_rules(slug),
        load(slug),
        today=STATUS_AS_AT,
        adopted_on=date.fromisoformat(adopted_on) if adopted_on else None,
    )
    assert violations == []
