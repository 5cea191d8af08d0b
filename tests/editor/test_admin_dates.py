"""The admin shows dates as the site does ("24 Mar 2011"), its date fields in ISO."""

from __future__ import annotations

import pytest
from django.urls import reverse

from events.models import Event
from tests.factories import build_ccm

pytestmark = pytest.mark.django_db


def test_the_admin_shows_the_sites_date_format_and_iso_in_its_fields(superuser_client):
    build_ccm(others=1)
    ratification = Event.objects.get(state__code="LTU", kind="ratification")
    listing = superuser_client.get(
        reverse("admin:events_event_changelist"), {"q": "LTU"}
    ).content.decode()
    assert "24 Mar 2011" in listing
    assert "24/03/2011" not in listing and "03/24/2011" not in listing
    form = superuser_client.get(
        reverse("admin:events_event_change", args=[ratification.pk])
    ).content.decode()
    assert 'value="2011-03-24"' in form
