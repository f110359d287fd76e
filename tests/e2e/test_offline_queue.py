"""static/js/offline-queue.js on its own, in Chromium: what the check-in desk, the judge's sheet and
the attendance sheet share. The page and the sync view are stand-ins routed by Playwright (no
Django server): the test sees every request the queue sends and answers it as the sync views do."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, Route, sync_playwright

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, ROOT, VIEWPORT

pytestmark = pytest.mark.browser

ORIGIN = "https://udyokta.test"
PAGE = """<!doctype html><html lang="bn"><body>
<input type="hidden" name="csrfmiddlewaretoken" value="the-token">
<script src="/static/js/offline-queue.js"></script></body></html>"""


class SyncView:
    """Answers like the sync views: each item by its id, "done" unless told otherwise."""

    def __init__(self) -> None:
        self.received: list[dict] = []
        self.headers: list[dict] = []
        self.refuse: set[str] = set()
        self.status = 200

    def __call__(self, route: Route) -> None:
        body = json.loads(route.request.post_data or "{}")
        self.received.append(body)
        self.headers.append(route.request.headers)
        if self.status != 200:
            route.fulfill(status=self.status, json={"error": "Log in again."})
            return
        results = [
            {"id": item["id"], "status": "refused", "message": "Not your class."}
            if item["id"] in self.refuse
            else {"id": item["id"], "status": "done"}
            for item in body["marks"]
        ]
        route.fulfill(json={"results": results})


@pytest.fixture
def sync() -> SyncView:
    return SyncView()


@pytest.fixture
def page(sync: SyncView) -> Iterator[Page]:
    if not CHROMIUM.exists():
        pytest.fail(f"Browser tests need {CHROMIUM} (install it with: apt-get install chromium)", pytrace=False)
    script = (ROOT / "static/js/offline-queue.js").read_text(encoding="utf-8")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport=VIEWPORT)
        context.set_default_timeout(10_000)
        context.route(f"{ORIGIN}/", lambda route: route.fulfill(body=PAGE, content_type="text/html"))
        context.route(
            f"{ORIGIN}/static/js/offline-queue.js",
            lambda route: route.fulfill(body=script, content_type="text/javascript"),
        )
        context.route(f"{ORIGIN}/sync/", sync)
        page = context.new_page()
        page.goto(f"{ORIGIN}/")
        try:
            yield page
        finally:
            browser.close()


def open_queue(page: Page, owner: str, name: str = "q") -> None:
    """window[name]: a queue like the attendance sheet's, its redraws counted in window[name + 'Changes']."""
    page.evaluate(
        """([owner, name]) => {
            window[name + "Changes"] = 0;
            window.answers = [];
            window[name] = OfflineQueue("udyokta.test.marks", "/sync/", {
                owner: owner,
                body: (batch) => ({ sent_at: 1, marks: batch }),
                onResult: (result, item) => { window.answers.push([result.id, item.learner]); },
                onChange: () => { window[name + "Changes"] += 1; },
            });
        }""",
        [owner, name],
    )


def mark(page: Page, item_id: str, learner: int = 1, name: str = "q") -> None:
    page.evaluate(
        "([id, learner, name]) => window[name].add({ id: id, session: 5, learner: learner, present: true })",
        [item_id, learner, name],
    )


def test_offline_items_wait_and_go_once_with_the_wire_format(page: Page, sync: SyncView) -> None:
    open_queue(page, "7")
    page.context.set_offline(True)
    mark(page, "a", learner=1)
    mark(page, "b", learner=2)
    assert page.evaluate("() => q.count()") == 2
    assert page.evaluate("() => qChanges") >= 2  # the page redraws its "not sent yet" count
    assert sync.received == []

    page.context.set_offline(False)
    page.evaluate("() => window.dispatchEvent(new Event('online'))")
    page.wait_for_function("() => q.count() === 0")

    assert sync.received == [
        {
            "sent_at": 1,
            "marks": [
                {"id": "a", "session": 5, "learner": 1, "present": True},
                {"id": "b", "session": 5, "learner": 2, "present": True},
            ],
        }
    ]
    assert sync.headers[0]["x-csrftoken"] == "the-token"
    assert sync.headers[0]["content-type"] == "application/json"
    assert page.evaluate("() => answers") == [["a", 1], ["b", 2]]  # each answer with its item
    assert page.evaluate("() => localStorage.getItem('udyokta.test.marks.7')") == "[]"


def test_an_item_replaces_the_one_it_supersedes(page: Page) -> None:
    open_queue(page, "7")
    page.context.set_offline(True)
    mark(page, "a", learner=1)
    mark(page, "a", learner=2)  # the same id: the newer copy
    page.evaluate("() => q.add({ id: 'c', session: 5, learner: 2 }, (queued) => queued.learner === 2)")

    assert page.evaluate("() => q.items().map((item) => item.id)") == ["c"]


def test_each_person_on_the_phone_has_her_own_queue(page: Page, sync: SyncView) -> None:
    # A queue kept before queues had owners goes to the first person who opens the page.
    page.evaluate("() => localStorage.setItem('udyokta.test.marks', JSON.stringify([{ id: 'old' }]))")
    page.context.set_offline(True)
    open_queue(page, "7", name="first")
    mark(page, "hers", name="first")
    open_queue(page, "8", name="second")

    assert page.evaluate("() => first.items().map((item) => item.id)") == ["old", "hers"]
    assert page.evaluate("() => second.count()") == 0
    assert page.evaluate("() => localStorage.getItem('udyokta.test.marks')") is None


def test_a_refused_item_leaves_the_queue_and_says_why(page: Page, sync: SyncView) -> None:
    sync.refuse = {"b"}
    open_queue(page, "7")
    page.context.set_offline(True)
    mark(page, "a", learner=1)
    mark(page, "b", learner=2)
    page.context.set_offline(False)
    page.evaluate("() => q.flush()")
    page.wait_for_function("() => q.count() === 0")

    assert page.evaluate("() => q.problem()") == "Not your class."
    mark(page, "c", learner=3)  # a new tap starts afresh
    page.wait_for_function("() => q.count() === 0")
    assert page.evaluate("() => q.problem()") == ""


def test_signed_out_the_items_wait_and_the_server_says_why(page: Page, sync: SyncView) -> None:
    sync.status = 401
    open_queue(page, "7")
    mark(page, "a")
    page.wait_for_function("() => q.problem() !== '' && !q.sending()")

    assert page.evaluate("() => q.problem()") == "Log in again."
    assert page.evaluate("() => q.count()") == 1

    sync.status = 200  # signed in again: the next try sends it, and the problem is gone
    page.evaluate("() => q.flush()")
    page.wait_for_function("() => q.count() === 0")
    assert page.evaluate("() => q.problem()") == ""


def test_more_than_a_batch_goes_in_batches_of_200(page: Page, sync: SyncView) -> None:
    open_queue(page, "7")
    page.context.set_offline(True)
    page.evaluate("() => { for (let i = 0; i < 450; i++) q.add({ id: 'm' + i, session: 5, learner: i }); }")
    page.context.set_offline(False)
    page.evaluate("() => q.flush()")
    page.wait_for_function("() => q.count() === 0")

    assert [len(body["marks"]) for body in sync.received] == [200, 200, 50]


def test_without_storage_there_is_no_queue(page: Page) -> None:
    # Private mode on some phones: localStorage throws. The page's plain forms still work.
    assert (
        page.evaluate(
            """() => {
            Object.defineProperty(window, "localStorage", { get() { throw new Error("private"); } });
            return OfflineQueue("udyokta.test.marks", "/sync/", {});
        }"""
        )
        is None
    )
