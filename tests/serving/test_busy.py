"""A busy database is a 503 page with ``Retry-After`` in the admin, never a 500.

The admin saves an event inside its own transaction, where the write service cannot try
again by itself: the lock the save waited for too long ends up in ``serving.busy``. The lock is
really held by another transaction on PostgreSQL; the request waits at most 300 ms for it.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse

from events.models import Event
from states.models import State
from tests.concurrency import TreatyLockHolder
from tests.factories import UN_CCM, make_user, treaty_from_catalogue

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_admin_save_that_waits_too_long_for_the_treaty_is_a_503_page(client, postgresql):
    ccm = treaty_from_catalogue("ccm")
    lithuania = State.objects.create(code="LTU", short_name="Lithuania")
    client.force_login(make_user("alice-editor", "editor"))
    with connection.cursor() as cursor:
        cursor.execute("SET lock_timeout = '300ms'")
    form = {
        "treaty": ccm.pk,
        "state": lithuania.pk,
        "kind": "signature",
        "date": "2008-12-03",
        "source_url": UN_CCM,
        "_save": "Save",
    }
    holder = TreatyLockHolder(ccm.pk)
    try:
        response = client.post(reverse("admin:events_event_add"), form)
    finally:
        holder.release()
        with connection.cursor() as cursor:
            cursor.execute("RESET lock_timeout")

    assert response.status_code == 503
    assert response["Retry-After"] == "2"
    assert "Nothing was changed by your request" in response.content.decode()
    assert not Event.objects.exists()
    # And once the other transaction is over, the same save goes through.
    response = client.post(reverse("admin:events_event_add"), form)
    assert response.status_code == 302
    assert Event.objects.filter(state=lithuania, kind="signature").count() == 1
