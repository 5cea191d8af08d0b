"""What is told: each change once, a corrected date as a correction, nothing for a
recomputation that changes nothing, and never a date the record does not support."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from alerts.models import Channel, Delivery, Notice, TreatySeen, Watch
from alerts.notices import day_notices, treaty_changes_detect
from events.models import Event, EventOrigin
from events.services import event_record, event_update, treaty_recompute
from statements.models import Statement
from tests.factories import (
    SOURCE,
    UN_CCM,
    StateFactory,
    TreatyFactory,
    _ratify_all,
    filler_states,
    lithuania,
    treaty_from_catalogue,
)

from .conftest import build_ccm_before_withdrawal, record_ltu_withdrawal


@pytest.fixture
def ccm(db):
    return build_ccm_before_withdrawal(others=30)


def _watch(**target):
    return Watch.objects.create(
        channel=Channel.EMAIL, email="w@example.org", confirmed_at=timezone.now(),
        on_statements=True, reminder_days=30, **target,
    )  # fmt: skip


def test_a_corrected_date_is_a_correction(ccm, mailoutbox, django_capture_on_commit_callbacks):
    treaty, ltu = ccm
    watch = _watch(treaty=treaty)
    withdrawal = record_ltu_withdrawal(treaty, ltu, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        event_update(event=withdrawal, date=date(2024, 9, 5), published_effective_date=None)
    withdrawal.refresh_from_db()
    assert withdrawal.effective_date == date(2025, 3, 5)
    kinds = list(Notice.objects.order_by("pk").values_list("kind", flat=True))
    assert kinds == ["act", "correction"]
    correction = Notice.objects.get(kind="correction")
    assert correction.payload["previous"] == {
        "date": "2024-09-06",
        "effective_date": "2025-03-06",
        "effective_date_basis": "computed",
    }
    assert correction.payload["event"]["effective_date"] == "2025-03-05"
    assert "it read: dated 6 Sep 2024, date of effect 6 Mar 2025" in correction.text
    assert "It is now dated 5 Sep 2024" in correction.text
    assert [m.subject for m in mailoutbox] == [
        "Lithuania: withdrawal from the CCM notified",
        "Correction: Lithuania's withdrawal (denunciation) of the CCM",
    ]
    assert watch.deliveries.count() == 2
    # The reminder and the day of effect follow the corrected date.
    assert [n.title for n in day_notices(date(2025, 2, 3))] == [
        "In 30 days: Lithuania ceases to be bound by the CCM (5 Mar 2025)"
    ]
    assert day_notices(date(2025, 2, 4)) == []
    assert [n.title for n in day_notices(date(2025, 3, 5))] == [
        "Lithuania ceased to be bound by the CCM on 5 Mar 2025"
    ]


def test_a_recomputation_that_changes_nothing_tells_nothing(
    ccm, django_capture_on_commit_callbacks
):
    treaty, ltu = ccm
    _watch(treaty=treaty)
    record_ltu_withdrawal(treaty, ltu, django_capture_on_commit_callbacks)
    assert Notice.objects.count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        treaty_recompute(treaty_id=treaty.pk)
    assert treaty_changes_detect(treaty.pk) == []
    assert Notice.objects.count() == 1 and Delivery.objects.count() == 1


def test_a_date_the_record_does_not_support_is_not_told(db, django_capture_on_commit_callbacks):
    """A treaty without rules: a ratification's date of effect is unknown. The act is told,
    saying so; no reminder and no "bound on" ever rests on a date nobody knows."""
    treaty = TreatyFactory.create(slug="norules", short_name="No-rules Convention")
    state = StateFactory.create(code="XAA", short_name="Atlantis")
    event_record(
        treaty=treaty, state=state, kind="signature", date=date(2020, 1, 1), source_url=SOURCE
    )
    treaty_recompute(treaty_id=treaty.pk)
    treaty_changes_detect(treaty.pk)  # the baseline
    _watch(treaty=treaty)
    with django_capture_on_commit_callbacks(execute=True):
        ratification = event_record(
            treaty=treaty, state=state, kind="ratification", date=date(2024, 1, 1),
            source_url=SOURCE,
        )  # fmt: skip
    ratification.refresh_from_db()
    assert ratification.effective_date is None and ratification.effective_date_basis == "unknown"
    [notice] = Notice.objects.all()
    assert "Date of effect: not known (not computed: the treaty's rules are not recorded)" in (
        notice.text
    )
    assert notice.payload["event"]["effective_date"] is None
    for day in (date(2024, 1, 1), date(2024, 1, 31), date(2024, 2, 1)):
        assert day_notices(day) == []


def test_a_statement_recorded_is_told_once(ccm, django_capture_on_commit_callbacks):
    treaty, ltu = ccm
    watch = _watch(state=ltu)
    with django_capture_on_commit_callbacks(execute=True):
        statement = Statement.objects.create(
            state=ltu, treaty=treaty, kind="declaration", made_upon="upon ratification",
            source_url=UN_CCM, source_section="Declarations",
        )  # fmt: skip
        statement.text = "edited"
        statement.save()
    [notice] = Notice.objects.all()
    assert notice.title == "Lithuania: declaration on the CCM recorded"
    assert "the record gives no date; upon ratification" in notice.text
    assert watch.deliveries.count() == 1


def test_the_first_reading_of_a_treaty_is_its_baseline(ccm):
    treaty, _ = ccm
    assert Event.objects.filter(treaty=treaty).exists()
    assert treaty_changes_detect(treaty.pk) == []
    assert not Notice.objects.exists()


def test_an_act_recorded_before_the_treatys_first_reading_but_after_a_watch_is_told(
    db, django_capture_on_commit_callbacks
):
    # The CCM on record before anyone watched, never read by the alerts since (no
    # recomputation reached it after they began): its first reading must not swallow an act
    # recorded after the watch was made.
    treaty = treaty_from_catalogue("ccm")
    _ratify_all(treaty, filler_states(12), date(2008, 12, 3))
    ltu = lithuania()
    event_record(treaty=treaty, state=ltu, kind="ratification", date=date(2011, 3, 24),
                 source_url=UN_CCM)  # fmt: skip
    Event.objects.filter(treaty=treaty).update(created_at=timezone.now() - timedelta(days=30))
    assert not TreatySeen.objects.filter(treaty=treaty).exists()
    watch = _watch(treaty=treaty)
    with django_capture_on_commit_callbacks(execute=True):
        event_record(treaty=treaty, state=ltu, kind="withdrawal", date=date(2024, 9, 6),
                     source_url=UN_CCM)  # fmt: skip
    assert [n.title for n in Notice.objects.all()] == [
        "Lithuania: withdrawal from the CCM notified"
    ]
    assert watch.deliveries.count() == 1
    # Read again: nothing more (the earlier acts are the baseline, the withdrawal told once).
    assert treaty_changes_detect(treaty.pk) == []


def test_a_treaty_imported_whole_after_the_watches_is_a_baseline_not_news(db):
    _watch()  # everything
    treaty = treaty_from_catalogue("ccm")
    _ratify_all(treaty, filler_states(12), date(2008, 12, 3))
    Event.objects.filter(treaty=treaty).update(origin=EventOrigin.DEPOSITARY)  # as an import
    treaty_recompute(treaty_id=treaty.pk)
    assert treaty_changes_detect(treaty.pk) == []
    assert not Notice.objects.exists()


def test_the_first_act_of_a_watched_treaty_never_read_before_is_told(
    db, django_capture_on_commit_callbacks
):
    # A new treaty waiting for its first signature, watched, never recomputed since.
    treaty = treaty_from_catalogue("ccm")
    watch = _watch(treaty=treaty)
    assert not TreatySeen.objects.filter(treaty=treaty).exists()
    with django_capture_on_commit_callbacks(execute=True):
        event_record(treaty=treaty, state=lithuania(), kind="signature", date=date(2008, 12, 3),
                     source_url=UN_CCM)  # fmt: skip
    assert [n.title for n in Notice.objects.all()] == ["Lithuania: signature of the CCM recorded"]
    assert watch.deliveries.count() == 1
