"""Browser journeys: Playwright drives Debian's Chromium against pytest-django's live server.

Each test asks for `journey`; it brings a transactional database that is restored to the
migrated data (home pages, districts) before the test, because another transactional
test may have flushed it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from tests.e2e.journey import Journey

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
AXE = ROOT / "var" / "vendor" / "axe.min.js"
SCREENSHOTS = ROOT / "var" / "screenshots"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]
# A cheap Android phone.
VIEWPORT = {"width": 360, "height": 740}


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    missing = [
        f"{path} (install with: {how})"
        for path, how in (
            (CHROMIUM, "apt-get install chromium"),
            (AXE, "make var/vendor/axe.min.js"),
        )
        if not path.exists()
    ]
    if missing:
        pytest.fail("Browser journeys need " + " and ".join(missing), pytrace=False)
    # Playwright's sync API keeps an asyncio loop running in this thread for as long as it
    # lives, and Django refuses ORM calls (the test's own and the database flush) under a
    # running loop. Module scope keeps that window to the browser tests.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def journey(
    browser: Browser,
    live_server,
    django_db_serialized_rollback,
    request: pytest.FixtureRequest,
) -> Iterator[Journey]:
    screenshots = SCREENSHOTS / re.sub(r"[^\w.-]+", "_", request.node.name)
    for old in screenshots.glob("*.png"):
        old.unlink()
    context = browser.new_context(
        viewport=VIEWPORT, locale="bn-BD", base_url=live_server.url
    )
    context.set_default_timeout(10_000)
    yield Journey(
        page=context.new_page(),
        base_url=live_server.url,
        screenshots=screenshots,
        axe_script=AXE,
    )
    context.close()
