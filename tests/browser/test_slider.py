"""The treaty page's slider that plays (one timeline JSON drives map, counts, chart and table:
no page reload), the embeddable view, the downloads of the map and the chart, and the phone
layout (compact cards, page height, no sideways scroll), in a real browser at 1280 and 360 px
on the demo dataset."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, Request, expect

from tests.browser import test_pages as pages

# The demo, loaded once for this module, and the pages' fixtures.
demo = pages.demo
_live_server_helper = pages._live_server_helper
offline_page = pages.offline_page
serious_violations = pages.serious_violations

pytestmark = [pytest.mark.browser]

WIDTHS = (1280, 360)
#: The CCM page at 360 px wide must stay under this height (issue 26: it was 45,575 px).
PHONE_HEIGHT_LIMIT = 12_000


@pytest.fixture
def documents(offline_page: Page) -> Iterator[list[str]]:
    """The documents the page asks for (a reload, a navigation) from the test's start."""
    asked: list[str] = []

    def note(request: Request) -> None:
        if request.resource_type == "document":
            asked.append(request.url)

    offline_page.on("request", note)
    yield asked


def open_ccm(page: Page, base: str, width: int, on: str = "2024-09-05") -> dict:
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{base}/treaties/ccm/?on={on}")
    expect(page.locator("#slider")).to_be_visible(timeout=20_000)  # after the timeline's fetch
    return json.loads(page.request.get(f"{base}/treaties/ccm/timeline.json").text())


@pytest.mark.parametrize("width", WIDTHS)
def test_play_steps_a_year_at_a_time_with_no_document_request(
    offline_page: Page, live_server, demo, documents, artifacts_dir, width
):
    page = offline_page
    timeline = open_ccm(page, live_server.url, width, on="2010-06-01")
    documents.clear()  # the first load
    expect(page.get_by_label("Step by")).to_have_value("year")
    page.get_by_role("button", name="Play").click()
    # Years, not events: 1 Jan 2011, then 1 Jan 2012...
    expect(page.locator("#slider-date")).to_have_text("1 Jan 2012", timeout=10_000)
    expect(page).to_have_url(re.compile(r"\?on=201[2-9]-01-01$"))
    page.screenshot(path=str(artifacts_dir / f"ccm-slider-mid-play-{width}.png"), full_page=False)
    page.get_by_role("button", name="Pause").click()
    shown = page.locator("#slider-date").inner_text()
    expect(page.get_by_role("button", name="Play")).to_have_attribute("aria-pressed", "false")
    # Map, counts, chart and table all say the date shown, from the timeline.
    year = re.search(r"\d{4}$", shown).group(0)  # type: ignore[union-attr]
    day = f"{year}-01-01"
    bound = sum(
        1
        for s in timeline["states"]
        if any(
            p["since"] <= day and (p["until"] is None or day < p["until"])
            and p["status"] in ("party", "withdrawal_pending")
            for p in s["periods"]
        )
    )  # fmt: skip
    expect(page.locator("#summary .bound")).to_contain_text(f"{bound} state")
    expect(page.locator("#participants caption")).to_contain_text(f"on {shown}")
    expect(page.locator("#participants-h")).to_have_text(f"Participants on {shown}")
    expect(page.locator("#latest-event")).to_contain_text(f"up to {shown}")
    assert documents == [], "sliding or playing asked for a page"


