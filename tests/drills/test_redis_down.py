"""Fault drill: Redis stops in the middle of the day.

A Redis of its own on a free port (the shared one is left alone), a real web server and, once
Redis is back, a real Celery worker. While Redis is down pages still load (the cache is only a
cache), and work for the background — here the certificate of a learner who just completed —
is kept in the database instead of being lost; when Redis returns it is sent and done, once.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager

import pytest

from tests.events.room.servers import seed
from tests.servers import ROOT, environment, free_port, migrate, uvicorn

pytestmark = pytest.mark.skipif(shutil.which("redis-server") is None, reason="needs redis-server")

COMPLETE = """
import json
from django.utils import timezone
from courses.services import enrol
from events import services
from lms.jobs.models import PendingTask
from tests import factories
from tests.factories import UserFactory, make_batch, make_course
for _ in range(100):  # page slugs apart from the class room's seed (another process, same counter)
    next(factories._slugs)
from lms.people.roles import TRAINER, grant_role
trainer = UserFactory(phone="+8801811000001"); grant_role(trainer, TRAINER)
learner = UserFactory(phone="+8801811000002", full_name="মোছাঃ রাবেয়া খাতুন")
batch = make_batch(make_course(min_attendance_percent=50), trainers=[trainer], first_date=timezone.localdate(), weeks=1)
enrolment = enrol(learner, batch).enrolment
services.record_attendance(batch.sessions.get(), learner, "sheet", present=True, by=trainer)
enrolment.refresh_from_db()
print(json.dumps({"enrolment": enrolment.pk, "status": enrolment.status, "kept": PendingTask.objects.count()}))
"""

CERTIFICATES = """
import json
from certificates.models import Certificate
print(json.dumps(list(Certificate.objects.filter(source_key="enrolment:{enrolment}").values_list("serial", flat=True))))
"""


@contextmanager
def redis_server(port: int):
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                import socket

                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        yield process
    finally:
        process.terminate()
        process.wait(timeout=10)


def _shell(env: dict[str, str], code: str):
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


async def _websocket_closed(base: str, path: str, cookie: str) -> bool:
    """True when the server closes (or refuses) the websocket within a few seconds."""
    import websockets

    url = base.replace("http://", "ws://") + path
    try:
        async with websockets.connect(url, origin=base, additional_headers={"Cookie": cookie}) as socket_:
            await asyncio.wait_for(socket_.recv(), 5)
            await asyncio.wait_for(socket_.recv(), 5)
    except (websockets.ConnectionClosed, websockets.InvalidStatus, OSError):
        return True
    except TimeoutError:
        return False
    return False


def _get(url: str) -> tuple[int, float]:
    started = time.monotonic()
    with urllib.request.urlopen(url, timeout=10) as response:
        response.read()
        return response.status, time.monotonic() - started


def test_pages_load_without_redis_and_kept_work_is_done_when_it_returns(tmp_path):
    port = free_port()
    env = environment(tmp_path, REDIS_URL=f"redis://127.0.0.1:{port}/0", PYTHONPATH=str(ROOT))
    with redis_server(port):
        migrate(env)
        subprocess.run([sys.executable, "manage.py", "seed_demo"], cwd=ROOT, env=env, check=True, capture_output=True)
    room = seed(env, link="https://example.com/live")
    # Redis is down from here on.
    with uvicorn(env) as base:
        for path in ("/", "/courses/", "/en/courses/"):
            status, seconds = _get(base + path)
            assert status == 200 and seconds < 5, (path, status, seconds)
        # The class room: the page loads, read-only as rendered by the server; its websocket is
        # closed at once (the script then shows the reload link and retries), not left hanging.
        cookie = "sessionid=" + room["cookies"]["learner"]
        request = urllib.request.Request(f"{base}/en/class/{room['session']}/", headers={"Cookie": cookie})
        with urllib.request.urlopen(request, timeout=10) as response:
            page = response.read().decode()
        assert "This part of the page does not update by itself." in page and "https://example.com/live" not in page
        assert asyncio.run(_websocket_closed(base, f"/ws/class/{room['session']}/", cookie))
    started = time.monotonic()
    done = _shell(env, COMPLETE)
    assert done["status"] == "completed" and done["kept"] == 1  # the certificate task, kept
    assert time.monotonic() - started < 30  # the trainer's click did not hang on Redis
    assert _shell(env, CERTIFICATES.format(**done)) == []

    with redis_server(port):  # Redis is back
        sent = subprocess.run(
            [sys.executable, "manage.py", "resend_tasks"], cwd=ROOT, env=env, capture_output=True, text=True, check=True
        )
        assert "sent 1, still kept 0" in sent.stdout
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "lms",
                "worker",
                "--pool",
                "solo",
                "--loglevel",
                "WARNING",
                "--without-heartbeat",
                "--without-gossip",
                "--without-mingle",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 60
            while not (issued := _shell(env, CERTIFICATES.format(**done))) and time.monotonic() < deadline:
                time.sleep(1)
        finally:
            worker.terminate()
            worker.wait(timeout=20)
    assert len(issued) == 1  # done, and once
