"""The cache around the build: the fingerprint, the marker table, clearing an old dataset,
seed_demo, and the entry points (`python -m tests.bench.dataset`, ensure_in_subprocess)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import re
import subprocess
import sys
import time
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from tests.bench.dataset.people import BENCH_PHONE_RE
from tests.bench.dataset.plan import FEATURED_COURSE_SLUG, SEED, SLUG_PREFIX, SURGE_BATCH_NAME, Sizes

# Bump when the meaning of the data changes; any edit of the generator's files rebuilds anyway.
VERSION = "2"
MARKER_TABLE = "bench_dataset"
PACKAGE_DIR = Path(__file__).resolve().parent


def source_hash() -> str:
    """A hash of every module of the generator (this package)."""
    return files_hash(sorted(PACKAGE_DIR.glob("*.py")))


def fingerprint(sizes: Sizes, source: str, demo: str, day: dt.date) -> str:
    """What the marker table records: same fingerprint, same data."""
    sizes_part = f"{sizes.learners}l-{sizes.batches}b-{sizes.enrolments}e-{sizes.courses}c"
    return f"v{VERSION}-{source}-demo{demo}-{day.isoformat()}-seed{SEED}-{sizes_part}"


def files_hash(paths: Iterable[str | Path]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(Path(path).read_bytes())
    return digest.hexdigest()[:12]


def _ensure_marker_table() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {MARKER_TABLE} ("
            " fingerprint text PRIMARY KEY, details jsonb NOT NULL, built_at timestamptz NOT NULL DEFAULT now())"
        )


def _recorded() -> tuple[str, dict] | None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT fingerprint, details FROM {MARKER_TABLE} ORDER BY built_at DESC LIMIT 1")
        row = cursor.fetchone()
    if row is None:
        return None
    details = row[1] if isinstance(row[1], dict) else json.loads(row[1])
    return row[0], details


def _record(key: str, details: Mapping[str, Any]) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {MARKER_TABLE}")
        cursor.execute(
            f"INSERT INTO {MARKER_TABLE} (fingerprint, details) VALUES (%s, %s)",
            [key, json.dumps(details, ensure_ascii=False)],
        )


def _seed_demo_module():
    """seed_demo's command module, or None when the project has no seed_demo."""
    import importlib

    from django.core.management import get_commands

    app = get_commands().get("seed_demo")
    return importlib.import_module(f"{app}.management.commands.seed_demo") if app else None


def demo_hash() -> str:
    """A hash of seed_demo and the demo modules it runs: changed demo data rebuilds too."""
    import importlib

    module = _seed_demo_module()
    if module is None:
        return "none"
    seeders = [importlib.import_module(path.rsplit(".", 1)[0]) for path in getattr(module, "SEEDERS", [])]
    return files_hash([module.__file__, *(seeder.__file__ for seeder in seeders)])


def run_seed_demo() -> float | None:
    """Run seed_demo (on a database without bench data); its seconds, None if there is none."""
    import io

    from django.core.management import call_command

    if _seed_demo_module() is None:
        return None
    started = time.perf_counter()
    call_command("seed_demo", stdout=io.StringIO())
    return round(time.perf_counter() - started, 2)


def _bench_learners():
    from lms.people.models import User

    return User.objects.filter(phone__regex=BENCH_PHONE_RE)


def _bench_courses():
    from courses.models import CoursePage

    return CoursePage.objects.filter(slug__startswith=SLUG_PREFIX)


def still_there(sizes: Sizes, details: Mapping[str, Any]) -> bool:
    """The recorded dataset is really in the database (not flushed since)."""
    from certificates.models import Certificate
    from courses.models import Batch

    code = (details.get("verify_path") or "").strip("/").rsplit("/", 1)[-1]
    return (
        _bench_learners().count() == sizes.learners
        and _bench_courses().filter(slug=FEATURED_COURSE_SLUG, live=True).exists()
        and Batch.objects.filter(course__slug__startswith=SLUG_PREFIX).exclude(name=SURGE_BATCH_NAME).count()
        == sizes.batches
        and Certificate.objects.filter(code=code).exists()
    )


# The big tables hanging off bench learners, emptied with one statement each: the ORM's cascade
# would load and signal every one of a million rows.
BULK_DELETES = {
    "certificates": "DELETE FROM certificates_certificate WHERE recipient_id IN ({learners})",
    "attendance": "DELETE FROM events_attendance WHERE user_id IN ({learners})",
    "progress": "DELETE FROM courses_lessonprogress WHERE user_id IN ({learners})",
    "enrolments": "DELETE FROM courses_enrolment WHERE user_id IN ({learners})",
    "notifications": "DELETE FROM notifications_notification WHERE user_id IN ({learners})",
}


