"""Bulk issuing: one job issues the certificates of a list, shared out in chunks to every worker.

What the list is comes from a *source*, registered here by name: a batch's completed
enrolments today; a fair's participants and winners or the trainers' volunteer years when
those apps exist. Each source is one small class with the same four methods (BulkSource), in
the app that owns its facts, registered from that app's ready(); adding one means copying
BatchCompletions, not touching this module.

The job runs in three kinds of task (certificates/tasks.py), all idempotent:

1. plan: list the source's items, cut them into chunks, queue one task per chunk;
2. chunk: issue the chunk's certificates (the database allows one valid certificate per
   source key, so a chunk run twice, or by a worker killed half-way and restarted, adds
   nothing), then record the chunk's counts on the job under a row lock;
3. finish: when the last chunk is recorded, zip the PDFs and finish the job.

Chunks rather than one long task so that two workers (or twenty) share a run of a thousand,
and a killed worker costs one chunk's redelivery, not the whole run.
"""

from __future__ import annotations

import io
import zipfile
from abc import ABC, abstractmethod
from collections.abc import Sequence

from django.db import transaction

from certificates.models import Certificate
from lms.jobs.outbox import enqueue_on_commit

JOB_KIND_PREFIX = "certificates."
# Big enough that the per-task overhead (a broker round trip, a job-row lock) is small against
# ~20 renders, small enough that progress moves every second or two and a redelivery is cheap.
CHUNK_SIZE = 20


class BulkSource(ABC):
    """A kind of list certificates are issued for in bulk. Items are JSON-serialisable ids."""

    name: str  # the job kind is "certificates.<name>"

    @abstractmethod
    def items(self, params: dict) -> list:
        """The ids to issue for, in a stable order (a re-run must cut the same chunks)."""

    @abstractmethod
    def source_key(self, item) -> str:
        """The Certificate.source_key one item's certificate has."""

    @abstractmethod
    def issue(self, items: Sequence) -> list[str]:
        """Issue (or find) the certificates of items; the messages of those refused, one each."""

    @abstractmethod
    def archive_name(self, params: dict) -> str:
        """The ZIP's file name."""


SOURCES: dict[str, BulkSource] = {}


def register(source: BulkSource) -> BulkSource:
    if source.name in SOURCES and type(SOURCES[source.name]) is not type(source):
        raise ValueError(f"Another bulk certificate source is already called {source.name!r}.")
    SOURCES[source.name] = source
    return source


def source_for(job) -> BulkSource:
    return SOURCES[job.kind.removeprefix(JOB_KIND_PREFIX)]


def start(source_name: str, params: dict, *, title: str, user=None):
    """Create the job and queue its plan once the transaction commits; the Job row to follow."""
    from certificates.tasks import run_bulk_issue
    from lms.jobs import services as jobs

    source = SOURCES[source_name]
    job = jobs.create(JOB_KIND_PREFIX + source.name, title, user=user, params=params, total=len(source.items(params)))
    job_id = str(job.pk)
    enqueue_on_commit(run_bulk_issue, job_id)
    return job


def _chunks(items: list) -> list[list]:
    return [items[i : i + CHUNK_SIZE] for i in range(0, len(items), CHUNK_SIZE)]


def plan(job) -> None:
    """Queue a task for every chunk not yet recorded (all of them, unless this is a re-run)."""
    from certificates.tasks import finish_bulk, issue_bulk_chunk
    from lms.jobs import services as jobs

    chunks = _chunks(source_for(job).items(job.params))
    with transaction.atomic():
        job = type(job).objects.select_for_update().get(pk=job.pk)
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


def run_chunk(job, index: int, items: Sequence) -> None:
    """Issue one chunk, then record its counts; the last chunk to be recorded queues the finish."""
    from certificates.tasks import finish_bulk
    from lms.jobs import services as jobs

    source = source_for(job)
    errors = source.issue(items)
    keys = [source.source_key(item) for item in items]
    issued = Certificate.objects.filter(source_key__in=keys, status=Certificate.Status.VALID).count()
    with transaction.atomic():
        job = type(job).objects.select_for_update().get(pk=job.pk)
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


def finish(job) -> None:
    """Zip every valid certificate of the job's items and finish the job (once)."""
    from lms.jobs import services as jobs

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


class BatchCompletions(BulkSource):
    """The course or workshop certificate of every completed enrolment of a batch."""

    name = "batch"

    def items(self, params: dict) -> list[int]:
        from courses.models import Enrolment

        return list(
            Enrolment.objects.filter(batch_id=params["batch_id"], status=Enrolment.Status.COMPLETED)
            .order_by("pk")
            .values_list("pk", flat=True)
        )

    def source_key(self, item: int) -> str:
        return f"enrolment:{item}"

    def issue(self, items: Sequence[int]) -> list[str]:
        from certificates.services import CertificateError, issue_for_enrolment, same_layouts
        from courses.models import Enrolment

        enrolments = (
            Enrolment.objects.filter(pk__in=items, status=Enrolment.Status.COMPLETED)
            .select_related("user", "batch__course")
            .order_by("pk")
        )
        errors = []
        with same_layouts():
            for enrolment in enrolments:
                try:
                    issue_for_enrolment(enrolment)
                except CertificateError as error:
                    errors.append(str(error))
        return errors

    def archive_name(self, params: dict) -> str:
        return f"certificates-{params['batch_id']}.zip"


register(BatchCompletions())
