"""The Content Security Policy refuses nothing the site itself needs: pages, the admin and
the API's Swagger UI load only same-origin assets, and no script or style is inline."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.factories import build_ccm, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def violations(page: Page) -> list[str]:
    """What the browser refused under the policy, as it reports it on the console."""
    seen: list[str] = []
    page.on(
        "console",
        lambda message: (
            seen.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return seen


def test_pages_and_the_api_docs_run_under_the_policy(page: Page, live_server, violations):
    build_ccm()
    for path in ("/", "/treaties/ccm/?on=2025-01-01", "/states/LTU/", "/compare/"):
        response = page.goto(f"{live_server.url}{path}")
        assert (
            response is not None
            and "default-src 'self'" in response.headers["content-security-policy"]
        )
    page.goto(f"{live_server.url}/api/v1/docs/")
    page.wait_for_selector(".swagger-ui .info", timeout=15000)  # Swagger UI started

    assert violations == []


def test_the_admin_runs_under_the_policy(page: Page, live_server, violations):
    ccm = build_ccm()
    make_user("carol-admin", is_superuser=True)
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "carol-admin")
    page.fill("#id_password", "a-long-test-password-1")
    page.click("input[type=submit]")
    page.goto(f"{live_server.url}/admin/events/event/")
    page.goto(f"{live_server.url}/admin/events/event/add/")
    page.goto(f"{live_server.url}/admin/treaties/treaty/{ccm.pk}/change/")
    page.wait_for_load_state("networkidle")
    assert page.locator("#content h1").count() == 1

    assert violations == []
