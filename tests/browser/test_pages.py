"""The public pages in a real browser (Debian's chromium) against a live server."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.factories import build_apmbc, build_ccm

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def treaties(transactional_db):
    return build_ccm(), build_apmbc(states=41)


@pytest.fixture
def offline_page(page: Page, live_server) -> Iterator[Page]:
    """The page, failing the test if it asks any host but the live server."""
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    yield page
    foreign = [url for url in requested if not url.startswith(live_server.url)]
    assert not foreign, f"requests to other hosts: {foreign}"


def lithuania_status(page: Page) -> str | None:
    return page.locator("#state-LTU").get_attribute("data-status")


def lithuania_on_map(page: Page) -> tuple[str | None, str]:
    shape = page.locator('use[data-numeric="440"]')
    return shape.get_attribute("data-status"), shape.evaluate("e => getComputedStyle(e).fill")


def test_the_ccm_page_follows_the_date_for_lithuania(
    offline_page: Page, live_server, treaties, artifacts_dir
):
    page = offline_page
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/treaties/ccm/")

    page.get_by_role("textbox", name="Status on").fill("2025-01-01")
    page.get_by_role("button", name="Show", exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/treaties/ccm/?on=2025-01-01")
    expect(page.locator("#state-LTU .status")).to_have_text("Withdrawal pending")
    assert lithuania_status(page) == "withdrawal_pending"
    pending_fill = lithuania_on_map(page)
    assert pending_fill[0] == "withdrawal_pending"
    page.screenshot(path=str(artifacts_dir / "ccm-2025-01-01-1280.png"), full_page=True)

    page.get_by_role("textbox", name="Status on").fill("2025-03-06")
    page.get_by_role("button", name="Show", exact=True).click()
    expect(page.locator("#state-LTU .status")).to_have_text("Withdrawn")
    assert lithuania_status(page) == "withdrawn"
    withdrawn_fill = lithuania_on_map(page)
    assert withdrawn_fill[0] == "withdrawn"
    # The map really is coloured differently, not only labelled differently.
    assert pending_fill[1] != withdrawn_fill[1]
    party_fill = page.locator('use[data-status="party"]').first.evaluate(
        "e => getComputedStyle(e).fill"
    )
    assert withdrawn_fill[1] != party_fill

    page.set_viewport_size({"width": 360, "height": 800})
    # Nothing but the participants table (which scrolls in its own region) overflows at 360 px.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(artifacts_dir / "ccm-2025-03-06-360.png"), full_page=True)


def test_searching_ottawa_reaches_the_mine_ban_convention(
    offline_page: Page, live_server, treaties
):
    page = offline_page
    page.goto(live_server.url)
    page.get_by_label("Find a treaty or a state by any name, alias or code").fill("Ottawa")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/treaties/apmbc/")
    expect(page.locator("h1")).to_contain_text("APMBC")


def test_the_csv_download_has_lithuanias_row(offline_page: Page, live_server, treaties):
    page = offline_page
    page.goto(f"{live_server.url}/treaties/ccm/?on=2025-01-01")
    with page.expect_download() as info:
        page.get_by_role("link", name="CSV").click()
    download = info.value
    assert download.suggested_filename == "ccm-2025-01-01.csv"
    text = Path(download.path()).read_text(encoding="utf-8")
    rows = {r["code"]: r for r in csv.DictReader(io.StringIO(text))}
    assert rows["LTU"]["status_label"] == "Withdrawal pending"
    assert rows["LTU"]["withdrawal_effective"] == "2025-03-06"


def test_sorting_the_table_by_withdrawal_puts_lithuania_first(
    offline_page: Page, live_server, treaties
):
    page = offline_page
    page.goto(f"{live_server.url}/treaties/ccm/?on=2025-01-01")
    page.get_by_role("button", name="Withdrawal notified").click()
    expect(page.locator("#participants tbody tr").first).to_have_attribute("id", "state-LTU")


def test_pages_have_no_serious_accessibility_violations(offline_page: Page, live_server, treaties):
    found = {}
    # One test for the four pages: building the treaties is the slow part.
    for path in ["/", "/treaties/ccm/?on=2025-01-01", "/states/LTU/", "/compare/"]:
        offline_page.goto(f"{live_server.url}{path}")
        results = Axe().run(offline_page)
        serious = [
            (v["id"], v["impact"], len(v["nodes"]))
            for v in results.response["violations"]
            if v["impact"] in {"serious", "critical"}
        ]
        if serious:
            found[path] = (serious, results.generate_report())
    assert found == {}
