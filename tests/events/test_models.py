"""The database itself refuses what must never be stored."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from events.models import Event, EventKind
from tests.factories import EventFactory, StateFactory, TreatyFactory

pytestmark = pytest.mark.django_db


def test_the_database_refuses_a_duplicate_event():
    first = EventFactory.create()
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.create(
            treaty=first.treaty,
            state=first.state,
            kind=first.kind,
            date=first.date,
            source_url=first.source_url,
        )
    assert Event.objects.count() == 1


def test_the_database_refuses_an_event_without_a_source():
    with pytest.raises(IntegrityError), transaction.atomic():
        EventFactory.create(source_url="")
    assert Event.objects.count() == 0


def test_the_database_refuses_an_unknown_event_kind():
    with pytest.raises(IntegrityError), transaction.atomic():
        EventFactory.create(kind="rumour")


def test_the_database_refuses_a_specified_date_on_a_signature():
    with pytest.raises(IntegrityError), transaction.atomic():
        EventFactory.create(kind=EventKind.SIGNATURE, specified_effective_date=dt.date(2012, 1, 1))


def test_the_database_refuses_a_lowercase_state_code():
    with pytest.raises(IntegrityError), transaction.atomic():
        StateFactory.create(code="ltu")


def test_the_database_refuses_an_empty_derived_period():
    from events.models import StatusPeriod

    treaty, state = TreatyFactory.create(), StateFactory.create(code="LTU", short_name="Lithuania")
    with pytest.raises(IntegrityError), transaction.atomic():
        StatusPeriod.objects.create(
            treaty=treaty,
            state=state,
            status="party",
            valid_from=dt.date(2011, 9, 1),
            valid_until=dt.date(2011, 9, 1),
        )


def test_a_new_treaty_is_stale_until_its_dates_are_computed():
    from treaties.models import Treaty

    treaty = TreatyFactory.create()
    assert treaty.is_stale
    assert list(Treaty.objects.stale()) == [treaty]