def test_keyboard_operates_the_slider_and_the_address_the_form_and_today_follow(
    offline_page: Page, live_server, demo, documents
):
    page = offline_page
    timeline = open_ccm(page, live_server.url, 1280)
    documents.clear()
    slider = page.get_by_role("slider", name="Date shown")
    slider.focus()
    page.keyboard.press("Home")
    expect(slider).to_have_attribute("aria-valuetext", "30 May 2008")  # adopted
    page.keyboard.press("ArrowRight")
    expect(slider).to_have_attribute("aria-valuetext", "1 Jan 2009")
    expect(page).to_have_url(f"{live_server.url}/treaties/ccm/?on=2009-01-01")
    expect(page.locator("#on")).to_have_value("2009-01-01")
    expect(page.locator("#slider-live")).to_have_text(
        re.compile(r"^1 Jan 2009: \d+ states? bound\.$")
    )
    expect(page.locator("#slider-live")).to_have_attribute("aria-live", "polite")
    # Before entry into force nobody is a party, and the page says why.
    expect(page.locator("#summary")).to_contain_text("was not yet in force on this date")
    expect(page.locator('.counts li[data-status="party"] strong')).to_have_text("0")
    expect(page.locator("#permalink")).to_have_attribute("href", "/treaties/ccm/?on=2009-01-01")
    today = page.get_by_role("link", name="Today")
    expect(today).to_be_visible()
    # Lithuania: the map's shape and the table's row follow, with the basis of the date.
    page.get_by_label("Step by").select_option("change")
    slider.focus()
    page.keyboard.press("End")
    end = timeline["end"]
    expect(page).to_have_url(f"{live_server.url}/treaties/ccm/?on={end}")
    expect(page.locator('svg.world use[data-numeric="440"]').first).to_have_attribute(
        "data-status", "withdrawn"
    )
    row = page.locator("#state-LTU")
    expect(row).to_have_attribute("data-status", "withdrawn")
    expect(row.locator(".badge")).to_have_text("computed")
    page.get_by_role("button", name="Previous change").click()
    page.keyboard.press("ArrowLeft")
    today.click()
    expect(page).to_have_url(f"{live_server.url}/treaties/ccm/")
    expect(today).to_be_hidden()
    assert documents == []
    assert serious_violations(page) == []


def test_the_compact_table_links_to_the_full_rows_of_its_date(
    offline_page: Page, live_server, demo
):
    page = offline_page
    open_ccm(page, live_server.url, 1280)
    slider = page.get_by_role("slider", name="Date shown")
    slider.focus()
    page.keyboard.press("Home")
    for _ in range(4):
        page.keyboard.press("ArrowRight")  # 1 Jan 2012
    expect(slider).to_have_attribute("aria-valuetext", "1 Jan 2012")
    page.locator("#state-LTU").get_by_role(
        "link", name=re.compile("^Dates, events and sources")
    ).click()
    expect(page).to_have_url(f"{live_server.url}/treaties/ccm/?on=2012-01-01#state-LTU")
    expect(page.locator("#state-LTU")).to_have_attribute("data-status", "party")
    expect(page.locator("#state-LTU td.periods")).to_contain_text("1 Sep 2011")


def test_back_on_the_loaded_date_the_full_rows_return_once_the_slider_rests(
    offline_page: Page, live_server, demo, documents
):
    page = offline_page
    end = open_ccm(page, live_server.url, 1280)["end"]
    open_ccm(page, live_server.url, 1280, on=end)
    table = page.locator("#participants")
    full_rows = table.locator("tbody tr").count()
    expect(table).not_to_have_class(re.compile("compact-rows"))
    documents.clear()
    slider = page.get_by_role("slider", name="Date shown")
    slider.focus()
    page.keyboard.press("Home")
    expect(table).to_have_class(re.compile("compact-rows"))
    expect(page.locator("#changes-h")).to_be_hidden()
    page.keyboard.press("End")  # the date the page was loaded for
    expect(slider).to_have_attribute("aria-valuetext", page.locator("#slider-date").inner_text())
    # The server's full rows, the pager and the changes come back once the slider rests.
    expect(table).not_to_have_class(re.compile("compact-rows"))
    expect(page.locator("#changes-h")).to_be_visible()
    assert table.locator("tbody tr").count() == full_rows
    assert documents == []


@pytest.mark.parametrize("width", WIDTHS)
def test_find_a_state_filters_the_participants_table_and_holds_while_sliding(
    offline_page: Page, live_server, demo, width
):
    page = offline_page
    open_ccm(page, live_server.url, width)
    rows = page.locator("#participants tbody tr[data-code]")
    total = rows.count()
    assert total > 100
    find = page.get_by_role("searchbox", name="Find a state")
    find.fill("lit")  # Lithuania; accents and case ignored: "côte" finds Côte d'Ivoire
    expect(page.locator("#participants tbody tr[data-code]:visible")).to_have_count(1)
    expect(page.locator("#state-LTU")).to_be_visible()
    expect(page.locator("#state-filter-status")).to_have_text(
        f"1 of {total} participants match “lit”."
    )
    find.fill("COTE")
    expect(page.locator("#participants tbody tr[data-code]:visible")).to_have_count(1)
    expect(page.locator("#state-CIV")).to_be_visible()
    find.fill("ltu")  # the code
    expect(page.locator("#participants tbody tr[data-code]:visible")).to_have_count(1)
    # Sliding redraws the compact rows: the filter holds.
    slider = page.get_by_role("slider", name="Date shown")
    slider.focus()
    page.keyboard.press("End")
    expect(page.locator("#participants")).to_have_class(re.compile("compact-rows"))
    expect(page.locator("#participants tbody tr[data-code]:visible")).to_have_count(1)
    expect(page.locator("#state-LTU")).to_be_visible()
    find.fill("")
    expect(page.locator("#participants tbody tr[data-code]:visible")).not_to_have_count(1)
    expect(page.locator("#state-filter-status")).to_have_text("")
    assert serious_violations(page) == []


