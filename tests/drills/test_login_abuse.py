"""Abuse drill: password guessing against the production shape (gunicorn with two workers,
PostgreSQL, the Redis cache that holds the login limits for both workers).

Twenty wrong passwords for one number do not keep another number out, from the same address or
another; Wagtail's front-end and admin login forms give no way round the lock; and a client-sent
X-Forwarded-For changes nothing when no proxy of ours is in front.

Its own PostgreSQL database (DATABASE_URL's name + "_login_drill", dropped after) and REDIS_URL's
Redis database, emptied before and after.
"""

from __future__ import annotations

import http.cookiejar
import os
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager

import pytest

from tests.servers import ROOT, environment, free_port, migrate

DATABASE_URL = os.environ.get("DATABASE_URL", "")
REDIS_URL = os.environ.get("REDIS_URL", "")
PASSWORD = "jute-bag-in-the-rain-7"
LOCKED = "Too many failed attempts"
SEED = f"""
from lms.people.models import User
from lms.people.roles import ORGANISER, grant_role
for phone in ("+8801713000001", "+8801713000002"):
    # confirmed numbers, as every account is once its sign-up code came back
    User.objects.create_user(phone=phone, password="{PASSWORD}", full_name="রাবেয়া খাতুন", phone_verified=True)
grant_role(User.objects.get(phone="+8801713000002"), ORGANISER)
"""


def _services() -> bool:
    if not DATABASE_URL.startswith("postgres") or not REDIS_URL:
        return False
    import psycopg
    import redis

    try:
        psycopg.connect(_admin_url(), connect_timeout=2).close()
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except (psycopg.OperationalError, redis.RedisError):
        return False
    return True


def _admin_url() -> str:
    return urllib.parse.urlparse(DATABASE_URL)._replace(path="/postgres").geturl()


pytestmark = [
    pytest.mark.services,
    pytest.mark.skipif(not _services(), reason="needs PostgreSQL and Redis (DATABASE_URL, REDIS_URL); CI runs it"),
]


@pytest.fixture
def site(tmp_path):
    """A migrated database with two people (A a learner, B an organiser); the environment for it."""
    import psycopg
    import redis

    name = urllib.parse.urlparse(DATABASE_URL).path.lstrip("/") + "_login_drill"
    with psycopg.connect(_admin_url(), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    url = urllib.parse.urlparse(DATABASE_URL)._replace(path=f"/{name}").geturl()
    env = environment(tmp_path, DATABASE_URL=url, REDIS_URL=REDIS_URL, PYTHONPATH=str(ROOT))
    redis.Redis.from_url(REDIS_URL).flushdb()
    try:
        migrate(env)
        subprocess.run([sys.executable, "manage.py", "shell", "-c", SEED], cwd=ROOT, env=env, check=True)
        yield env
    finally:
        redis.Redis.from_url(REDIS_URL).flushdb()
        with psycopg.connect(_admin_url(), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def gunicorn(env: dict[str, str], **settings: str):
    """gunicorn as the Procfile runs it, but with two worker processes; its base URL."""
    port = free_port()
    argv = ["lms.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "2"]
    argv += ["--worker-class", "gthread", "--threads", "2", "--no-control-socket"]
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", *argv],
        cwd=ROOT,
        env={**env, **settings},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(base + "/health/", timeout=2).close()
                break
            except OSError:
                time.sleep(0.1)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=20)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """One person's browser: its own cookies, and the address our proxy would say it came from."""

    def __init__(self, base: str, forwarded_for: str = "") -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect)
        self.headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}

    def request(self, path: str, form: dict[str, str] | None = None) -> tuple[int, str, str]:
        data = None
        headers = dict(self.headers)
        if form is not None:
            token = next((c.value for c in self.jar if c.name == "csrftoken"), "")
            data = urllib.parse.urlencode({**form, "csrfmiddlewaretoken": token}).encode()
            headers["Referer"] = self.base + path
        request = urllib.request.Request(self.base + path, data=data, headers=headers)
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.headers.get("Location", ""), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("Location", ""), error.read().decode()

    def log_in(self, phone: str, password: str, path: str = "/en/accounts/login/") -> tuple[int, str]:
        self.request("/en/accounts/login/")  # the form, for its CSRF cookie
        status, location, page = self.request(path, {"login": phone, "username": phone, "password": password})
        return status, LOCKED if LOCKED in page else location

    def signed_in(self) -> bool:
        return self.request("/en/me/")[0] == 200


A, B = "+8801713000001", "+8801713000002"


def test_guesses_at_one_number_keep_out_only_that_number(site):
    with gunicorn(site, TRUSTED_PROXIES="1") as base:
        guesser = Browser(base, forwarded_for="198.51.100.10")
        answers = [guesser.log_in(A, f"guess-{n}")[1] for n in range(20)]
        assert answers.count(LOCKED) == 15, answers  # the number's limit, seen by both workers
        assert guesser.log_in(A, PASSWORD) == (200, LOCKED)

        # B, from the guesser's own (carrier's) address and from another one, gets in.
        neighbour = Browser(base, forwarded_for="198.51.100.10")
        assert neighbour.log_in(B, PASSWORD)[0] == 302 and neighbour.signed_in()
        elsewhere = Browser(base, forwarded_for="203.0.113.20")
        assert elsewhere.log_in(B, PASSWORD)[0] == 302 and elsewhere.signed_in()
        # A stays locked wherever she tries from; a code login is the way in meanwhile.
        assert Browser(base, forwarded_for="203.0.113.30").log_in(A, PASSWORD) == (200, LOCKED)

        # Wagtail's login forms are doors to the same login: the right password gets no session.
        for door in ("/_util/login/", "/en/_util/login/", "/admin/login/"):
            other = Browser(base, forwarded_for="203.0.113.40")
            status, location = other.log_in(A, PASSWORD, path=door)
            assert status == 302 and "/accounts/login/" in location, (door, status, location)
            assert not other.signed_in()
        status, location, _ = Browser(base).request("/admin/pages/")
        assert status == 302 and location.startswith("/admin/login/")


def test_a_spoofed_forwarded_for_changes_nothing_without_a_trusted_proxy(site):
    # A tight limit per address, to see which address the site counts.
    with gunicorn(site, TRUSTED_PROXIES="0", LOGIN_FAILS_PER_ADDRESS="3") as base:
        for n in range(3):
            spoofer = Browser(base, forwarded_for=f"192.0.2.{n}")
            assert spoofer.log_in(f"+88017130001{n:02d}", "guess")[1] != LOCKED
        # Every "address" it claimed was 127.0.0.1 all along: that address is now locked.
        assert Browser(base, forwarded_for="192.0.2.99").log_in(B, PASSWORD) == (200, LOCKED)
    with gunicorn(site, TRUSTED_PROXIES="1", LOGIN_FAILS_PER_ADDRESS="3") as base:
        # Through a trusted proxy the same header is believed: another address gets in.
        assert Browser(base, forwarded_for="192.0.2.99").log_in(B, PASSWORD)[0] == 302
