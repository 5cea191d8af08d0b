"""The data version moves with every committed change, whatever order transactions commit in."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from serving.version import data_version
from tests.factories import treaty_with_participants
from treaties.models import Treaty

pytestmark = pytest.mark.django_db


def test_a_change_committed_after_a_later_one_still_moves_the_version():
    first = treaty_with_participants("ccm", 2)
    second = treaty_with_participants("apmbc", 2)
    now = timezone.now()
    # Two writers: the first stamped its change at t1, the second at t2 > t1, and the second
    # committed first. What readers saw after the second's commit:
    Treaty.objects.filter(pk=second.pk).update(data_changed_at=now)
    _, seen = data_version()
    # Then the first commits, its stamp older than the newest one already visible.
    Treaty.objects.filter(pk=first.pk).update(data_changed_at=now - dt.timedelta(seconds=1))
    last, after = data_version()
    assert after != seen
    assert last is not None and last >= now


def test_an_edit_recorded_only_in_the_history_moves_the_version():
    treaty = treaty_with_participants("ccm", 2)
    _, before = data_version()
    treaty.title = "The Convention on Cluster Munitions, renamed"
    treaty.save(update_fields=["title"])  # history entry, no change of its times
    _, after = data_version()
    assert after != before


def test_nothing_changed_is_the_same_version():
    treaty_with_participants("ccm", 2)
    assert data_version() == data_version()
