"""The corpus home in a real browser: the 407 treaties of the UN's 2018 corpus, browsed by
subject, with families, years in look-alike titles and abbreviations, at 1280 and 360 px
(axe clean, no sideways scroll); screenshots corpus-home-*.png in artifacts/."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from states.services import states_load
from tests.browser import test_pages as shared
from treaties.models import Treaty

# The page tests' fixtures (the demo loaded once per module, the live server's helper,
# the page that fails on foreign requests) and their axe check.
_live_server_helper = shared._live_server_helper
offline_page = shared.offline_page
serious_violations = shared.serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.corpus]


@pytest.fixture(scope="module")
def corpus(django_db_setup, django_db_blocker, shared_data) -> Iterator[None]:
    """The whole corpus imported as `make corpus` does, committed for the live server."""
    with django_db_blocker.unblock():
        states_load()  # the reference states (an earlier module's flush emptied them)
        call_command(
            "import_untc", str(shared_data / "untc-mtdsg-xml-2018"), "--as-of", "2018-01-15",
            stdout=io.StringIO(), stderr=io.StringIO(),
        )  # fmt: skip
    yield
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


def _rows(page: Page) -> list[str]:
    return page.locator(".treaty-list tbody th").all_inner_texts()


@pytest.mark.parametrize("width", [1280, 360])
def test_the_corpus_home_browses_by_subject_with_families_and_abbreviations(
    offline_page: Page, live_server, corpus, artifacts_dir: Path, width: int
):
    page = offline_page
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url)
    expect(page.locator("#treaty-count")).to_contain_text("407 treaties")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    page.screenshot(path=str(artifacts_dir / f"corpus-home-{width}.png"), full_page=False)
    assert overflow <= 0, f"the corpus home scrolls sideways by {overflow} px"
    rows = _rows(page)
    assert not [r for r in rows if "…" in r]  # no truncated title
    opium = [r.split("\n")[0] for r in rows if "Suppression of Opium Smoking" in r]
    assert len(opium) == 2 and len({o[-6:] for o in opium}) == 2, opium  # each with its year
    page.get_by_label("Subject").select_option(label="Human rights (UN chapter IV)")
    page.get_by_role("button", name="Show").click()
    rows = _rows(page)
    crc = next(r for r in rows if r.startswith("CRC"))
    assert crc.count("Convention on the Rights of the Child") == 1
    # The CRC's amendment and optional protocols straight after it, oldest first, as members
    # of its family.
    index = rows.index(crc)
    family = []
    for row in rows[index + 1 :]:
        if not row.startswith("Part of the family above"):
            break
        family.append(row)
    assert "Amendment to article 43 (2) of the Convention on the Rights of the Child" in family[0]
    assert any(
        "Optional Protocol to the Convention on the Rights of the Child" in r for r in family
    )
    assert serious_violations(page) == []
    page.screenshot(path=str(artifacts_dir / f"corpus-home-human-rights-{width}.png"))


@pytest.mark.parametrize("width", [1280, 360])
def test_a_corpus_treaty_page_says_its_records_date_and_fits(
    offline_page: Page, live_server, corpus, django_db_blocker, artifacts_dir: Path, width: int
):
    page = offline_page
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/search/?q=CRC")  # the abbreviation leads to the treaty
    expect(page).to_have_url(re.compile(r"/treaties/[a-z0-9-]+/$"))
    expect(page.locator("h1")).to_contain_text("Convention on the Rights of the Child")
    # The 2018 file has no participants table: said so, never "0 states".
    expect(page.locator("#no-table")).to_contain_text("No participant data")
    expect(page.get_by_role("searchbox", name="Find a state")).to_be_hidden()

    with django_db_blocker.unblock():
        slug = Treaty.objects.get(un_reference="XXVII-7").slug  # the UNFCCC: 197 parties
    page.goto(f"{live_server.url}/treaties/{slug}/")
    # A 2018 record is never called today: the page shows the status on the record's date.
    expect(page.locator("main")).to_contain_text("15 Jan 2018")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    page.screenshot(path=str(artifacts_dir / f"corpus-treaty-unfccc-{width}.png"))
    assert overflow <= 0, f"the UNFCCC's page scrolls sideways by {overflow} px"
    find = page.get_by_role("searchbox", name="Find a state")
    find.fill("cote d")
    expect(page.locator("#participants tbody tr[data-code]:visible")).to_have_count(1)
    expect(page.locator("#state-CIV")).to_be_visible()
    assert serious_violations(page) == []
