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
