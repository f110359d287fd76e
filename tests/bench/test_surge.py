"""The join surge's client against a small real HTTP server, and its preparation on a database."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest
from django.test import Client

from courses.models import CoursePage
from events.models import JoinClick
from tests.bench import dataset, surge
from tests.factories import UserFactory, make_course

TARGET = "https://zoom.us/j/1?pwd=x"


class _Server:
    """Answers GET with a 302 to TARGET; `bad` cookies get a 403; closes keep-alive connections
    after `close_after` answers (as gunicorn does with idle ones)."""

    def __init__(self, close_after: int = 0, delay: float = 0.0) -> None:
        self.close_after, self.delay = close_after, delay
        self.cookies: list[str] = []
        self.ready = threading.Event()
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.server = self.loop.run_until_complete(asyncio.start_server(self._handle, "127.0.0.1", 0))
        self.port = self.server.sockets[0].getsockname()[1]
        self.ready.set()
        self.loop.run_forever()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        answered = 0
        try:
            while True:
                head = (await reader.readuntil(b"\r\n\r\n")).decode()
                cookie = next(line.split(": ", 1)[1] for line in head.split("\r\n") if line.startswith("Cookie"))
                self.cookies.append(cookie)
                await asyncio.sleep(self.delay)
                if cookie.endswith("bad"):
                    writer.write(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 2\r\n\r\nno")
                else:
                    writer.write(f"HTTP/1.1 302 Found\r\nLocation: {TARGET}\r\nContent-Length: 0\r\n\r\n".encode())
                await writer.drain()
                answered += 1
                if self.close_after and answered >= self.close_after:
                    break
        except asyncio.IncompleteReadError:
            pass
        writer.close()

    def __enter__(self) -> _Server:
        self.thread.start()
        self.ready.wait(5)
        return self

    def __exit__(self, *exc: object) -> None:
        async def shut() -> None:
            self.server.close()
            tasks = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            await self.server.wait_closed()

        asyncio.run_coroutine_threadsafe(shut(), self.loop).result(5)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def test_every_learner_presses_once_and_wrong_answers_count_as_errors():
    cookies = [f"s=learner{i}" for i in range(300)] + ["s=bad"]
    with _Server() as server:
        result = surge.run_surge(server.url, "/class/1/join/", TARGET, cookies, connections=32)
    assert sorted(server.cookies) == sorted(cookies)
    assert result.presses == 301 and result.errors == {"status 403": 1}
    assert 0 < result.p50_ms <= result.p99_ms <= result.max_ms


def test_a_redirect_elsewhere_is_an_error():
    with _Server() as server:
        result = surge.run_surge(server.url, "/j/", "https://elsewhere.example/", ["s=a", "s=b"], connections=2)
    assert result.errors == {"wrong redirect": 2}


def test_a_keep_alive_connection_closed_by_the_server_is_reopened_not_counted_as_an_error():
    cookies = [f"s=l{i}" for i in range(40)]
    with _Server(close_after=3) as server:
        result = surge.run_surge(server.url, "/j/", TARGET, cookies, connections=4)
    assert result.error_total == 0 and sorted(server.cookies) == sorted(cookies)


def test_paced_presses_spread_over_the_given_time():
    cookies = [f"s=l{i}" for i in range(20)]
    with _Server() as server:
        started = time.perf_counter()
        result = surge.run_surge(server.url, "/j/", TARGET, cookies, connections=20, seconds=1.0)
    assert time.perf_counter() - started >= 0.9
    assert result.error_total == 0 and result.seconds >= 0.9


def test_an_unreachable_server_gives_connection_errors_not_a_crash():
    with _Server() as server:
        url = server.url
    result = surge.run_surge(url, "/j/", TARGET, ["s=a", "s=b"], connections=2, timeout=1)
    assert result.errors == {"connection": 2}


def test_percentile_is_the_nearest_rank():
    values = list(range(1, 101))
    assert surge.percentile(values, 50) == 50 and surge.percentile(values, 99) == 99
    assert surge.percentile([], 99) == 0.0 and surge.percentile([7.0], 99) == 7.0


@pytest.mark.django_db
def test_prepare_makes_a_live_class_that_each_learner_joins_with_the_cookie_given():
    course, featured = make_course(), make_course()
    CoursePage.objects.filter(pk=course.pk).update(slug=f"{dataset.SLUG_PREFIX}dyeing-advanced")
    CoursePage.objects.filter(pk=featured.pk).update(slug=dataset.FEATURED_COURSE_SLUG)
    learners = [UserFactory(phone=dataset.bench_phone(index)) for index in range(6)]
    plan = surge.prepare(5)
    assert len(plan["cookies"]) == len(set(plan["cookies"])) == 5
    for cookie in plan["cookies"]:
        name, key = cookie.split("=")
        client = Client()
        client.cookies[name] = key
        assert client.get(plan["path"])["Location"] == surge.SURGE_JOIN_URL
    clicks = JoinClick.objects.filter(session_id=plan["session_id"])
    assert sorted(clicks.values_list("user__phone", flat=True)) == sorted(u.phone for u in learners[1:])
    assert clicks.first().session.batch.course_id == course.pk
    again = surge.prepare(5)  # the next run: the same class, live now, with no clicks yet
    assert again["session_id"] == plan["session_id"] and surge.clicks(again["session_id"]) == {
        "clicks": 0,
        "learners": 0,
    }
