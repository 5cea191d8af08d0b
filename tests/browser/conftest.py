"""Browser tests: Playwright driving Debian's chromium against a live server.

Playwright's sync API runs an event loop in the test thread, which makes Django refuse ORM
calls from it; the tests only read the database through the live server, so allowing it here
is safe.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Browser tests need Debian's chromium at {CHROMIUM} (.ci/run installs it)")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def artifacts_dir() -> Path:
    """Where screenshots go (CI artifacts, never committed)."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
