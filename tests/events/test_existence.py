"""An act dated when its state did not exist is refused, in words that name the state's dates
and whose act it must have been; the depositary's own record is imported and listed."""

from __future__ import annotations

import importlib
from datetime import date

import pytest
from django.apps import apps

from events.exceptions import EventRejected
from events.services import event_record
from events.services.events import EventRow, events_apply
from states.models import State, StateAlias
from states.services import states_load
from tests.factories import SOURCE, TreatyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reference_states():
    states_load()
    return {code: State.objects.get(code=code) for code in ("SUN", "RUS", "SSD", "SRB")}


def test_a_ussr_ratification_dated_2010_is_refused_naming_its_end_and_its_successor(
    reference_states,
):
    treaty = TreatyFactory.create()
    with pytest.raises(EventRejected) as refused:
        event_record(
            treaty=treaty,
            state=reference_states["SUN"],
            kind="ratification",
            date=date(2010, 3, 1),
            source_url=SOURCE,
        )
    (message,) = refused.value.message_dict["date"]
    assert message.startswith(
        "Ratification dated 1 Mar 2010, but Union of Soviet Socialist Republics existed until"
        " 25 Dec 1991 (its successors: Armenia, "
    )
    assert "Russian Federation" in message
    assert refused.value.error_dict["date"][0].code == "state_did_not_exist"


def test_a_south_sudan_accession_dated_1990_is_refused(reference_states):
    with pytest.raises(EventRejected, match="South Sudan exists from 9 Jul 2011"):
        event_record(
            treaty=TreatyFactory.create(),
            state=reference_states["SSD"],
            kind="accession",
            date=date(1990, 1, 1),
            source_url=SOURCE,
        )


def test_serbias_row_may_carry_the_acts_of_serbia_and_montenegro(reference_states):
    # The depositary lists the acts of the state Serbia continues under Serbia's name.
    event = event_record(
        treaty=TreatyFactory.create(),
        state=reference_states["SRB"],
        kind="accession",
        date=date(2001, 3, 12),
        source_url=SOURCE,
    )
    assert event.pk


def test_a_depositary_import_records_such_an_act_and_lists_it_as_an_inconsistency(
    reference_states,
):
    treaty = TreatyFactory.create()
    row = EventRow(
        line="row 1", state=reference_states["SUN"], kind="ratification",
        date=date(2010, 3, 1), source_url=SOURCE,
    )  # fmt: skip
    result = events_apply(treaty=treaty, rows=[row], strict=False)
    assert result.created == 1
    assert result.inconsistencies[0][1].startswith("Ratification dated 1 Mar 2010, but Union")


def test_a_migrated_database_has_the_states_reference_data():
    # The session cleared what the migration loaded; its loader fills an empty table again.
    assert not State.objects.exists()
    migration = importlib.import_module("states.migrations.0003_reference_data")
    migration.load_reference_states(apps, None)
    assert State.objects.count() == 235
    assert (
        StateAlias.objects.filter(name="Zambia").exists()
        or State.objects.filter(short_name="Zambia").exists()
    )
    assert State.objects.get(code="RUS").predecessors.get().code == "SUN"
