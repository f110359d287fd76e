"""Two learners and their trainer in one class room, each on her own phone: a question asked
by one reaches the other, who says she has it too; the trainer marks it answered and makes an
announcement, and everyone sees both without reloading.

pytest-django's live server speaks WSGI only, so this journey runs against the real ASGI
server (uvicorn, as `make run` starts it) on a migrated temporary database.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect, sync_playwright

from tests.e2e.conftest import AXE, CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS, VIEWPORT
from tests.e2e.journey import Journey
from tests.events.room.servers import ROOT, environment, migrate, redis_reachable, seed, uvicorn
from tests.helpers import bn

pytestmark = pytest.mark.browser

SCRIPT = "<script>alert(1)</script>"
QUESTION = "নকশার জন্য কোন সুতা ভালো?"
ANNOUNCEMENT = "পাঁচ মিনিট বিরতি, তারপর সেলাই দেখাব।"


def bangla(message: str) -> str:
    with translation.override("bn"):
        return gettext(message)


def digits(text: str) -> str:
    return text.translate(str.maketrans("0123456789", "০১২৩৪৫৬৭৮৯"))


@pytest.fixture
def room_server(tmp_path) -> Iterator[tuple[str, dict]]:
    env = environment(tmp_path)
    migrate(env)
    room = seed(env, link="https://example.com/live")
    with uvicorn(env) as base:
        yield base, room


@pytest.fixture
def people(room_server, request) -> Iterator[dict[str, Journey]]:
    """A logged-in journey for the trainer and each learner, on one browser."""
    if not (CHROMIUM.exists() and AXE.exists()):
        pytest.fail("Browser journeys need /usr/bin/chromium and var/vendor/axe.min.js", pytrace=False)
    base, room = room_server
    screenshots = SCREENSHOTS / re.sub(r"[^\w.-]+", "_", request.node.name)
    for old in screenshots.glob("*.png"):
        old.unlink()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            journeys: dict[str, Journey] = {}
            first = None
            for who, cookie in room["cookies"].items():
                context = browser.new_context(viewport=VIEWPORT, locale="bn-BD", base_url=base, reduced_motion="reduce")
                context.set_default_timeout(10_000)
                context.add_cookies([{"name": "sessionid", "value": cookie, "url": base}])
                journeys[who] = Journey(
                    page=context.new_page(),
                    base_url=base,
                    screenshots=screenshots,
                    axe_script=AXE,
                    who=who,
                    first=first,
                )
                first = first or journeys[who]
            journeys["room"] = room
            yield journeys
        finally:
            browser.close()


def test_question_upvote_answer_and_announcement_reach_everyone_live(people) -> None:
    room = people.pop("room")
    trainer, her, other = people["trainer"], people["learner"], people["other_learner"]
    class_url = bn("events:class", session_id=room["session"])
    trainer_url = bn("events:trainer_class", session_id=room["session"])
    connected = bangla("Live: this page updates by itself.")

    trainer.visit(trainer_url, "trainer-room")
    her.visit(class_url, "room")
    other.visit(class_url, "room")
    for journey in (trainer, her, other):
        expect(journey.page.locator('[data-room="connection"]')).to_have_text(connected)
    # The class is on and has a link: the Join button is there, and the room says it is live.
    expect(her.page.locator('[data-testid="join"]')).to_be_visible()
    expect(her.page.locator('[data-room="status"]')).to_have_text(bangla("Live now"))
    # Three people in the room; the trainer also sees who.
    expect(trainer.page.locator('[data-room="presence"]')).to_have_text(
        digits(bangla("In the room now: %(n)s") % {"n": 3})
    )
    for name in room["names"].values():
        expect(trainer.page.locator('[data-room="names"]')).to_contain_text(name)
    expect(her.page.locator('[data-room="names"]')).to_have_count(0)

    # She asks; the other learner sees the question arrive and says she has it too.
    ask = her.page.locator('[data-room="ask"]')
    ask.locator("textarea").fill(QUESTION)
    ask.get_by_role("button", name=bangla("Ask")).click()
    mine = her.page.locator('[data-room="questions"] li', has_text=QUESTION)
    expect(mine).to_be_visible()
    expect(mine.get_by_role("button", name=bangla("I have this question too"))).to_have_count(0)  # her own
    theirs = other.page.locator('[data-room="questions"] li', has_text=QUESTION)
    expect(theirs).to_be_visible()
    other.check("question-arrived")
    theirs.get_by_role("button", name=bangla("I have this question too")).click()
    one_vote = digits(bangla("%(n)s have this question") % {"n": 1})
    expect(mine).to_contain_text(one_vote)
    expect(theirs).to_contain_text(one_vote)
    expect(theirs.get_by_role("button", name=bangla("I have this question too"))).to_have_count(0)  # once

    # A script typed as a question is shown as the text it is, and never runs.
    ask.locator("textarea").fill(SCRIPT)
    ask.get_by_role("button", name=bangla("Ask")).click()
    shown = other.page.locator('[data-room="questions"] li p', has_text=SCRIPT)
    expect(shown).to_have_text(SCRIPT)
    expect(other.page.locator('[data-room="questions"] script')).to_have_count(0)

    # The trainer marks it answered and announces a break: both learners see both at once.
    asked = trainer.page.locator('[data-room="questions"] li', has_text=QUESTION)
    expect(asked).to_contain_text(one_vote)
    asked.get_by_role("button", name=bangla("Mark answered")).click()
    announce = trainer.page.locator('[data-room="announce"]')
    announce.locator("textarea").fill(ANNOUNCEMENT)
    announce.get_by_role("button", name=bangla("Announce")).click()
    trainer.check("answered-and-announced")
    for journey in (her, other):
        answered = journey.page.locator('[data-room="questions"] li', has_text=QUESTION)
        expect(answered.locator(".badge")).to_have_text(bangla("Answered"))
        expect(journey.page.locator('[data-room="announcements"]')).to_contain_text(ANNOUNCEMENT)
        journey.check("announcement")

    # A learner who reloads gets the same room back from the server.
    her.visit(class_url, "reloaded")
    expect(her.page.locator('[data-room="announcements"]')).to_contain_text(ANNOUNCEMENT)
    expect(her.page.locator('[data-room="questions"] li', has_text=QUESTION).locator(".badge")).to_have_text(
        bangla("Answered")
    )


# --- in-app notifications, live on any page ----------------------------------------------------

ISSUE = """
import django
django.setup()
from django.contrib.auth import get_user_model
from lms.notifications.services import notify
user = get_user_model().objects.get(full_name={name!r})
notify(user, "certificate_issued", context={{"certificate": {{"title": {title!r}, "serial": "UDY-2026-0001"}}}},
       url={url!r})