def clear() -> dict[str, int]:
    """Delete a previous bench dataset (and anything hanging off its learners)."""
    from django.core.files.storage import default_storage
    from django.db import connection, transaction

    from certificates.models import Certificate
    from courses.models import Batch, CourseFacts, Enrolment, LessonProgress
    from events.models import ClassSession

    learners = "SELECT id FROM people_user WHERE phone ~ %s"
    files = set()
    for pdf, preview in (
        Certificate.objects.filter(recipient__phone__regex=BENCH_PHONE_RE).values_list("pdf", "preview").distinct()
    ):
        files |= {name for name in (pdf, preview) if name}
    removed = {}
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {MARKER_TABLE}")
        for name, sql in BULK_DELETES.items():
            cursor.execute(sql.format(learners=learners), [BENCH_PHONE_RE])
            removed[name] = cursor.rowcount
    transaction.on_commit(lambda: [default_storage.delete(name) for name in files])

    courses = list(_bench_courses().order_by("-depth", "-locale_id"))  # translations first
    course_ids = [c.pk for c in courses]
    removed["progress"] += LessonProgress.objects.filter(course_id__in=course_ids).delete()[0]
    removed["enrolments"] += Enrolment.objects.filter(batch__course_id__in=course_ids).delete()[0]
    removed["sessions"] = ClassSession.objects.filter(batch__course_id__in=course_ids).delete()[0]
    removed["batches"] = Batch.objects.filter(course_id__in=course_ids).delete()[0]
    facts_ids = {c.facts_id for c in courses}
    for course in courses:
        course.delete()
    removed["course_pages"] = len(courses)
    removed["course_facts"] = CourseFacts.objects.filter(pk__in=facts_ids, pages__isnull=True).delete()[0]
    removed["learners"] = _bench_learners().delete()[1].get("people.User", 0)
    return removed


ANALYZE_TABLES = (
    "people_user",
    "courses_batch",
    "courses_batch_trainers",
    "courses_enrolment",
    "courses_lessonprogress",
    "courses_coursefacts",
    "events_classsession",
    "events_attendance",
    "wagtailcore_page",
    "certificates_certificate",
    "certificates_serialcounter",
)


def ensure(sizes: Sizes, *, force: bool = False) -> dict[str, Any]:
    """Build the dataset unless the database already holds this one. Returns a summary."""
    from django.db import connection, transaction
    from django.utils import timezone

    if connection.vendor != "postgresql":
        raise RuntimeError("the bench dataset is written with PostgreSQL COPY: set DATABASE_URL")
    from tests.bench.dataset.build import build

    started = time.perf_counter()
    key = fingerprint(sizes, source_hash(), demo_hash(), timezone.localdate())
    _ensure_marker_table()
    recorded = _recorded()
    if not force and recorded and recorded[0] == key and still_there(sizes, recorded[1]):
        summary = {**recorded[1], "seed_demo_seconds": None}
        return {"built": False, "fingerprint": key, "seconds": round(time.perf_counter() - started, 2), **summary}
    with transaction.atomic():
        removed = clear()
    clear_seconds = round(time.perf_counter() - started, 2)
    # seed_demo commits per seeder, as it does from manage.py; the dataset is one transaction.
    seed_demo_seconds = run_seed_demo()
    with transaction.atomic():
        details = build(sizes)
        details["sizes"] = dataclasses.asdict(sizes)
        details["removed_before"] = removed
        details["build_seconds"] = round(time.perf_counter() - started, 2)
        _record(key, details)
        committing = time.perf_counter()
    details["seed_demo_seconds"] = seed_demo_seconds
    details["clear_seconds"] = clear_seconds
    # PostgreSQL checks the (deferred) foreign keys of every copied row here.
    details["commit_seconds"] = round(time.perf_counter() - committing, 2)
    # After the commit: Wagtail's search and reference index tasks have run by now, and
    # the planner gets statistics for the new rows instead of guessing.
    analyze_started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {', '.join(ANALYZE_TABLES)}")
    details["analyze_seconds"] = round(time.perf_counter() - analyze_started, 2)
    return {"built": True, "fingerprint": key, "seconds": round(time.perf_counter() - started, 2), **details}


# --- entry points ---------------------------------------------------------------------------------

RESULT_MARKER = "BENCH_DATASET"


def parse_result(output: str) -> dict[str, Any]:
    """The summary that main() printed, from the subprocess's stdout."""
    match = re.search(rf"^{RESULT_MARKER} (.*)$", output, re.MULTILINE)
    if not match:
        raise ValueError(f"no {RESULT_MARKER} line in the dataset output:\n{output}")
    return json.loads(match.group(1))


def ensure_in_subprocess(env: Mapping[str, str], cwd: Path, *, force: bool = False) -> dict[str, Any]:
    """Run this module under `env` (the bench settings and database); its summary."""
    argv = [sys.executable, "-m", "tests.bench.dataset", *(["--force"] if force else [])]
    done = subprocess.run(argv, cwd=cwd, env=dict(env), capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"building the bench dataset failed:\n{done.stdout}{done.stderr}")
    return parse_result(done.stdout)


def main(argv: Sequence[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description="Build the benchmark's dataset (cached).")
    parser.add_argument("--force", action="store_true", help="rebuild even if the same dataset is there")
    args = parser.parse_args(argv)
    sizes = Sizes.from_env()
    import django

    django.setup()
    summary = ensure(sizes, force=args.force)
    print(f"{RESULT_MARKER} {json.dumps(summary, ensure_ascii=False, default=str)}", flush=True)
    return 0
