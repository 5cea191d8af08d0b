"""Selectors list what the stored status says, including retroactive successions."""

from __future__ import annotations

import copy
import datetime as dt

import pytest

from events.models import Event
from events.selectors.participants import change_points, participants_on, state_positions
from events.services import treaty_recompute
from rules import CATALOGUE
from states.models import State
from treaties.models import Treaty

pytestmark = pytest.mark.django_db


def test_south_sudan_is_listed_as_a_party_before_its_succession_was_deposited():
    rules = copy.deepcopy(CATALOGUE["apmbc"]["rules"])
    rules["entry_into_force"]["recorded_date"] = "1999-03-01"  # the 40 instruments aren't here
    apmbc = Treaty.objects.create(slug="apmbc", short_name="APMBC", title="Ottawa", rules=rules)
    south_sudan = State.objects.create(code="SSD", short_name="South Sudan")
    Event.objects.create(
        treaty=apmbc,
        state=south_sudan,
        kind="succession",
        date=dt.date(2011, 11, 11),
        specified_effective_date=dt.date(2011, 7, 9),  # independence
        source_url="https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=XXVI-5",
    )
    treaty_recompute(treaty_id=apmbc.pk)

    rows = participants_on(treaty=apmbc, on=dt.date(2011, 8, 1))

    assert [(r.state.code, r.status) for r in rows] == [("SSD", "party")]
    assert rows[0].entry_into_force_date == dt.date(2011, 7, 9)


def test_south_sudans_position_says_party_before_its_succession_was_deposited_too():
    # The state page reads state_positions: it must say what the treaty page says.
    rules = copy.deepcopy(CATALOGUE["apmbc"]["rules"])
    rules["entry_into_force"]["recorded_date"] = "1999-03-01"
    apmbc = Treaty.objects.create(slug="apmbc", short_name="APMBC", title="Ottawa", rules=rules)
    south_sudan = State.objects.create(code="SSD", short_name="South Sudan")
    Event.objects.create(
        treaty=apmbc,
        state=south_sudan,
        kind="succession",
        date=dt.date(2011, 11, 11),
        specified_effective_date=dt.date(2011, 7, 9),
        source_url="https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=XXVI-5",
    )
    treaty_recompute(treaty_id=apmbc.pk)

    rows = state_positions(state=south_sudan, on=dt.date(2011, 8, 1))

    assert [(r.treaty.slug, r.status, r.since) for r in rows] == [
        ("apmbc", "party", dt.date(2011, 7, 9))
    ]


def test_change_points_hold_every_date_the_answers_read():
    rules = copy.deepcopy(CATALOGUE["apmbc"]["rules"])
    rules["entry_into_force"]["recorded_date"] = "1999-03-01"
    apmbc = Treaty.objects.create(slug="apmbc", short_name="APMBC", title="Ottawa", rules=rules)
    norway = State.objects.create(code="NOR", short_name="Norway")
    source = "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=XXVI-5"
    for kind, day in (("signature", dt.date(1997, 12, 3)), ("ratification", dt.date(1998, 7, 9))):
        Event.objects.create(treaty=apmbc, state=norway, kind=kind, date=day, source_url=source)
    treaty_recompute(treaty_id=apmbc.pk)

    expected = [dt.date(1997, 12, 3), dt.date(1998, 7, 9), dt.date(1999, 3, 1)]
    assert change_points(treaty_slug="apmbc") == expected  # deposits, and entry into force
    assert change_points(state_code="NOR") == expected
    assert change_points(treaty_slug="nope") == []


def test_state_treaties_says_not_recorded_only_where_the_record_does_not_say():
    # One vocabulary: a treaty with participants on record and none of this state's acts is
    # "not joined"; one without any participants on record, or whose pre-1946 parties are in
    # the League of Nations' list, is "not recorded" — with the vocabulary's labels.
    from events.selectors.states import state_treaties
    from rules import LABELS, NOT_IN_TABLE, NOT_JOINED, NOT_RECORDED, ORDER

    netherlands = State.objects.create(
        code="NLD", short_name="Netherlands", official_name="Kingdom of the Netherlands"
    )
    other = State.objects.create(code="BEL", short_name="Belgium")
    recorded = Treaty.objects.create(slug="a-recorded", short_name="A", title="A")
    Event.objects.create(
        treaty=recorded, state=other, kind="signature", date=dt.date(2000, 1, 1),
        source_url="https://example.org/a",
    )  # fmt: skip
    Treaty.objects.create(slug="b-no-table", short_name="B", title="B")
    league = Treaty.objects.create(
        slug="c-league", short_name="C", title="C", league_instruments=2,
        league_list=[{"who": "The Netherlands", "kind": "ratification", "date": "1928-01-07"}],
    )  # fmt: skip
    Event.objects.create(
        treaty=league, state=other, kind="accession", date=dt.date(1950, 1, 1),
        source_url="https://example.org/c",
    )  # fmt: skip

    rows = state_treaties(state=netherlands, on=dt.date(2020, 1, 1))

    assert [(r.treaty.slug, r.status, r.label) for r in rows] == [
        ("a-recorded", NOT_JOINED, LABELS[NOT_JOINED]),
        ("b-no-table", NOT_RECORDED, LABELS[NOT_RECORDED]),
        ("c-league", NOT_RECORDED, NOT_IN_TABLE),
    ]
    assert rows[2].detail.startswith("The League of Nations' list names it: ratification of 7 Jan")
    assert NOT_RECORDED not in ORDER  # never counted, never a filter


def test_state_treaties_says_absent_for_a_state_that_did_not_exist():
    from events.selectors.states import state_treaties

    gone = State.objects.create(
        code="YUG", short_name="Yugoslavia", exists_until=dt.date(1992, 4, 27)
    )
    Treaty.objects.create(slug="b-no-table", short_name="B", title="B")
    treaty = Treaty.objects.create(slug="a", short_name="A", title="A")
    Event.objects.create(
        treaty=treaty, state=State.objects.create(code="BEL", short_name="Belgium"),
        kind="signature", date=dt.date(2000, 1, 1), source_url="https://example.org/a",
    )  # fmt: skip

    rows = state_treaties(state=gone, on=dt.date(2000, 1, 1))

    # Not "not recorded": the state could be bound by nothing on that date.
    assert [(r.status, r.absent) for r in rows] == [("not_joined", True), ("not_joined", True)]