def test_the_map_and_the_chart_download_as_svg_and_png(offline_page: Page, live_server, demo):
    page = offline_page
    open_ccm(page, live_server.url, 1280, on="2025-01-01")
    for figure, kind in (("map", "svg"), ("map", "png"), ("chart", "svg"), ("chart", "png")):
        with page.expect_download() as info:
            page.locator(f'button.download[data-figure="{figure}"][data-format="{kind}"]').click()
        download = info.value
        assert download.suggested_filename == f"ccm-{figure}-2025-01-01.{kind}"
        raw = Path(download.path()).read_bytes()
        if kind == "png":
            assert raw.startswith(b"\x89PNG") and len(raw) > 5_000
        else:
            text = raw.decode()
            assert text.startswith("<svg") and "Treaty Tracker" in text
            if figure == "map":
                # Standalone: the shapes are in the file, not in the site's sprite.
                assert 'href="#n440"' in text and 'id="n440"' in text
                assert "world.svg" not in text


@pytest.mark.parametrize("width", WIDTHS)
def test_the_embed_view_fits_and_cites_its_source(offline_page: Page, live_server, demo, width):
    page = offline_page
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{live_server.url}/treaties/ccm/embed/?on=2025-01-01")
    expect(page.locator("#citation")).to_contain_text("status on 1 Jan 2025")
    expect(page.locator('.counts li[data-status="withdrawal_pending"] strong')).to_have_text("1")
    assert page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    assert serious_violations(page) == []


def test_the_ccm_on_a_phone_is_compact(offline_page: Page, live_server, demo, artifacts_dir):
    page = offline_page
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(f"{live_server.url}/treaties/ccm/")
    expect(page.locator("#slider")).to_be_visible(timeout=20_000)
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < PHONE_HEIGHT_LIMIT, f"the CCM page is {height} px tall at 360 px"
    # No heading to select on a phone: no words asking to.
    expect(page.get_by_text("Select a column heading")).to_be_hidden()
    # The caption is as wide as the cards, not a word per line.
    caption = page.locator("#participants caption").bounding_box()
    assert caption is not None and caption["width"] > 300
    # One card: name, status with its date and basis; the rest behind one tap.
    card = page.locator("#state-DEU")
    expect(card.locator(".status")).to_have_text("Party")
    expect(card.locator(".status-cell .badge")).to_have_text("computed")
    expect(card.locator("td.notes ul.events")).to_be_hidden()
    card.locator("details.more summary").click()
    expect(card.locator("td.notes ul.events")).to_be_visible()
    expect(card.locator('td[data-label="In force for the state"]')).to_be_visible()
    # Chart labels are drawn at least 10 px high.
    label = page.locator(".chart svg text").first.bounding_box()
    assert label is not None and label["height"] >= 10
    # ... and the count on the axis is whole: not cut at the chart's edge ("97" for 197).
    svg = page.locator(".chart svg").bounding_box()
    assert svg is not None and label["x"] >= 0
    visible = page.evaluate("() => getComputedStyle(document.querySelector('.chart svg')).overflow")
    assert label["x"] >= svg["x"] or visible == "visible", (label, svg)
    assert serious_violations(page) == []


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(
    "path",
    ["/treaties/ccm/?on=2025-01-01", "/treaties/ctbt/", "/states/LTU/", "/compare/", "/data/",
     "/api/v1/docs/"],
)  # fmt: skip
def test_no_page_scrolls_sideways(offline_page: Page, live_server, demo, width, path):
    page = offline_page
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{live_server.url}{path}")
    if path.startswith("/api/"):
        page.wait_for_selector(".opblock")
    wide = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert wide[0] <= wide[1], f"{path} scrolls sideways at {width} px: {wide}"


@pytest.mark.parametrize("width", WIDTHS)
def test_a_state_page_at_both_widths(offline_page: Page, live_server, demo, artifacts_dir, width):
    page = offline_page
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/states/LTU/")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=str(artifacts_dir / f"state-ltu-{width}.png"), full_page=True)