"""
CERTIFICATE = "নকশি কাঁথা: হাতেখড়ি"


@pytest.fixture
def learner_on_redis(tmp_path, request) -> Iterator[tuple[Journey, dict, dict]]:
    """The learner logged in on a server whose channel layer is Redis, so a notification made by
    another process (a Celery worker, here a script) reaches her open page."""
    if not redis_reachable():
        pytest.skip("needs Redis at 127.0.0.1:6379 (CI runs it)")
    if not (CHROMIUM.exists() and AXE.exists()):
        pytest.fail("Browser journeys need /usr/bin/chromium and var/vendor/axe.min.js", pytrace=False)
    env = environment(tmp_path)
    migrate(env)
    room = seed(env)
    env["REDIS_URL"] = "redis://127.0.0.1:6379/9"
    screenshots = SCREENSHOTS / re.sub(r"[^\w.-]+", "_", request.node.name)
    for old in screenshots.glob("*.png"):
        old.unlink()
    with uvicorn(env) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport=VIEWPORT, locale="bn-BD", base_url=base, reduced_motion="reduce")
            context.set_default_timeout(10_000)
            context.add_cookies([{"name": "sessionid", "value": room["cookies"]["learner"], "url": base}])
            her = Journey(
                page=context.new_page(), base_url=base, screenshots=screenshots, axe_script=AXE, who="learner"
            )
            yield her, room, env
        finally:
            browser.close()


def test_a_certificate_issued_to_her_shows_on_her_open_page_at_once(learner_on_redis) -> None:
    her, room, env = learner_on_redis
    counter = her.page.locator('#notify [data-notify="count"]')
    her.visit(bn("events:class", session_id=room["session"]), "class-page-nothing-new")
    expect(counter).to_be_hidden()
    expect(her.page.locator("#notify")).to_have_attribute("data-live", "1")  # listening

    # A certificate is issued to her elsewhere (a worker process): her page hears of it.
    target = bn("courses:dashboard")
    script = ISSUE.format(name=room["names"]["learner"], title=CERTIFICATE, url=target)
    subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, check=True)
    toast = her.page.locator("#notify-toasts .toast")
    title = bangla("Your certificate is ready: %(title)s") % {"title": CERTIFICATE}
    expect(toast).to_contain_text(title)
    expect(counter).to_be_visible()
    expect(counter).to_contain_text("১")
    her.check("notification-arrived")

    # She opens it: it is read, and the counter goes.
    her.click(toast.get_by_role("link", name=bangla("Open")), "notification-opened")
    her.expect_path(target)
    expect(counter).to_be_hidden()
    her.visit(bn("notifications:inbox"), "notifications")
    expect(her.page.locator("main .list-group > li")).to_contain_text(title)
