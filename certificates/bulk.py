"""Bulk issuing: one job issues the certificates of a list, shared out in chunks to every worker.

What the list is comes from a *source*, found by name in certificates.sources.SOURCES: a batch's
completed enrolments, a fair's medal winners or checked-in exhibitors, the trainers' volunteer
years. The pages that start a job are the organisers' batch page (start_for_batch, here) and,
through the signals of the apps below, a fair's judging page and the volunteer-hours page
(certificates/receivers.py).

The job runs in three kinds of task (at the end of this module), all idempotent:

1. plan: list the source's items, cut them into chunks, queue one task per chunk;
2. chunk: issue the chunk's certificates (the database allows one valid certificate per
   source key, so a chunk run twice, or by a worker killed half-way and restarted, adds
   nothing), then record the chunk's counts on the job under a row lock;
3. finish: when the last chunk is recorded, zip the PDFs and finish the job.

Chunks rather than one long task so that two workers (or twenty) share a run of a thousand,
and a killed worker costs one chunk's redelivery, not the whole run. The tasks live in this
module, next to the steps they queue, so that nothing here imports certificates.tasks (which
imports this module); they keep the names they had in certificates/tasks.py, which queued and
kept-for-later tasks (PendingTask) refer to.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence

from celery import shared_task
from django.db import transaction

from certificates.models import Certificate
from certificates.sources import SOURCES, BulkSource
from lms.jobs import services as jobs
from lms.jobs.models import Job
from lms.jobs.outbox import enqueue_on_commit

JOB_KIND_PREFIX = "certificates."
# Big enough that the per-task overhead (a broker round trip, a job-row lock) is small against
# ~20 renders, small enough that progress moves every second or two and a redelivery is cheap.
CHUNK_SIZE = 20


def source_for(job: Job) -> BulkSource:
    return SOURCES[job.kind.removeprefix(JOB_KIND_PREFIX)]


def start(source_name: str, params: dict, *, title: str, user=None) -> Job:
    """Create the job and queue its plan once the transaction commits; the Job row to follow."""
    source = SOURCES[source_name]
    job = jobs.create(JOB_KIND_PREFIX + source.name, title, user=user, params=params, total=len(source.items(params)))
    job_id = str(job.pk)
    enqueue_on_commit(run_bulk_issue, job_id)
    return job


def start_for_batch(batch, *, user=None) -> Job:
    """A job that issues the certificate of every completed enrolment of a batch, then zips them."""
    return start("batch", {"batch_id": batch.pk}, title=f"{batch.name}: certificates", user=user)


def _chunks(items: list) -> list[list]:
    return [items[i : i + CHUNK_SIZE] for i in range(0, len(items), CHUNK_SIZE)]


def plan(job: Job) -> None:
    """Queue a task for every chunk not yet recorded (all of them, unless this is a re-run)."""
    chunks = _chunks(source_for(job).items(job.params))
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job.pk)
        job.params = {**job.params, "chunks": len(chunks)}
        job.total = sum(len(chunk) for chunk in chunks)
        job.save(update_fields=["params", "total"])
    recorded = job.params.get("recorded", {})
    job_id = str(job.pk)
    if not chunks:
        enqueue_on_commit(finish_bulk, job_id)
        return
    jobs.progress(job.pk, done=sum(counts[0] for counts in recorded.values()), total=job.total)
    for index, chunk in enumerate(chunks):
        if str(index) not in recorded:
            enqueue_on_commit(issue_bulk_chunk, job_id, index, chunk)


def run_chunk(job: Job, index: int, items: Sequence) -> None:
    """Issue one chunk, then record its counts; the last chunk to be recorded queues the finish."""
    source = source_for(job)
    errors = source.issue(items)
    keys = [source.source_key(item) for item in items]
    issued = Certificate.objects.filter(source_key__in=keys, status=Certificate.Status.VALID).count()
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job.pk)
        recorded = dict(job.params.get("recorded", {}))
        was_complete = len(recorded) >= job.params.get("chunks", 0)
        recorded[str(index)] = [issued, len(errors)]  # set, not added: a re-run chunk counts once
        job.params = {**job.params, "recorded": recorded}
        job.save(update_fields=["params"])
        done = sum(counts[0] for counts in recorded.values())
        failed = sum(counts[1] for counts in recorded.values())
        jobs.progress(job.pk, done=done, failed=failed, message=errors[-1] if errors else "")
        if not was_complete and len(recorded) >= job.params.get("chunks", 0):
            job_id = str(job.pk)
            enqueue_on_commit(finish_bulk, job_id)


def finish(job: Job) -> None:
    """Zip every valid certificate of the job's items and finish the job (once)."""
    if job.finished:
        return
    source = source_for(job)
    keys = [source.source_key(item) for item in source.items(job.params)]
    certificates = Certificate.objects.filter(source_key__in=keys, status=Certificate.Status.VALID).order_by("serial")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:  # PDFs are compressed already
        for certificate in certificates.only("serial", "pdf"):
            with certificate.pdf.open("rb") as handle:
                archive.writestr(f"{certificate.serial}.pdf", handle.read())
    recorded = job.params.get("recorded", {})
    done = sum(counts[0] for counts in recorded.values())
    failed = sum(counts[1] for counts in recorded.values())
    jobs.progress(job.pk, done=done, failed=failed)
    jobs.finish(job.pk, result_name=source.archive_name(job.params), result=buffer.getvalue())


# --- the tasks: each loads the job and returns quietly when it is gone or already finished, so a
# redelivery is harmless.


def _unfinished_job(job_id: str) -> Job | None:
    job = Job.objects.filter(pk=job_id).first()
    return None if job is None or job.finished else job


@shared_task(name="certificates.tasks.run_bulk_issue", acks_late=True)
def run_bulk_issue(job_id: str) -> None:
    job = _unfinished_job(job_id)
    if job is not None:
        plan(job)


@shared_task(name="certificates.tasks.issue_bulk_chunk", acks_late=True)
def issue_bulk_chunk(job_id: str, index: int, items: list) -> None:
    job = _unfinished_job(job_id)
    if job is not None:
        run_chunk(job, index, items)


@shared_task(name="certificates.tasks.finish_bulk", acks_late=True)
def finish_bulk(job_id: str) -> None:
    job = _unfinished_job(job_id)
    if job is not None:
        finish(job)
