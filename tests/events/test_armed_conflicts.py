"""Armed conflicts are facts the withdrawal clauses read: recording, ending or deleting one
recomputes the treaties of the state, whether through the services or the admin."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from events.models import ArmedConflict, Event
from events.selectors.participants import state_positions
from events.services import armed_conflict_delete, armed_conflict_record, armed_conflict_update
from tests.factories import build_ccm, lithuania, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what a block queued for after commit (the recomputation) as the block ends, as a
    real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


SOURCE = "https://press.un.org/en/2025/sc00000.doc.htm"


def _withdrawal() -> Event:
    return Event.objects.get(state__code="LTU", kind="withdrawal")


def _ccm_status_of_lithuania(on: date) -> str:
    [position] = [p for p in state_positions(state=lithuania(), on=on) if p.treaty.slug == "ccm"]
    return position.status


def test_a_conflict_ongoing_when_the_six_months_expire_keeps_the_withdrawal_pending(committed):
    build_ccm()
    assert _withdrawal().effective_date == date(2025, 3, 6)

    with committed():
        armed_conflict_record(
            state=lithuania(), started_on=date(2025, 1, 10), description="test", source_url=SOURCE
        )

    withdrawal = _withdrawal()
    assert withdrawal.effective_date is None
    assert "armed conflict" in (withdrawal.condition or "")
    assert _ccm_status_of_lithuania(date(2026, 1, 1)) == "withdrawal_pending"


def test_recording_the_end_of_the_conflict_gives_the_withdrawal_its_date(committed):
    build_ccm()
    with committed():
        conflict = armed_conflict_record(
            state=lithuania(), started_on=date(2025, 1, 10), description="test", source_url=SOURCE
        )
    with committed():
        armed_conflict_update(conflict=conflict, ended_on=date(2025, 9, 30))

    assert _withdrawal().effective_date == date(2025, 9, 30)
    assert _ccm_status_of_lithuania(date(2025, 9, 29)) == "withdrawal_pending"
    assert _ccm_status_of_lithuania(date(2025, 9, 30)) == "withdrawn"


def test_deleting_a_conflict_recorded_in_error_restores_the_date(committed):
    build_ccm()
    with committed():
        conflict = armed_conflict_record(
            state=lithuania(), started_on=date(2025, 1, 10), description="test", source_url=SOURCE
        )
    assert _withdrawal().effective_date is None
    with committed():
        armed_conflict_delete(conflict=conflict)
    assert _withdrawal().effective_date == date(2025, 3, 6)


def test_a_conflict_ending_before_it_started_is_refused_and_nothing_is_written():
    build_ccm()
    with pytest.raises(ValidationError, match="cannot end before it started"):
        armed_conflict_record(
            state=lithuania(),
            started_on=date(2025, 1, 10),
            ended_on=date(2024, 1, 10),
            description="test",
            source_url=SOURCE,
        )
    assert not ArmedConflict.objects.exists()
    assert _withdrawal().effective_date == date(2025, 3, 6)


def test_an_editor_recording_a_conflict_in_the_admin_postpones_the_withdrawal(client, committed):
    build_ccm()
    client.force_login(make_user("alice-editor", "editor"))
    with committed():
        response = client.post(
            reverse("admin:events_armedconflict_add"),
            {
                "state": lithuania().pk,
                "started_on": "2025-01-10",
                "ended_on": "",
                "description": "test",
                "source_url": SOURCE,
                "_save": "Save",
            },
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert ArmedConflict.objects.get().history.count() == 1
    assert _withdrawal().effective_date is None

    conflict = ArmedConflict.objects.get()
    with committed():
        client.post(
            reverse("admin:events_armedconflict_change", args=[conflict.pk]),
            {
                "state": lithuania().pk,
                "started_on": "2025-01-10",
                "ended_on": "2025-09-30",
                "description": "test",
                "source_url": SOURCE,
                "_save": "Save",
            },
        )
    assert _withdrawal().effective_date == date(2025, 9, 30)
