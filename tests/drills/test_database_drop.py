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


def test_pages_survive_postgresql_dropping_every_connection(tmp_path):
    name = f"udyokta_drill_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    env = environment(tmp_path, DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{name}")
    port = free_port()
    server = None
    try:
        migrate(env)
        subprocess.run([sys.executable, "manage.py", "seed_demo"], cwd=ROOT, env=env, check=True, capture_output=True)
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "lms.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
                "--worker-class",
                "gthread",
                "--threads",
                "2",
                "--no-control-socket",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                if _get(base + "/health/") == 200:
                    break
            except OSError:
                time.sleep(0.1)
        pages = ("/", "/courses/", "/en/about/")
        assert [_get(base + p) for p in pages] == [200, 200, 200]  # the pool holds connections now
        with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
            dropped = admin.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = %s", [name]
            ).fetchone()[0]
        assert dropped >= 1
        assert [_get(base + p) for p in pages] == [200, 200, 200]
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=20)
        with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
