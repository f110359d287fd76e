"""The production shape for the benchmark: PostgreSQL, Redis, and web servers in process groups."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import redis

BASE_DIR = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"
DATABASE_NAME = "udyokta_bench"
ADMIN_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/postgres"
# The tests and CI use Redis DB 0; 15 is the benchmark's own, so flushing it harms nobody.
REDIS_URL = "redis://127.0.0.1:6379/15"
# Executables beside the running interpreter: the venv `make bench` runs in.
BIN = Path(sys.executable).parent


@dataclass(frozen=True)
class ServerSpec:
    name: str
    argv: tuple[str, ...]  # "{port}" is replaced by the free port chosen at start
    env: Mapping[str, str] = field(default_factory=dict)  # on top of bench_env()
    # False: run only when named in BENCH_SERVERS (keeps the default run under ~3 minutes).
    default: bool = True

    def command(self, port: int) -> list[str]:
        return [part.replace("{port}", str(port)) for part in self.argv]


UVICORN = (str(BIN / "uvicorn"), "lms.asgi:application", "--host", HOST, "--port", "{port}")
# Both get the Procfile's two worker processes, so only the protocol and server differ.
# gunicorn uses gthread (2 x 4 threads): sync workers would drop keep-alive and block on
# every slow client, which no one would run in production behind wrk-like concurrency.
SERVERS: list[ServerSpec] = [
    ServerSpec("uvicorn-asgi", UVICORN + ("--workers", "2", "--no-access-log")),
    ServerSpec(
        "gunicorn-wsgi",
        (str(BIN / "gunicorn"), "lms.wsgi:application", "--bind", f"{HOST}:{{port}}")
        + ("--workers", "2", "--worker-class", "gthread", "--threads", "4")
        # Without this gunicorn 27 binds a control socket in ~/.gunicorn, shared by all runs.
        + ("--no-control-socket",),
    ),
    # Under ASGI every request runs in a fresh thread, so a persistent (thread-local)
    # connection is never reused and open ones pile up until PostgreSQL refuses more
    # ("too many clients"): this entry shows uvicorn with DB_CONN_MAX_AGE=0, as Django
    # documents for ASGI.
    ServerSpec(
        "uvicorn-asgi-conn0",
        UVICORN + ("--workers", "2", "--no-access-log"),
        env={"DB_CONN_MAX_AGE": "0"},
        default=False,
    ),
]


def bench_env() -> dict[str, str]:
    """The environment every manage.py call and server gets: production settings, bench data."""
    env = {key: value for key, value in os.environ.items() if key != "DEBUG"}
    env.pop("WEB_CONCURRENCY", None)  # gunicorn would read it; the argv says 2 workers
    env.update(
        DJANGO_SETTINGS_MODULE="lms.settings",
        DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{DATABASE_NAME}",
        REDIS_URL=REDIS_URL,
        SECRET_KEY="bench-only-not-a-secret",
        ALLOWED_HOSTS=HOST,
        PYTHONUNBUFFERED="1",
        # wrk asks from one address thousands of times a second: not a guesser to slow down.
        VERIFY_RATE_LIMIT="100000000",
    )
    return env


def prepare_services() -> None:
    """Create the bench database if missing and empty the bench Redis DB (cache, rate limits)."""
    with psycopg.connect(ADMIN_DATABASE_URL, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
    redis.Redis.from_url(REDIS_URL).flushdb()


def manage(env: Mapping[str, str], *args: str) -> str:
    """Run manage.py with env; its stdout, or RuntimeError with the output on failure."""
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=dict(env),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    return done.stdout


def has_command(env: Mapping[str, str], name: str) -> bool:
    listed = manage(env, "help", "--commands")
    return name in listed.split()


SESSION_SNIPPET = """
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
client = Client()
client.force_login(get_user_model().objects.get_by_natural_key({login!r}))
print(settings.SESSION_COOKIE_NAME + "=" + client.cookies[settings.SESSION_COOKIE_NAME].value)
"""


def session_cookie(env: Mapping[str, str], login: str) -> str:
    """A Cookie header value that logs requests in as the user with this login."""
    output = manage(env, "shell", "-v0", "-c", SESSION_SNIPPET.format(login=login))
    return output.strip().splitlines()[-1]


def free_port() -> int:
    # The port may in theory be taken before the server binds it; start() then fails loudly.
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    spec: ServerSpec
    port: int
    command: list[str]
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def log_tail(self, lines: int = 30) -> str:
        text = self.log.read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])


def get_status(port: int, path: str, headers: Mapping[str, str] | None = None) -> int:
    """The status of one GET, redirects not followed (a 302 to login must not look like 200)."""
    conn = http.client.HTTPConnection(HOST, port, timeout=10)
    try:
        conn.request("GET", path, headers=dict(headers or {}))
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def start(spec: ServerSpec, env: Mapping[str, str], log_dir: Path) -> Server:
    """Start the server in its own process group and wait until /health/ answers 200."""
    port = free_port()
    log_dir.mkdir(parents=True, exist_ok=True)
    log = log_dir / f"{spec.name}.log"
    command = spec.command(port)
    with log.open("wb") as out:
        # A new session: Ctrl-C in the terminal reaches only the harness, which then stops the
        # whole group (master and workers) itself, in order.
        process = subprocess.Popen(
            command,
            cwd=BASE_DIR,
            env={**env, **spec.env},
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = Server(spec, port, command, process, log)
    try:
        _wait_healthy(server, deadline=time.monotonic() + 90)
    except BaseException:
        stop(server)
        raise
    return server


def _wait_healthy(server: Server, deadline: float) -> None:
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"{server.spec.name} exited early:\n{server.log_tail()}")
        try:
            if get_status(server.port, "/health/") == 200:
                return
        except OSError:
            pass  # not listening yet
        time.sleep(0.25)
    raise RuntimeError(f"{server.spec.name} never answered /health/:\n{server.log_tail()}")


def stop(server: Server, grace_s: float = 15) -> None:
    """SIGTERM the process group, SIGKILL whatever is left after grace_s: no stray workers."""
    group = server.process.pid  # start_new_session made the server its group's leader
    _signal_group(group, signal.SIGTERM)
    deadline = time.monotonic() + grace_s
    while time.monotonic() < deadline:
        server.process.poll()  # reap the leader, or it lingers as a zombie in the group
        if not _group_alive(group):
            return
        time.sleep(0.1)
    _signal_group(group, signal.SIGKILL)
    server.process.wait()


def _signal_group(group: int, sig: signal.Signals) -> None:
    try:
        os.killpg(group, sig)
    except ProcessLookupError:
        pass


def _group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    return True
