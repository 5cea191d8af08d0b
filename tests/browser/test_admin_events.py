"""An editor records a withdrawal through the admin in a real browser, and sees what the
rule engine made of it; a withdrawal by a state that never joined is refused on the form."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Page, expect

from events import services
from events.models import Event
from rules import CATALOGUE
from states.models import State
from tests.editor.conftest import ccm_rules
from tests.factories import PASSWORD, UN_CCM, make_user
from treaties.models import Treaty

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def ccm_with_lithuania() -> Treaty:
    entry = CATALOGUE["ccm"]
    treaty = Treaty.objects.create(
        slug="ccm",
        short_name=entry["short_name"],
        title=entry["title"],
        un_reference=entry["un_reference"],
        adopted_on=dt.date(2008, 5, 30),
        source_url=entry["source_url"],
        rules=ccm_rules(),
    )
    lithuania = State.objects.create(code="LTU", alpha2="LT", short_name="Lithuania")
    State.objects.create(code="XNA", short_name="Narnia")
    services.event_record(
        treaty=treaty, state=lithuania, kind="ratification", date=dt.date(2011, 3, 24),
        source_url=UN_CCM,
    )  # fmt: skip
    return treaty


def _log_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/admin/login/?next=/admin/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page.locator("#site-name")).to_be_visible()


def _choose_state(page: Page, typed: str, shown: str) -> None:
    # Django's autocomplete widget (select2): open it, type, pick the suggestion.
    page.click(".field-state .select2-selection")
    page.fill(".select2-search__field", typed)
    page.click(f".select2-results__option:has-text('{shown}')")


def _record_withdrawal(page: Page, base: str, treaty: Treaty, typed: str, shown: str) -> None:
    page.goto(f"{base}/admin/events/event/add/?treaty={treaty.pk}")
    _choose_state(page, typed, shown)
    page.select_option("#id_kind", "withdrawal")
    page.fill("#id_date", "2024-09-06")
    page.fill("#id_source_url", UN_CCM)
    page.fill("#id_notification_ref", "C.N.347.2024.TREATIES-XXVI-6")
    page.click("input[name=_save]")


def test_an_editor_records_lithuanias_ccm_withdrawal_and_sees_its_effective_date(
    page: Page, live_server, ccm_with_lithuania, artifacts_dir
):
    make_user("alice-editor", "editor")
    _log_in(page, live_server.url, "alice-editor")

    _record_withdrawal(page, live_server.url, ccm_with_lithuania, "LTU", "Lithuania")

    expect(page).to_have_url(re.compile(r"/admin/events/event/\d+/change/$"))
    computed = page.locator("fieldset", has_text="Computed by the rule engine")
    expect(computed.locator(".field-effective_date_display")).to_contain_text("6 Mar 2025")
    expect(computed.locator(".field-explanation_display")).to_contain_text(
        "six months after receipt"
    )
    expect(computed.locator(".field-explanation_display")).to_contain_text("20(3)")
    page.screenshot(path=str(artifacts_dir / "admin-event-withdrawal-saved.png"), full_page=True)
    assert Event.objects.get(kind="withdrawal").effective_date == dt.date(2025, 3, 6)

    # A withdrawal by a state that never joined: the form says so and nothing is saved.
    _record_withdrawal(page, live_server.url, ccm_with_lithuania, "Narn", "Narnia")

    expect(page.locator(".errornote")).to_be_visible()
    expect(page.locator(".field-kind .errorlist")).to_contain_text(
        "Narnia (XNA) cannot withdraw on 6 Sep 2024"
    )
    page.screenshot(path=str(artifacts_dir / "admin-event-withdrawal-refused.png"), full_page=True)
    assert not Event.objects.filter(state__code="XNA").exists()
    assert Event.objects.count() == 2
