"""Bulk certificates: a job with progress and a ZIP; killed half-way, it finishes without duplicates."""

import io
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client

from certificates.models import Certificate
from courses.models import Enrolment
from courses.services import enrol
from lms.jobs.models import Job
from tests.factories import UserFactory, make_batch
from tests.helpers import en

ROOT = Path(__file__).resolve().parents[2]


def _batch_with_completions(count: int):
    from lms.people.models import User
    from tests.factories import next_mobile

    batch = make_batch(capacity=count + 5)
    if count <= 10:
        for _ in range(count):
            enrolment = enrol(UserFactory(), batch).enrolment
            Enrolment.objects.filter(pk=enrolment.pk).update(status=Enrolment.Status.COMPLETED)
        return batch
    people = User.objects.bulk_create(
        [User(phone=next_mobile(), full_name="মোছাঃ রাবেয়া খাতুন", language="bn") for _ in range(count)]
    )
    Enrolment.objects.bulk_create(
        [Enrolment(user=person, batch=batch, status=Enrolment.Status.COMPLETED) for person in people]
    )
    return batch


def test_organiser_starts_a_bulk_job_follows_it_and_downloads_a_zip(organiser, django_capture_on_commit_callbacks):
    batch = _batch_with_completions(6)
    client = Client()
    client.force_login(organiser)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(en("certificates:bulk_for_batch", batch_id=batch.pk))
    job = Job.objects.get()
    assert response["Location"] == en("jobs:detail", job_id=job.pk)
    status = client.get(en("jobs:status", job_id=job.pk)).json()
    assert status["finished"] and status["done"] == 6 and status["percent"] == 100
    archive = zipfile.ZipFile(io.BytesIO(b"".join(client.get(en("jobs:result", job_id=job.pk)).streaming_content)))
    assert len(archive.namelist()) == 6 and all(name.endswith(".pdf") for name in archive.namelist())
    # Run again: nothing new.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(en("certificates:bulk_for_batch", batch_id=batch.pk))
    assert Certificate.objects.count() == 6


def test_source_names_stay_what_stored_jobs_refer_to():
    """A Job's kind is "certificates.<source name>": renaming a source strands the jobs already run."""
    from certificates.sources import SOURCES

    assert set(SOURCES) == {"batch", "fair_awards", "fair_participation", "volunteer_year"}
    assert all(name == source.name for name, source in SOURCES.items())


def test_someone_else_cannot_follow_the_job(organiser, learner, django_capture_on_commit_callbacks):
    from certificates.bulk import start_for_batch

    job = start_for_batch(_batch_with_completions(1), user=organiser)
    client = Client()
    client.force_login(learner)
    assert client.get(en("jobs:detail", job_id=job.pk)).status_code == 403


def _worker(env: dict) -> subprocess.Popen:
    return subprocess.Popen(
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
        start_new_session=True,
    )


@pytest.mark.skipif(
    connection.vendor != "postgresql" or not os.environ.get("REDIS_URL"),
    reason="needs the real PostgreSQL and Redis (DATABASE_URL, REDIS_URL); CI runs it",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_killed_half_way_leaves_a_job_that_finishes_without_duplicates():
    import redis
    from kombu import Connection

    from certificates.tasks import run_bulk_issue
    from lms.jobs import services as jobs

    broker = os.environ["REDIS_URL"].rsplit("/", 1)[0] + "/8"
    redis.Redis.from_url(broker).flushdb()
    batch = _batch_with_completions(200)
    # The job row as the page makes it; the task goes to the real broker, not run in this process.
    job = jobs.create("certificates.batch", "bulk", params={"batch_id": batch.pk}, total=200)
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lms.settings",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "REDIS_URL": broker,
        "CELERY_VISIBILITY_TIMEOUT": "3",
        "MEDIA_ROOT": str(Path(__import__("django.conf").conf.settings.MEDIA_ROOT)),
    }
    run_bulk_issue.app.conf.task_always_eager = False  # tests run tasks inline; this one goes to Redis
    try:
        with Connection(broker) as conn:
            run_bulk_issue.apply_async((str(job.pk),), connection=conn)
    finally:
        run_bulk_issue.app.conf.task_always_eager = True
    first = _worker(env)
    try:
        deadline = time.time() + 60
        while Certificate.objects.count() < 2 and time.time() < deadline:
            time.sleep(0.01)
        os.killpg(first.pid, signal.SIGKILL)  # the worker dies in the middle of the job
        first.wait()
        half = Certificate.objects.count()
        assert 0 < half < 200
        time.sleep(4)  # past the visibility timeout: the unacknowledged task goes back to the queue
        second = _worker(env)
        try:
            deadline = time.time() + 90
            while not Job.objects.get(pk=job.pk).finished and time.time() < deadline:
                time.sleep(0.2)
        finally:
            os.killpg(second.pid, signal.SIGTERM)
            second.wait(timeout=20)
    finally:
        if first.poll() is None:
            os.killpg(first.pid, signal.SIGKILL)
    job.refresh_from_db()
    assert job.status == Job.Status.FINISHED and job.done == 200
    assert Certificate.objects.count() == 200
    assert Certificate.objects.values("source_key").distinct().count() == 200
