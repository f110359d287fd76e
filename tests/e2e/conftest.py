"""Browser journeys: Playwright drives Debian's Chromium against pytest-django's live server.

A test asks for `journey`. The database is transactional (the live server reads it from
another thread) and restored to the migrated data (home pages, districts) before each
test, because a previous transactional test flushed it. Do not add a django_db marker:
it would override that restore.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connections
from playwright.sync_api import sync_playwright

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


@pytest.fixture
def journey(
    live_server,
    django_db_serialized_rollback: None,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
) -> Iterator[Journey]:
    missing = [
        f"{path} (install it with: {how})"
        for path, how in (
            (CHROMIUM, "apt-get install chromium"),
            (AXE, "make var/vendor/axe.min.js"),
        )
        if not path.exists()
    ]
    if missing:
        pytest.fail("Browser journeys need " + " and ".join(missing), pytrace=False)

    screenshots = SCREENSHOTS / re.sub(r"[^\w.-]+", "_", request.node.name)
    for old in screenshots.glob("*.png"):
        old.unlink()

    # Between its calls, Playwright's sync API leaves an asyncio loop marked as running
    # in this thread. Django then refuses ORM calls, and hands out a separate database
    # connection. So Playwright lives only inside this fixture, after the database is
    # set up and before it is flushed, and the test's own queries are let through.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        # Reduced motion: Bootstrap then drops its colour transitions, so axe never measures a
        # button's contrast halfway through a fade (a busy machine caught one mid-transition).
        context = browser.new_context(
            viewport=VIEWPORT, locale="bn-BD", base_url=live_server.url, reduced_motion="reduce"
        )
        context.set_default_timeout(10_000)
        try:
            yield Journey(
                page=context.new_page(),
                base_url=live_server.url,
                screenshots=screenshots,
                axe_script=AXE,
            )
        finally:
            connections.close_all()  # the connections opened while the loop "ran"
            browser.close()
