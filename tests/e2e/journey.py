"""One browser journey: every page it reaches is screenshotted and checked with axe-core."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import ConsoleMessage, Locator, Page, Response, expect

from tests.factories import PASSWORD
from tests.helpers import bn

# axe's own scale is minor < moderate < serious < critical; the two top ones fail a test.
FAILING_IMPACTS = {"serious", "critical"}
BROKEN_RESOURCE_TYPES = {"stylesheet", "script", "image", "font"}


@dataclass
class Journey:
    page: Page
    base_url: str
    screenshots: Path
    axe_script: Path
    steps: int = 0
    broken: list[str] = field(default_factory=list)
    # What the browser refused under the Content-Security-Policy (an inline script, say).
    refused: list[str] = field(default_factory=list)
    # A second person's journey (see another_person) names her screenshots and numbers them
    # on the first journey's count, so the folder reads as one story.
    who: str = ""
    first: Journey | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self.page.on("response", self._note_broken)
        self.page.on("console", self._note_refused)

    def another_person(self, who: str) -> Journey:
        """Someone else on the same browser: her own context (cookies, session), the same
        screen, language and base URL, and the same checks on every page."""
        context = self.page.context
        other = context.browser.new_context(
            viewport=self.page.viewport_size,
            locale=self.page.evaluate("() => navigator.language"),
            base_url=self.base_url,
            reduced_motion="reduce",  # as the first person's (tests/e2e/conftest.py)
        )
        other.set_default_timeout(10_000)
        return Journey(
            page=other.new_page(),
            base_url=self.base_url,
            screenshots=self.screenshots,
            axe_script=self.axe_script,
            who=who,
            first=self.first or self,
        )

    def visit(self, path: str, step: str) -> None:
        """Open a path of the live server and check the page."""
        self.page.goto(path)
        self.check(step)

    def click(self, target: Locator, step: str, *, axe: bool = True) -> None:
        """Click a link or submit button that loads a new page, then check that page
        (axe=False: a page outside the platform, e.g. Zoom's, is only screenshotted)."""
        with self.page.expect_navigation():
            target.click()
        self.check(step, axe=axe)

    def expect_path(self, path: str) -> None:
        """Wait until the browser is at this path of the live server."""
        expect(self.page).to_have_url(self.base_url + path)

    def open_menu(self) -> None:
        """Open the header's <details> menu (it holds sign-up, log-in and log-out)."""
        menu = self.page.locator("details.site-menu")
        if menu.get_attribute("open") is None:
            menu.locator("summary").click()
        self.check("menu")
        # axe cannot see a menu that opens half off a 360 px screen; a person can.
        box = menu.locator("ul").bounding_box()
        width = self.page.viewport_size["width"]
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= width, (
            f"the open menu is outside the {width}px screen: {box}"
        )

    def check(self, step: str, *, axe: bool = True) -> None:
        """Screenshot the page, then fail on broken assets or serious axe violations.

        axe=False is for pages the platform does not serve (Zoom's): not ours to fix."""
        page = self.page
        page.wait_for_load_state("load")
        counter = self.first or self
        counter.steps += 1
        name = f"{counter.steps:02d}-{self.who + '-' if self.who else ''}{step}.png"
        self.screenshots.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=self.screenshots / name, full_page=True)

        broken, self.broken = self.broken, []
        assert not broken, f"{step} ({page.url}): assets failed to load:\n" + "\n".join(broken)
        refused, self.refused = self.refused, []
        assert not refused, f"{step} ({page.url}): refused by the Content-Security-Policy:\n" + "\n".join(refused)
        if not axe:
            return

        # A menu opened on the same page needs no second copy of axe.
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            # Evaluated through the browser's debugging protocol, which the page's CSP does
            # not govern (a <script> tag with axe inline would rightly be refused).
            page.evaluate(self.axe_script.read_text(encoding="utf-8"))
        results = page.evaluate("() => axe.run()")
        violations = [v for v in results["violations"] if v["impact"] in FAILING_IMPACTS]
        assert not violations, f"{step} ({page.url}): accessibility violations:\n" + "\n".join(
            format_violation(v) for v in violations
        )

    def _note_refused(self, message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            self.refused.append(f"  {message.text}")

    def _note_broken(self, response: Response) -> None:
        if response.status >= 400 and response.request.resource_type in BROKEN_RESOURCE_TYPES:
            self.broken.append(f"  {response.status} {response.url}")


def format_violation(violation: dict[str, Any]) -> str:
    # A target is a list of selectors: one per iframe or shadow root on the way down.
    targets = ", ".join(" >> ".join(map(str, node["target"])) for node in violation["nodes"])
    return f"  [{violation['impact']}] {violation['id']}: {violation['help']}\n    on: {targets}"


def bangla(message: str) -> str:
    """What the page shows for a message: its Bangla translation, or English if none yet."""
    with translation.override("bn"):
        return gettext(message)


def log_in(journey: Journey, phone: str, who: str) -> None:
    """Log in with a mobile number and password on the Bangla log-in page."""
    login_url = bn("account_login")
    journey.visit(login_url, "login")
    form = journey.page.locator(f'form[action="{login_url}"]')
    form.locator('[name="login"]').press_sequentially(phone)
    form.locator('[name="password"]').fill(PASSWORD)
    journey.click(form.locator('button[type="submit"]'), "logged-in")
    journey.expect_path(bn("people:profile"))
    expect(journey.page.locator(".messages")).to_contain_text(bangla("You are logged in."))
    expect(journey.page.locator("h1")).to_have_text(who)
