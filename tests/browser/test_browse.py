"""Browsing the treaty list and the "About the data" page in a real browser (Debian's
chromium), at 1280 and 360 px: filters usable from the keyboard's form, no sideways scroll,
axe clean; screenshots in artifacts/ (home-browse-*.png, about-*.png)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser import test_pages as shared

# The page tests' fixtures (the demo loaded once per module, the live server's helper,
# the page that fails on foreign requests) and their axe check.
_live_server_helper = shared._live_server_helper
demo = shared.demo
offline_page = shared.offline_page
serious_violations = shared.serious_violations

pytestmark = [pytest.mark.browser]

WIDTHS = (1280, 360)


def _no_sideways_scroll(page: Page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow} px"


@pytest.mark.parametrize("width", WIDTHS)
def test_the_treaty_list_filters_by_subject_and_says_how_many(
    offline_page: Page, live_server, demo, artifacts_dir: Path, width: int
):
    page = offline_page
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url)
    expect(page.locator("#treaty-count")).to_contain_text("7 treaties")
    page.get_by_label("Subject").select_option(label="Climate")
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(f"{live_server.url}/?subject=topic-Climate&in_force=&from=&to=")
    expect(page.locator("#treaty-count")).to_contain_text("1 of 7 treaties")
    expect(page.locator(".treaty-list tbody th")).to_have_text(["Paris Agreement"])
    # Paris Agreement once: its short name is its title.
    assert page.locator(".treaty-list tbody th").inner_text().count("Paris Agreement") == 1
    assert serious_violations(page) == []
    _no_sideways_scroll(page)
    page.get_by_role("link", name="Show all 7 treaties").click()
    page.get_by_label("Adopted from (year)").fill("2010")
    page.get_by_label("to", exact=True).fill("2000")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("alert")).to_contain_text("The years are reversed")
    page.goto(live_server.url)
    page.screenshot(path=str(artifacts_dir / f"home-browse-{width}.png"), full_page=True)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_about_page_is_reached_from_the_footer(
    offline_page: Page, live_server, demo, artifacts_dir: Path, width: int
):
    page = offline_page
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/treaties/ccm/")
    page.get_by_role("link", name="About the data").click()
    expect(page).to_have_url(f"{live_server.url}/about/")
    expect(page.get_by_role("heading", level=1)).to_have_text("About the data")
    expect(page.get_by_role("heading", name="What each date rests on")).to_be_visible()
    expect(page.locator(".basis-legend dt")).to_have_text(
        ["Computed", "Inferred", "Recorded", "Unknown"]
    )
    assert serious_violations(page) == []
    _no_sideways_scroll(page)
    page.screenshot(path=str(artifacts_dir / f"about-{width}.png"), full_page=True)


@pytest.mark.parametrize("width", WIDTHS)
def test_a_state_page_shows_its_treaties_and_the_rest_on_request(
    offline_page: Page, live_server, demo, width: int
):
    page = offline_page
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/states/LTU/")
    expect(page.locator("#positions tbody tr[data-treaty='ccm']")).to_be_visible()
    rest = page.locator("#positions-rest")
    if page.locator("#other-treaties").count():
        expect(rest).to_be_hidden()
        page.locator("#other-treaties summary").click()
        expect(rest).to_be_visible()
    assert serious_violations(page) == []


def test_the_print_view_has_the_europe_inset_and_no_on_screen_instructions(
    offline_page: Page, live_server, demo
):
    page = offline_page
    page.set_viewport_size({"width": 703, "height": 1000})
    page.emulate_media(media="print")
    page.goto(f"{live_server.url}/treaties/ccm/?on=2026-01-01")
    expect(page.locator(".map svg.inset")).to_be_visible()
    expect(page.get_by_text("Select a column heading to sort")).to_be_hidden()
    expect(page.get_by_text("Select a country to go to its row")).to_be_hidden()
    # On screen both instructions are there (the sorting one where the table has headings to
    # select: wider than the phone layout's 1,180 px).
    page.emulate_media(media="screen")
    expect(page.get_by_text("Select a country to go to its row")).to_be_visible()
    page.set_viewport_size({"width": 1280, "height": 1000})
    expect(page.get_by_text("Select a column heading to sort")).to_be_visible()
