"""The demo dataset: real treaties, loaded idempotently, with their dates computed at once."""

from __future__ import annotations

from collections import Counter
from datetime import date
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction

from events.models import Event, Status, StatusPeriod
from treaties.models import Treaty

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 28)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo loaded once for the module, in a transaction rolled back at its end; each
    test runs in a savepoint inside it (as Django's ``setUpTestData``). The loader computes
    every date itself, so nothing waits for a commit."""
    with django_db_blocker.unblock(), transaction.atomic():
        with time_machine.travel(TODAY, tick=False):
            call_command("load_demo", stdout=StringIO())
        yield
        transaction.set_rollback(True)


def _statuses(slug: str) -> Counter:
    return Counter(
        StatusPeriod.objects.on(TODAY).filter(treaty__slug=slug).values_list("status", flat=True)
    )


def _since(slug: str, code: str) -> tuple[str, date]:
    period = StatusPeriod.objects.on(TODAY).get(treaty__slug=slug, state__code=code)
    return period.status, period.valid_from


def test_the_ccm_has_112_states_parties_and_lithuania_withdrawn_since_march_2025(demo):
    assert _statuses("ccm")[Status.PARTY] == 112
    assert _since("ccm", "LTU") == (Status.WITHDRAWN, date(2025, 3, 6))


def test_the_baltic_states_left_the_apmbc_on_27_december_2025(demo):
    for code in ("EST", "LVA", "LTU"):
        assert _since("apmbc", code) == (Status.WITHDRAWN, date(2025, 12, 27))
    assert _since("apmbc", "FIN") == (Status.WITHDRAWN, date(2026, 1, 10))


def test_the_united_states_left_the_paris_agreement_twice(demo):
    periods = list(
        StatusPeriod.objects.filter(treaty__slug="paris-agreement", state__code="USA")
        .order_by("valid_from")
        .values_list("status", "valid_from")
    )
    assert (Status.WITHDRAWN, date(2020, 11, 4)) in periods
    assert (Status.PARTY, date(2021, 2, 19)) in periods
    assert periods[-1] == (Status.WITHDRAWN, date(2026, 1, 27))


def test_russia_is_a_ctbt_signatory_again_after_revoking_its_ratification(demo):
    assert _since("ctbt", "RUS") == (Status.SIGNATORY, date(2023, 11, 2))


def test_each_demo_treaty_has_its_rules_status_date_and_computed_entry_into_force(demo):
    treaties = {t.slug: t for t in Treaty.objects.all()}
    assert set(treaties) == {"ccm", "apmbc", "att", "tpnw", "ctbt", "cwc", "paris-agreement"}
    assert all(t.rules and t.status_as_at and not t.is_stale for t in treaties.values())
    assert treaties["ccm"].entry_into_force_date == date(2010, 8, 1)
    assert treaties["ctbt"].entry_into_force_date is None
    assert treaties["paris-agreement"].status_as_at == date(2023, 2, 13)


def test_every_demo_event_names_the_un_status_page_as_its_source(demo):
    assert not Event.objects.exclude(source_url__startswith="https://treaties.un.org/").exists()
    lithuania = Event.objects.get(treaty__slug="ccm", state__code="LTU", kind="withdrawal")
    assert lithuania.notification_ref == "C.N.347.2024.TREATIES-XXVI-6"
    assert lithuania.published_effective_date == date(2025, 3, 6)


def test_loading_the_demo_twice_changes_nothing(demo):
    events = list(Event.objects.values_list("pk", "updated_at"))
    derived = list(Treaty.objects.values_list("pk", "derived_at"))
    out = StringIO()
    with time_machine.travel(TODAY, tick=False):
        call_command("load_demo", stdout=out)
    assert "events: 0 created, 0 updated, 2086 unchanged" in out.getvalue()
    assert "recomputed: none" in out.getvalue()
    assert list(Event.objects.values_list("pk", "updated_at")) == events
    assert list(Treaty.objects.values_list("pk", "derived_at")) == derived
