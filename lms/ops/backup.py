"""One archive holds everything needed to bring the platform back: the database and the
uploaded files (certificate PDFs, photos, signatures).

The archive is a .tar.gz with:
- manifest.json: when, which database engine, the latest migration of each app, row counts
  of the tables people care about (to compare after a restore);
- database.dump (PostgreSQL, pg_dump's custom format) or database.sqlite3 (SQLite, a
  consistent copy made with SQLite's online backup);
- media/: MEDIA_ROOT as it was.

Restoring refuses to replace a database that already holds data unless told to, and
refuses an archive made from the other engine (a PostgreSQL dump cannot become SQLite).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import connection, connections

MANIFEST = "manifest.json"
COUNTED = ("people.User", "courses.Enrolment", "events.Attendance", "certificates.Certificate")


class BackupError(Exception):
    """Said to the operator as it is."""


def _engine() -> str:
    vendor = connection.vendor
    if vendor not in ("postgresql", "sqlite"):
        raise BackupError(f"backups support PostgreSQL and SQLite, not {vendor}")
    return vendor


def _pg_env_and_name() -> tuple[dict[str, str], str]:
    db = settings.DATABASES["default"]
    env = {**os.environ}
    for key, variable in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if db.get(key):
            env[variable] = str(db[key])
    return env, db["NAME"]


def _run(argv: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"{argv[0]} failed: {done.stderr.strip() or done.stdout.strip()}")


def counts() -> dict[str, int]:
    found = {}
    for label in COUNTED:
        try:
            found[label] = apps.get_model(label).objects.count()
        except LookupError:
            continue
    return found


def _migrations() -> dict[str, str]:
    from django.db.migrations.recorder import MigrationRecorder

    latest: dict[str, str] = {}
    for app, name in MigrationRecorder(connection).migration_qs.order_by("id").values_list("app", "name"):
        latest[app] = name
    return latest


def make_backup(output: Path) -> dict[str, Any]:
    """Write the archive to `output`; its manifest."""
    engine = _engine()
    media = Path(settings.MEDIA_ROOT)
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if engine == "postgresql":
            env, name = _pg_env_and_name()
            dump = work / "database.dump"
            _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={dump}", name], env)
        else:
            dump = work / "database.sqlite3"
            source = sqlite3.connect(settings.DATABASES["default"]["NAME"])
            target = sqlite3.connect(dump)
            with target:
                source.backup(target)
            source.close()
            target.close()
        manifest = {
            "made_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "engine": engine,
            "database_file": dump.name,
            "migrations": _migrations(),
            "counts": counts(),
            "media_files": sum(1 for p in media.rglob("*") if p.is_file()) if media.exists() else 0,
        }
        (work / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        partial = output.with_name(output.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(work / MANIFEST, arcname=MANIFEST)
            archive.add(dump, arcname=dump.name)
            if media.exists():
                archive.add(media, arcname="media")
        partial.replace(output)  # a backup cut short never looks like a whole one
    return manifest


def _ensure_database() -> None:
    """Create the configured PostgreSQL database if it does not exist yet (a fresh server)."""
    import psycopg
    from psycopg import sql

    db = settings.DATABASES["default"]
    params = {k: db[v] for k, v in (("host", "HOST"), ("port", "PORT"), ("user", "USER"), ("password", "PASSWORD"))}
    params = {k: v for k, v in params.items() if v}
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]]).fetchone():
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(db["NAME"])))


def _has_data() -> bool:
    return "django_migrations" in connection.introspection.table_names()


def restore_backup(archive_path: Path, *, replace: bool = False) -> dict[str, Any]:
    """Bring the database and MEDIA_ROOT back from the archive; the archive's manifest."""
    engine = _engine()
    if not archive_path.is_file():
        raise BackupError(f"no such archive: {archive_path}")
    with tempfile.TemporaryDirectory() as tmp, tarfile.open(archive_path, "r:gz") as archive:
        work = Path(tmp)
        # The "data" filter refuses absolute paths, links out of the folder and device files.
        archive.extractall(work, filter="data")
        try:
            manifest = json.loads((work / MANIFEST).read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise BackupError(f"{archive_path} is not a backup made by this platform (no {MANIFEST})") from None
        if manifest["engine"] != engine:
            raise BackupError(f"this archive holds a {manifest['engine']} database; the configured one is {engine}")
        if engine == "postgresql":
            _ensure_database()
        if _has_data() and not replace:
            raise BackupError("the configured database already holds data: add --replace to overwrite it")
        dump = work / manifest["database_file"]
        if engine == "postgresql":
            env, name = _pg_env_and_name()
            connections.close_all()
            _run(
                [
                    "pg_restore",
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--no-privileges",
                    "--exit-on-error",
                    "--single-transaction",
                    f"--dbname={name}",
                    str(dump),
                ],
                env,
            )
        else:
            connections.close_all()
            source = sqlite3.connect(dump)
            target = sqlite3.connect(settings.DATABASES["default"]["NAME"])
            with target:
                source.backup(target)
            source.close()
            target.close()
        media = work / "media"
        if media.exists():
            shutil.copytree(media, settings.MEDIA_ROOT, dirs_exist_ok=True)
    return manifest
