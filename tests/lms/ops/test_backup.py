"""`make backup` / `make restore`: a round trip into a fresh database that then serves the same
certificates and verification pages, on SQLite always and on PostgreSQL where it runs (CI)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
import urllib.request
import uuid

import psycopg
import pytest

from tests.servers import ROOT, environment, migrate, uvicorn

ISSUE = """
import json
from certificates.models import Kind
from certificates.services import issue_certificate
from lms.people.models import User
user = User.objects.create_user(phone="+8801711223344", password="x-very-long-pass", full_name="মোছাঃ রাবেয়া খাতুন")
certificate, _ = issue_certificate(recipient=user, kind=Kind.COURSE, source_key="backup-test",
    values={"course": "নকশিকাঁথা"}, title="নকশিকাঁথা")
print(json.dumps({"code": certificate.code, "pdf": certificate.pdf.path}))
"""

ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"


def _manage(env: dict[str, str], *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=check
    )


def _postgres_available() -> bool:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        return False
    try:
        psycopg.connect(ADMIN_URL, connect_timeout=2).close()
    except psycopg.OperationalError:
        return False
    return True


@pytest.fixture(params=["sqlite", "postgresql"])
def two_databases(request, tmp_path):
    """The environments of a source and a fresh, empty target."""
    if request.param == "sqlite":
        yield (
            environment(tmp_path / "a", DATABASE_URL=f"sqlite:///{tmp_path / 'a.sqlite3'}"),
            environment(tmp_path / "b", DATABASE_URL=f"sqlite:///{tmp_path / 'b.sqlite3'}"),
        )
        return
    if not _postgres_available():
        pytest.skip("needs PostgreSQL (set DATABASE_URL); CI runs it")
    names = [f"udyokta_backup_{uuid.uuid4().hex[:8]}_{side}" for side in ("a", "b")]
    with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{names[0]}"')  # the target is left to restore to create
    try:
        yield tuple(
            environment(tmp_path / side, DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{name}")
            for side, name in zip("ab", names, strict=True)
        )
    finally:
        with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
            for name in names:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_restored_backup_serves_the_same_certificates(two_databases, tmp_path):
    source, target = two_databases
    migrate(source)
    issued = json.loads(_manage(source, "shell", "-c", ISSUE).stdout.strip().splitlines()[-1])
    original_pdf = open(issued["pdf"], "rb").read()
    archive = tmp_path / "backup.tar.gz"
    made = _manage(source, "backup", "--output", str(archive))
    assert "certificates.Certificate: 1" in made.stdout
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert "manifest.json" in names and any(n.endswith(".pdf") for n in names)

    restored = _manage(target, "restore", str(archive))
    assert "Restored" in restored.stdout, restored.stderr
    _manage(target, "collectstatic", "--noinput", "-v0")
    with uvicorn(target) as base:
        page = urllib.request.urlopen(f"{base}/verify/{issued['code']}/").read().decode()
        pdf = urllib.request.urlopen(f"{base}/verify/{issued['code']}/pdf/").read()
    assert "মোছাঃ রাবেয়া খাতুন" in page and "নকশিকাঁথা" in page
    assert pdf == original_pdf

    # The target now holds data: a second restore must be asked for explicitly.
    again = _manage(target, "restore", str(archive), check=False)
    assert again.returncode != 0 and "--replace" in again.stderr
    assert _manage(target, "restore", str(archive), "--replace").returncode == 0


def test_restore_refuses_what_is_not_a_backup_and_changes_nothing(tmp_path):
    env = environment(tmp_path, DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    bogus = tmp_path / "photos.tar.gz"
    with tarfile.open(bogus, "w:gz") as tar:
        (tmp_path / "x.txt").write_text("hello")
        tar.add(tmp_path / "x.txt", arcname="x.txt")
    refused = _manage(env, "restore", str(bogus), check=False)
    assert refused.returncode != 0 and "not a backup" in refused.stderr
    missing = _manage(env, "restore", str(tmp_path / "nope.tar.gz"), check=False)
    assert missing.returncode != 0 and "no such archive" in missing.stderr
