"""The statements sections of the treaty and state pages in a real browser, on the UN's 2018
file III-2 (the Convention on the Privileges and Immunities of the Specialized Agencies, not
the Vienna Convention on Diplomatic Relations, which is III-3): the Netherlands' objection to
China's reservation, Germany's application to Land Berlin. 360 and 1280 px, axe clean;
screenshots in artifacts/."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from playwright.sync_api import Page, expect

from ingest.untc_xml import untc_xml_import
from states.services import states_load
from treaties.models import Treaty

pytestmark = [pytest.mark.browser]


@pytest.fixture(scope="module")
def vienna(django_db_setup, django_db_blocker) -> Iterator[str]:
    """III-2 imported once for the module, committed (the live server's thread reads it);
    the tables are emptied at the end."""
    from tests.conftest import SHARED_DATA

    with django_db_blocker.unblock():
        states_load()
        untc_xml_import(
            [SHARED_DATA / "untc-mtdsg-xml-2018" / "III-2.en.xml"], as_of=date(2018, 1, 15)
        )
        slug = Treaty.objects.get(un_reference="III-2").slug
    yield slug
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0, stdout=io.StringIO())


@pytest.fixture(autouse=True)
def _live_server_helper(request, django_db_blocker) -> Iterator[None]:
    """pytest-django's helper of the same name without its ``transactional_db`` (which would
    empty the tables after each test): the module's committed data stays for every test."""
    if "live_server" not in request.fixturenames:
        yield
        return
    live_server = request.getfixturevalue("live_server")
    live_server._live_server_modified_settings.enable()
    try:
        with django_db_blocker.unblock():
            yield
    finally:
        live_server._live_server_modified_settings.disable()


@pytest.fixture
def live(live_server) -> str:
    return str(live_server.url)


def _violations(page: Page, context: str | None = None) -> list[tuple[str, str, int]]:
    results = Axe().run(page, context=context) if context else Axe().run(page)
    return [
        (v["id"], v["impact"], len(v["nodes"]))
        for v in results.response["violations"]
        if context or v["impact"] in {"serious", "critical"}
    ]


@pytest.mark.parametrize("width", [1280, 360])
def test_the_treaty_pages_reservations_and_objections(
    page: Page, live, vienna, artifacts_dir, width
):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live}/treaties/{vienna}/")
    section = page.locator("section.statements")
    expect(section.locator("h2")).to_have_text("Reservations and objections")
    section.locator("summary").click()
    objection = section.locator("li", has_text="objecting to China")
    expect(objection).to_be_visible()
    expect(objection).to_contain_text("Netherlands")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    section.screenshot(path=str(artifacts_dir / f"statements-treaty-iii-2-{width}.png"))
    # Every rule of axe within the section, the serious ones on the whole page.
    assert _violations(page, "section.statements") == []
    assert _violations(page) == []


@pytest.mark.parametrize("width", [1280, 360])
def test_the_search_form_finds_the_objection_by_its_words(
    page: Page, live, vienna, artifacts_dir, width
):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live}/treaties/{vienna}/")
    page.get_by_label("Words in the text").fill("Netherlands reservation")
    page.get_by_label("Kind").select_option("objection")
    page.get_by_role("button", name="Search", exact=True).last.click()
    expect(page).to_have_url(
        f"{live}/treaties/{vienna}/statements/?q=Netherlands+reservation&kind=objection&state="
    )
    expect(page.locator("h2#statements-h")).to_contain_text("1 statement")
    expect(page.locator("li", has_text="objecting to China")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(
        path=str(artifacts_dir / f"statements-search-iii-2-{width}.png"), full_page=True
    )
    assert _violations(page, "section.statements") == []
    assert _violations(page) == []


@pytest.mark.parametrize("width", [1280, 360])
def test_the_state_pages_statements_per_treaty(page: Page, live, vienna, artifacts_dir, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live}/states/DEU/")
    section = page.locator("section.statements")
    section.locator("summary").click()
    berlin = section.locator("li", has_text="Land Berlin")
    expect(berlin.first).to_be_visible()
    expect(berlin.first).to_contain_text("Territorial application")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    section.screenshot(path=str(artifacts_dir / f"statements-state-deu-{width}.png"))
    assert _violations(page, "section.statements") == []
    assert _violations(page) == []
