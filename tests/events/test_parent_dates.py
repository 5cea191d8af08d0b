"""A protocol whose rules wait for its parent reads the parent's dates from the database: a
consent to the parent whose date of effect is unknown is unknown for the protocol too, never
"the parent is not in force for the state"."""

from __future__ import annotations

import copy
import datetime as dt

import pytest

from events.models import Event
from events.services import treaty_recompute
from tests.factories import SOURCE, EventFactory, StateFactory, TreatyFactory
from tests.rules.test_record_evidence import PROTOCOL_WAITING_FOR_PARENT

pytestmark = pytest.mark.django_db


def test_a_consent_to_a_parent_without_rules_leaves_the_protocols_date_unknown():
    # The parent has no rules: its consents are "date of effect not computed", and its entry
    # into force is the depositary's recorded date.
    parent = TreatyFactory.create(recorded_entry_into_force=dt.date(1999, 1, 1))
    protocol = TreatyFactory.create(parent=parent, rules=copy.deepcopy(PROTOCOL_WAITING_FOR_PARENT))
    first, later = StateFactory.create(), StateFactory.create()
    for state, day in ((first, dt.date(1998, 6, 1)), (later, dt.date(2001, 1, 1))):
        EventFactory.create(
            treaty=parent, state=state, kind="ratification", date=day, source_url=SOURCE
        )
    EventFactory.create(treaty=protocol, state=first, date=dt.date(2000, 1, 1), source_url=SOURCE)
    EventFactory.create(treaty=protocol, state=later, date=dt.date(2001, 2, 1), source_url=SOURCE)
    treaty_recompute(treaty_id=parent.pk)
    assert set(
        Event.objects.filter(treaty=parent).values_list("effective_date_basis", flat=True)
    ) == {"unknown"}
    treaty_recompute(treaty_id=protocol.pk)
    protocol.refresh_from_db()
    assert protocol.entry_into_force_date == dt.date(2000, 1, 31)
    event = Event.objects.get(treaty=protocol, state=later)
    assert (event.effective_date, event.effective_date_basis) == (None, "unknown")
    assert "not known" in str(event.explanation)
