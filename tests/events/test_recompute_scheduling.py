"""However many changes one transaction makes to a treaty, the treaty is recomputed once after
it commits; changes that were rolled back, wholly or in a savepoint, queue nothing.

The tests run in real transactions (the recompute is queued on commit) and count the
recompute tasks Celery actually ran, in-process."""

from __future__ import annotations

import copy
import datetime as dt
from collections import Counter
from collections.abc import Iterator

import pytest
from celery.signals import task_prerun
from django.db import transaction

from events.models import Event
from events.services import event_delete, event_record, event_update
from rules import CATALOGUE
from states.models import State
from tests.factories import StateFactory, TreatyFactory
from treaties.models import Treaty

pytestmark = pytest.mark.django_db(transaction=True)

SOURCE = "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=XXVI-6&chapter=26"


class Rollback(Exception):
    """Raised inside a block to roll it back."""


@pytest.fixture
def recomputed() -> Iterator[Counter[int]]:
    """The number of times ``recompute_treaty`` ran, by treaty id."""
    runs: Counter[int] = Counter()

    def count(sender, args, **_):
        if sender.name == "events.tasks.recompute_treaty":
            runs[args[0]] += 1

    task_prerun.connect(count, weak=False)
    yield runs
    task_prerun.disconnect(count)


def _treaty(slug: str) -> Treaty:
    rules = copy.deepcopy(CATALOGUE["ccm"]["rules"])
    # The treaty's own entry into force is recorded, so each ratification below has a date.
    rules["entry_into_force"]["recorded_date"] = "2010-08-01"
    return TreatyFactory.create(slug=slug, adopted_on=dt.date(2008, 5, 30), rules=rules)


@pytest.fixture
def ccm() -> Treaty:
    return _treaty("ccm")


@pytest.fixture
def other() -> Treaty:
    return _treaty("ccm-twin")


@pytest.fixture
def lithuania() -> State:
    return StateFactory.create(code="LTU", short_name="Lithuania")


@pytest.fixture
def norway() -> State:
    return StateFactory.create(code="NOR", short_name="Norway")


@pytest.fixture
def ireland() -> State:
    return StateFactory.create(code="IRL", short_name="Ireland")


def _ratify(treaty: Treaty, state: State, day: dt.date) -> Event:
    return event_record(
        treaty=treaty, state=state, kind="ratification", date=day, source_url=SOURCE
    )


def test_records_updates_and_deletes_in_one_transaction_recompute_the_treaty_once(
    recomputed, ccm, lithuania, norway, ireland
):
    with transaction.atomic():
        lithuanian = _ratify(ccm, lithuania, dt.date(2011, 3, 24))
        norwegian = _ratify(ccm, norway, dt.date(2008, 12, 3))
        irish = _ratify(ccm, ireland, dt.date(2008, 12, 3))
        event_update(event=norwegian, note="Instrument received by the Secretary-General")
        event_delete(event=irish)
        assert recomputed == {}  # nothing before the commit

    assert recomputed == {ccm.pk: 1}
    # The one recompute came after the last change and saw all of them.
    ccm.refresh_from_db()
    assert not ccm.is_stale
    lithuanian.refresh_from_db()
    norwegian.refresh_from_db()
    assert lithuanian.effective_date == dt.date(2011, 9, 1)
    assert norwegian.effective_date == dt.date(2010, 8, 1)


def test_changes_to_two_treaties_in_one_transaction_recompute_each_once(
    recomputed, ccm, other, lithuania, norway
):
    with transaction.atomic():
        _ratify(ccm, lithuania, dt.date(2011, 3, 24))
        _ratify(other, lithuania, dt.date(2011, 3, 24))
        _ratify(ccm, norway, dt.date(2008, 12, 3))
        _ratify(other, norway, dt.date(2008, 12, 3))

    assert recomputed == {ccm.pk: 1, other.pk: 1}


def test_moving_an_event_to_another_treaty_recomputes_both_once(
    recomputed, ccm, other, lithuania, norway
):
    with transaction.atomic():
        _ratify(ccm, norway, dt.date(2008, 12, 3))
        moved = _ratify(ccm, lithuania, dt.date(2011, 3, 24))
        event_update(event=moved, treaty=other)

    assert recomputed == {ccm.pk: 1, other.pk: 1}


def test_a_rolled_back_transaction_queues_nothing_and_the_next_one_queues_again(
    recomputed, ccm, lithuania, norway
):
    with pytest.raises(Rollback), transaction.atomic():
        _ratify(ccm, lithuania, dt.date(2011, 3, 24))
        _ratify(ccm, norway, dt.date(2008, 12, 3))
        raise Rollback
    assert not Event.objects.exists()
    assert recomputed == {}

    with transaction.atomic():
        _ratify(ccm, lithuania, dt.date(2011, 3, 24))
        _ratify(ccm, norway, dt.date(2008, 12, 3))

    assert recomputed == {ccm.pk: 1}


def test_a_rolled_back_savepoint_before_a_committed_change_leaves_one_recompute(
    recomputed, ccm, other, lithuania, norway
):
    with transaction.atomic():
        with pytest.raises(Rollback), transaction.atomic():
            _ratify(ccm, norway, dt.date(2008, 12, 3))
            _ratify(other, norway, dt.date(2008, 12, 3))
            raise Rollback
        _ratify(ccm, lithuania, dt.date(2011, 3, 24))

    # ccm's committed change still queues its recompute although its first change, made in
    # the savepoint, was rolled back; the twin's only change was, so it is not recomputed.
    assert recomputed == {ccm.pk: 1}
    assert list(Event.objects.values_list("treaty__slug", "state__code")) == [("ccm", "LTU")]


def test_a_rolled_back_savepoint_after_a_committed_change_leaves_one_recompute(
    recomputed, ccm, other, lithuania, norway
):
    with transaction.atomic():
        _ratify(ccm, lithuania, dt.date(2011, 3, 24))
        with pytest.raises(Rollback), transaction.atomic():
            _ratify(ccm, norway, dt.date(2008, 12, 3))
            _ratify(other, norway, dt.date(2008, 12, 3))
            raise Rollback

    assert recomputed == {ccm.pk: 1}


def test_each_committed_transaction_recomputes_the_treaty_it_changed(recomputed, ccm, lithuania):
    event = _ratify(ccm, lithuania, dt.date(2011, 3, 24))
    event_update(event=event, note="Instrument received by the Secretary-General")

    assert recomputed == {ccm.pk: 2}


def test_an_import_batch_and_an_edit_in_one_transaction_recompute_the_treaty_once(
    recomputed, ccm, lithuania, norway
):
    from ingest.base import EventRow, ImportReport, apply_rows

    report = ImportReport()
    with transaction.atomic():
        apply_rows(
            treaty=ccm,
            rows=[
                EventRow(
                    line="row 2",
                    state=norway,
                    kind="ratification",
                    date=dt.date(2009, 12, 3),
                    source_url=SOURCE,
                )
            ],
            report=report,
        )
        _ratify(ccm, lithuania, dt.date(2011, 3, 24))
    assert not report.errors
    assert recomputed == {ccm.pk: 1}
    assert Event.objects.filter(treaty=ccm, effective_date__isnull=False).count() == 2
