"""Fault drill: PostgreSQL drops every connection (a restart, a failover) while the site runs.

The production web server (gunicorn, as the Procfile runs it) keeps serving: each pooled
connection is checked as it leaves the pool and a dropped one is replaced, so no page fails.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
import uuid
from contextlib import contextmanager

import psycopg
import pytest

from tests.servers import ROOT, environment, free_port, migrate

ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"


def _postgres() -> bool:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        return False
    try:
        psycopg.connect(ADMIN_URL, connect_timeout=2).close()
    except psycopg.OperationalError:
        return False
    return True


pytestmark = pytest.mark.skipif(not _postgres(), reason="needs PostgreSQL (set DATABASE_URL); CI runs it")


def _get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.fixture
def database(tmp_path):
    """A fresh PostgreSQL database, migrated; (its name, the environment pointing at it)."""
    name = f"udyokta_drill_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    env = environment(tmp_path, DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{name}", PYTHONPATH=str(ROOT))
    try:
        migrate(env)
        yield name, env
    finally:
        with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def gunicorn(env: dict[str, str]):
    """The production web server as the Procfile runs it (one worker, two threads); its base URL."""
    port = free_port()
    argv = ["lms.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "1"]
    argv += ["--worker-class", "gthread", "--threads", "2", "--no-control-socket"]
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", *argv],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if _get(base + "/health/") == 200:
                    break
            except OSError:
                time.sleep(0.1)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=20)


def _drop_connections(name: str) -> int:
    with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
        return admin.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = %s", [name]
        ).fetchone()[0]


def test_pages_survive_postgresql_dropping_every_connection(database):
    name, env = database
    subprocess.run([sys.executable, "manage.py", "seed_demo"], cwd=ROOT, env=env, check=True, capture_output=True)
    with gunicorn(env) as base:
        pages = ("/", "/courses/", "/en/about/")
        assert [_get(base + p) for p in pages] == [200, 200, 200]  # the pool holds connections now
        assert _drop_connections(name) >= 1
        assert [_get(base + p) for p in pages] == [200, 200, 200]


SEED = """
import json
from django.conf import settings
from django.test import Client
from lms.people.roles import ORGANISER
from tests.factories import UserFactory, make_batch
organiser = UserFactory(phone="+8801700009999", roles=[ORGANISER])
batch = make_batch(capacity=10000)
client = Client()
client.force_login(organiser)
print(json.dumps({"batch": batch.pk, "cookie": client.cookies[settings.SESSION_COOKIE_NAME].value}))
"""


def _multipart(fields: dict[str, str], name: str, filename: str, content: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for key, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode())
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
        "Content-Type: text/csv\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def test_a_connection_dropped_mid_request_gives_a_clear_page_writes_nothing_and_the_next_request_works(database):
    import json
    import re
    import threading

    name, env = database
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", SEED], cwd=ROOT, env=env, capture_output=True, text=True
    )
    seeded = json.loads(done.stdout.strip().splitlines()[-1])
    with gunicorn(env) as base:
        url = f"{base}/en/organise/batches/{seeded['batch']}/import/"
        roster = f"{base}/en/teach/batch/{seeded['batch']}/"
        form = urllib.request.Request(url, headers={"Cookie": f"sessionid={seeded['cookie']}"})
        with urllib.request.urlopen(form, timeout=10) as response:
            page = response.read().decode()
            csrf = re.search(r"csrftoken=([^;]+)", response.headers["Set-Cookie"]).group(1)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        letters = str.maketrans("0123456789", "কখগঘঙচছজঝঞ")  # names have no digits
        rows = ["name,mobile,district"] + [
            f"রাবেয়া {str(i).translate(letters)},+8801812{i:06d},Dhaka" for i in range(8000)
        ]
        body, kind = _multipart({"csrfmiddlewaretoken": token}, "file", "people.csv", "\n".join(rows).encode())
        upload = urllib.request.Request(
            url,
            data=body,
            headers={"Content-Type": kind, "Cookie": f"sessionid={seeded['cookie']}; csrftoken={csrf}", "Referer": url},
        )
        answer: dict = {}

        def post() -> None:
            try:
                with urllib.request.urlopen(upload, timeout=60) as response:
                    answer["status"], answer["body"] = response.status, response.read().decode()
            except urllib.error.HTTPError as error:
                answer["status"], answer["body"] = error.code, error.read().decode()

        thread = threading.Thread(target=post)
        thread.start()
        time.sleep(0.5)  # the import is under way: reading, checking and writing 8,000 rows
        _drop_connections(name)
        thread.join(60)
        assert answer["status"] == 500, (answer.get("status"), re.sub(r"\s+", " ", answer.get("body", ""))[-1500:])
        assert "Something failed on our side. Nothing you did was lost" in answer["body"]
        with psycopg.connect(f"postgres://postgres@127.0.0.1:5432/{name}") as db:
            written = db.execute("SELECT count(*) FROM courses_enrolment").fetchone()[0]
        assert written == 0  # all or nothing: the import's transaction was rolled back
        assert _get(roster) in (200, 302) and _get(base + "/") == 200
