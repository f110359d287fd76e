"""Real ASGI servers for the room's cross-process tests and browser journey.

A temporary SQLite database is migrated and filled by a separate Python process (the test
process keeps its own test database), and uvicorn serves lms.asgi against it the way
`make run` does. Logins are session cookies written into that database.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def redis_reachable(host: str = "127.0.0.1", port: int = 6379) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def environment(tmp_path: Path, **extra: str) -> dict[str, str]:
    return {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", "/tmp"),
        "DJANGO_SETTINGS_MODULE": "lms.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "STATIC_ROOT": str(tmp_path / "static"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        **extra,
    }


def migrate(env: dict[str, str]) -> None:
    for command in (["migrate", "--noinput", "-v0"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True)


def seed(env: dict[str, str], *, link: str = "") -> dict:
    """A class on now: a trainer and two learners, with a login cookie for each."""
    code = f"import django; django.setup(); from tests.room.servers import _seed; _seed({link!r})"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _seed(link: str) -> None:
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from people.roles import TRAINER
    from tests.factories import UserFactory
    from tests.room.conftest import running_session

    trainer = UserFactory(full_name="শাহানা পারভীন", roles=[TRAINER])
    learner = UserFactory(full_name="মোছাঃ রাবেয়া খাতুন")
    other = UserFactory(full_name="নাসরিন আক্তার")
    session = running_session(trainer, learner, other)
    if link:
        session.link = link
        session.save(update_fields=["link"])

    def cookie(user) -> str:
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        return store.session_key

    people = {"trainer": trainer, "learner": learner, "other_learner": other}
    print(
        json.dumps(
            {
                "session": session.pk,
                "cookies": {name: cookie(user) for name, user in people.items()},
                "names": {name: user.full_name for name, user in people.items()},
            }
        )
    )


@contextmanager
def uvicorn(env: dict[str, str]):
    """uvicorn lms.asgi:application on a free port; yields its base URL."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "lms.asgi:application", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(base + "/health/", timeout=1)
                break
            except OSError:
                if process.poll() is not None:
                    raise AssertionError(process.stdout.read().decode()) from None
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)
