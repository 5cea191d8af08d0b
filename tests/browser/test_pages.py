"""The public pages in a real browser (Debian's chromium) against a live server, on the demo
dataset (the UN's own tables: the US in and out of Paris, five APMBC withdrawals, the CTBT
waiting for its Annex 2 states)."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db.models import Max
from playwright.sync_api import Page, expect

from events.models import Event
from states.models import State
from tests.browser.colour import delta_e, deuteranope, parse_rgb
from tests.factories import PASSWORD, make_user
from treaties.models import Treaty

# No django_db mark: the demo is loaded once for the module (below), not once per test.
pytestmark = [pytest.mark.browser]


def _fingerprint() -> tuple[int, ...]:
    """What a test that wrote to the demo would change (the tests here only read it)."""
    return (
        Treaty.objects.count(),
        State.objects.count(),
        Event.objects.count(),
        Event.objects.aggregate(last=Max("pk"))["last"] or 0,
        Event.objects.filter(superseded=False).count(),
        User.objects.count(),
    )


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker) -> Iterator[tuple[int, ...]]:
    """The demo dataset, loaded as `make run` loads it, with an administrator "alice" — once
    for the module, committed, so the live server's thread sees it.

    Every test here only reads it, through the browser (each test checks that nothing
    changed, see ``_live_server_helper``). At the end the tables are emptied, as a
    transactional test leaves them (``flush``).
    """
    with django_db_blocker.unblock():
        call_command("load_demo", stdout=io.StringIO(), stderr=io.StringIO())
        make_user("alice", is_superuser=True)
        fingerprint = _fingerprint()
    yield fingerprint
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture(autouse=True)
def _live_server_helper(request, django_db_blocker) -> Iterator[None]:
    """pytest-django's helper of the same name, without its ``transactional_db``: that would
    empty the tables after each test, and the next one would load the demo again.

    The database is opened to the test and the live server's thread for the test's length
    (the module's ``demo`` committed the data), and the test fails if it changed the demo.
    """
    if "live_server" not in request.fixturenames:
        yield
        return
    live_server = request.getfixturevalue("live_server")
    live_server._live_server_modified_settings.enable()
    try:
        with django_db_blocker.unblock():
            yield
            if "demo" in request.fixturenames:
                assert _fingerprint() == request.getfixturevalue("demo"), "a test wrote to the demo"
    finally:
        live_server._live_server_modified_settings.disable()


@pytest.fixture
def offline_page(page: Page, live_server) -> Iterator[Page]:
    """The page, failing the test if it asks any host but the live server."""
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    yield page
    foreign = [url for url in requested if not url.startswith(live_server.url)]
    assert not foreign, f"requests to other hosts: {foreign}"


def search(page: Page, base: str, text: str) -> None:
    page.goto(base)
    page.get_by_label("Find a treaty or a state by any name, alias or code").fill(text)
    # No option chosen in the type-ahead: Enter submits the search itself.
    page.keyboard.press("Enter")


@pytest.mark.parametrize(
    ("text", "path"),
    [("US", "/states/USA/"), ("UK", "/states/GBR/"), ("GB", "/states/GBR/"),
     ("UAE", "/states/ARE/"), ("DPRK", "/states/PRK/"), ("USSR", "/states/SUN/"),
     ("Lithunia", "/states/LTU/"), ("ottowa", "/treaties/apmbc/")],
)  # fmt: skip
def test_search_takes_codes_short_forms_and_misspellings_to_the_meant_page(
    offline_page: Page, live_server, demo, text, path
):
    search(offline_page, live_server.url, text)
    expect(offline_page).to_have_url(f"{live_server.url}{path}")


def test_search_results_say_which_name_matched(offline_page: Page, live_server, demo):
    search(offline_page, live_server.url, "united")
    mexico = offline_page.locator('#state-results li[data-code="MEX"]')
    expect(mexico).to_contain_text("matched: United Mexican States")


def test_the_type_ahead_offers_the_state_and_says_what_matched(
    offline_page: Page, live_server, demo
):
    page = offline_page
    page.goto(live_server.url)
    box = page.get_by_role("combobox", name="Find a treaty or a state by any name, alias or code")
    box.press_sequentially("UK", delay=50)
    first = page.get_by_role("option").first
    expect(first).to_contain_text("United Kingdom")
    expect(first).to_contain_text("matched: UK")
    box.press("ArrowDown")
    box.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/states/GBR/")


def map_fill(page: Page, status: str) -> tuple[float, float, float]:
    css = page.locator(f'svg.world use[data-status="{status}"]').first.evaluate(
        "e => getComputedStyle(e).fill"
    )
    return parse_rgb(css)


def test_party_withdrawn_and_pending_stay_apart_for_a_deuteranope(
    offline_page: Page, live_server, demo
):
    page = offline_page
    # 1 Jan 2026: Estonia, Latvia and Lithuania have left the APMBC; Finland and Poland are
    # leaving.
    page.goto(f"{live_server.url}/treaties/apmbc/?on=2026-01-01")
    fills = {s: map_fill(page, s) for s in ("party", "withdrawn", "withdrawal_pending")}
    seen = {s: deuteranope(rgb) for s, rgb in fills.items()}
    for a, b in (("party", "withdrawn"), ("party", "withdrawal_pending"),
                 ("withdrawn", "withdrawal_pending")):  # fmt: skip
        assert delta_e(seen[a], seen[b]) >= 20, (a, b, seen[a], seen[b])
    # And a cue that is no colour at all: a pattern over withdrawn and pending countries.
    for status, numeric in (("withdrawn", "440"), ("withdrawal_pending", "616")):
        hatch = page.locator(f'svg.world a:has(use[data-numeric="{numeric}"]) use.hatch')
        fill = hatch.evaluate("e => getComputedStyle(e).fill")
        assert fill.startswith("url(") and f"hatch-{status}" in fill


def test_tuvalu_is_drawn_and_every_party_has_one_shape(offline_page: Page, live_server, demo):
    page = offline_page
    page.goto(f"{live_server.url}/treaties/apmbc/?on=2026-01-01")
    tuvalu = page.locator('svg.world use[data-numeric="798"]')
    expect(tuvalu).to_have_attribute("data-status", "party")
    box = tuvalu.bounding_box()
    assert box and box["width"] > 2 and box["height"] > 2
    party_count = int(page.locator('.counts li[data-status="party"] strong').inner_text())
    shapes = page.evaluate(
        """() => new Set([...document.querySelectorAll('#map use[data-status="party"]')]
                .map(e => e.dataset.numeric)).size"""
    )
    assert shapes == party_count == 161


def test_a_country_is_reached_by_keyboard_and_its_tooltip_shows(
    offline_page: Page, live_server, demo
):
    page = offline_page
    page.goto(f"{live_server.url}/treaties/ccm/?on=2025-01-01")
    lithuania = page.locator('svg.world a[href="#state-LTU"]')
    lithuania.focus()
    expect(page.locator("#map-tip")).to_have_text("Lithuania: Withdrawal pending since 6 Sep 2024")
    page.keyboard.press("Enter")
    expect(page.locator("#state-LTU a").first).to_be_focused()


def test_the_time_slider_steps_to_the_next_change_without_reloading(
    offline_page: Page, live_server, demo, artifacts_dir
):
    page = offline_page
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/treaties/ccm/?on=2024-09-05")
    page.evaluate("window.notReloaded = true")
    dates = json.loads(page.request.get(f"{live_server.url}/treaties/ccm/dates.json").text())
    expected = min(d for d in dates["dates"] if d > "2024-09-05")
    assert expected == "2024-09-06"  # Lithuania's notification
    expect(page.locator("#state-LTU")).to_have_attribute("data-status", "party")
    page.get_by_label("Step by").select_option("change")  # the default step is a year
    page.get_by_role("button", name="Next change").click()
    expect(page).to_have_url(f"{live_server.url}/treaties/ccm/?on={expected}")
    expect(page.locator("#state-LTU")).to_have_attribute("data-status", "withdrawal_pending")
    expect(page.locator('svg.world use[data-numeric="440"]').first).to_have_attribute(
        "data-status", "withdrawal_pending"
    )
    expect(page.locator('.counts li[data-status="withdrawal_pending"] strong')).to_have_text("1")
    expect(page.locator("#slider-date")).to_have_text("6 Sep 2024")
    assert page.evaluate("window.notReloaded") is True
    section = page.locator("section:has(#on-h)")
    section.scroll_into_view_if_needed()
    top = page.evaluate("window.scrollY") + section.bounding_box()["y"]  # type: ignore[index]
    page.screenshot(
        path=str(artifacts_dir / "ccm-map-with-slider-1280.png"),
        full_page=True,
        clip={"x": 0, "y": top, "width": 1280, "height": 1000},
    )


def test_the_united_states_paris_row_shows_both_memberships(offline_page: Page, live_server, demo):
    page = offline_page
    page.goto(f"{live_server.url}/treaties/paris-agreement/?on=2025-06-01")
    periods = page.locator("#state-USA td.periods")
    expect(periods).to_contain_text("4 Nov 2016 \u2013 4 Nov 2020")
    expect(periods).to_contain_text("19 Feb 2021 \u2013 27 Jan 2026")


def test_the_apmbc_table_headings_stick_while_scrolling(offline_page: Page, live_server, demo):
    page = offline_page
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{live_server.url}/treaties/apmbc/")
    page.locator("#state-MEX").scroll_into_view_if_needed()
    heading = page.locator("#participants thead th").first
    top = heading.evaluate("e => e.getBoundingClientRect().top")
    table_top = page.locator("#participants").evaluate("e => e.getBoundingClientRect().top")
    assert table_top < -500  # well into the table
    assert 0 <= top <= 1  # yet the headings are at the top of the window
    expect(heading).to_be_in_viewport()


def test_sorting_puts_accented_names_where_readers_expect(offline_page: Page, live_server, demo):
    page = offline_page
    page.goto(f"{live_server.url}/treaties/apmbc/")
    state = page.get_by_role("button", name=re.compile(r"^State( |$)"))
    state.click()  # descending
    state.click()  # ascending again, by the browser's collation
    codes = page.locator("#participants tbody tr").evaluate_all("rows => rows.map(r => r.id)")
    assert codes.index("state-CIV") < codes.index("state-CZE")
    assert codes.index("state-TUR") < codes.index("state-TUV")
    expect(page.locator("#sort-status")).to_have_text("Sorted by state, ascending.")


@pytest.mark.parametrize(
    ("path", "name"),
    [("/treaties/att/", "att"), ("/treaties/ctbt/", "ctbt"), ("/states/LTU/", "lithuania")],
)
def test_nothing_overflows_a_360_px_screen(
    offline_page: Page, live_server, demo, artifacts_dir, path, name
):
    page = offline_page
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(f"{live_server.url}{path}")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(artifacts_dir / f"{name}-360.png"), full_page=True)


def test_the_treaty_page_at_1280_and_360_px(offline_page: Page, live_server, demo, artifacts_dir):
    page = offline_page
    for width in (1280, 360):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live_server.url}/treaties/ccm/?on=2025-01-01")
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.screenshot(path=str(artifacts_dir / f"treaty-ccm-{width}.png"), full_page=True)
    # On a phone each row is a compact card; one tap shows every value with its heading.
    card = page.locator("#state-LTU")
    expect(card.locator('td[data-label="Withdrawal"]')).to_be_hidden()
    card.locator("details.more summary").click()
    expect(card.locator('td[data-label="Withdrawal"]')).to_be_visible()


def test_the_ctbt_names_the_annex_2_states_it_waits_for(offline_page: Page, live_server, demo):
    page = offline_page
    page.goto(f"{live_server.url}/treaties/ctbt/?on=2026-02-03")
    note = page.locator("#required-states")
    expect(note).to_contain_text("9 of them had not")
    for name in ("India", "Pakistan", "Russian Federation", "United States of America"):
        expect(note).to_contain_text(name)


def test_a_missing_page_is_styled_and_offers_search(offline_page: Page, live_server, demo):
    page = offline_page
    response = page.goto(f"{live_server.url}/treaties/no-such-treaty/")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    expect(page.get_by_role("search")).to_have_count(1)
    assert page.locator("body").evaluate("e => getComputedStyle(e).fontFamily") != "Times"


def test_the_print_layout_fits_a4(offline_page: Page, live_server, demo, artifacts_dir):
    page = offline_page
    # A4 is 210 mm; less twice 12 mm of margin that is 186 mm, 703 CSS pixels.
    page.set_viewport_size({"width": 703, "height": 1000})
    page.emulate_media(media="print")
    page.goto(f"{live_server.url}/treaties/apmbc/?on=2026-01-01")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator("form.date-form").first).to_be_hidden()
    table = page.locator("#participants")
    right = table.evaluate("e => e.getBoundingClientRect().right")
    assert right <= 703
    assert page.evaluate("document.documentElement.scrollWidth") <= 703
    pdf = page.pdf(format="A4", path=str(artifacts_dir / "apmbc-print.pdf"))
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert pages < 22, pages


def test_the_csv_download_opens_with_a_bom_and_has_the_articles(
    offline_page: Page, live_server, demo
):
    page = offline_page
    page.goto(f"{live_server.url}/treaties/ccm/?on=2025-01-01")
    with page.expect_download() as info:
        page.get_by_role("link", name="CSV").click()
    download = info.value
    assert download.suggested_filename == "ccm-2025-01-01.csv"
    raw = Path(download.path()).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = {r["code"]: r for r in csv.DictReader(io.StringIO(raw.decode("utf-8-sig")))}
    assert rows["LTU"]["status_label"] == "Withdrawal pending"
    assert (rows["LTU"]["withdrawal_effective"], rows["LTU"]["withdrawal_article"]) == (
        "2025-03-06",
        "20(3)",
    )


def serious_violations(page: Page) -> list[tuple[str, str, int]]:
    results = Axe().run(page)
    return [
        (v["id"], v["impact"], len(v["nodes"]))
        for v in results.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


def test_pages_have_no_serious_accessibility_violations(offline_page: Page, live_server, demo):
    found = {}
    for path in ["/", "/treaties/ccm/?on=2025-01-01", "/states/LTU/", "/compare/",
                 "/search/?q=united", "/data/", "/api/v1/docs/"]:  # fmt: skip
        offline_page.goto(f"{live_server.url}{path}")
        if path.startswith("/api/"):
            offline_page.wait_for_selector(".opblock")
        violations = serious_violations(offline_page)
        if violations:
            found[path] = violations
    assert found == {}


def test_the_admin_add_form_has_no_serious_accessibility_violations(
    offline_page: Page, live_server, demo
):
    page = offline_page
    page.goto(f"{live_server.url}/admin/login/?next=/admin/events/event/add/")
    page.fill("#id_username", "alice")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page.locator("#event_form")).to_be_visible()
    expect(page.locator(".select2-selection[aria-label]")).to_have_count(2)
    assert serious_violations(page) == []


def test_the_admin_event_list_fits_1280_px_newest_first(offline_page: Page, live_server, demo):
    page = offline_page
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/admin/login/?next=/admin/events/event/")
    page.fill("#id_username", "alice")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    table = page.locator("#result_list")
    width = table.evaluate("e => e.scrollWidth")
    space = page.locator("#changelist .results").evaluate("e => e.clientWidth")
    assert width <= space
    dates = page.locator("#result_list td.field-date").all_inner_texts()[:5]
    assert dates[0].endswith("2025")
    expect(page).to_have_title(re.compile("Treaty Tracker"))


def test_a_tap_on_a_country_shows_its_tooltip_before_following_it(browser, live_server, demo):
    context = browser.new_context(has_touch=True, viewport={"width": 360, "height": 800})
    page = context.new_page()
    page.goto(f"{live_server.url}/treaties/ccm/?on=2025-01-01")
    germany = page.locator('svg.world a[href="#state-DEU"]')
    germany.scroll_into_view_if_needed()
    germany.tap()
    expect(page.locator("#map-tip")).to_have_text("Germany: Party since 1 Aug 2010")
    expect(page).to_have_url(f"{live_server.url}/treaties/ccm/?on=2025-01-01")
    germany.tap()
    expect(page).to_have_url(f"{live_server.url}/treaties/ccm/?on=2025-01-01#state-DEU")
    context.close()


def test_a_country_whose_row_is_on_another_page_of_the_table_opens_that_page(
    offline_page: Page, live_server, demo, monkeypatch
):
    from web import tables

    monkeypatch.setattr(tables, "TABLE_PAGE_ROWS", 50)  # the APMBC's 166 rows: 4 pages
    page = offline_page
    page.goto(f"{live_server.url}/treaties/apmbc/?on=2020-01-01")
    expect(page.locator("#participants tbody tr")).to_have_count(50)
    zimbabwe = page.locator('svg.world a[href$="#state-ZWE"]')
    expect(zimbabwe).to_have_attribute("href", "?on=2020-01-01&page=4#state-ZWE")
    zimbabwe.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/treaties/apmbc/?on=2020-01-01&page=4#state-ZWE")
    expect(page.locator("#state-ZWE")).to_be_in_viewport()
    nav = page.get_by_role("navigation", name="Pages of the participants table", exact=True)
    expect(nav.get_by_role("link", name=re.compile("^1: Afghanistan"))).to_be_visible()
    expect(nav.locator('a[aria-current="page"]')).to_have_text(re.compile("^4: "))
    assert serious_violations(page) == []
