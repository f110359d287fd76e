from __future__ import annotations

from celery import shared_task

from certificates import bulk, services


@shared_task(bind=True, max_retries=3, acks_late=True)
def issue_for_enrolment(self, enrolment_id: int) -> str | None:
    """Thin and idempotent: the database allows one valid certificate per enrolment."""
    from courses.models import Enrolment

    enrolment = Enrolment.objects.select_related("user", "batch__course").filter(pk=enrolment_id).first()
    if enrolment is None or enrolment.status != Enrolment.Status.COMPLETED:
        return None
    certificate, _created = services.issue_for_enrolment(enrolment)
    return certificate.serial


# Bulk jobs (certificates/bulk.py): plan, then one task per chunk, then finish. Each loads the
# job and returns quietly when it is gone or already finished, so a redelivery is harmless.


@shared_task(acks_late=True)
def run_bulk_issue(job_id: str) -> None:
    job = _unfinished_job(job_id)
    if job is not None:
        bulk.plan(job)


@shared_task(acks_late=True)
def issue_bulk_chunk(job_id: str, index: int, items: list) -> None:
    job = _unfinished_job(job_id)
    if job is not None:
        bulk.run_chunk(job, index, items)


@shared_task(acks_late=True)
def finish_bulk(job_id: str) -> None:
    job = _unfinished_job(job_id)
    if job is not None:
        bulk.finish(job)


def _unfinished_job(job_id: str):
    from lms.jobs.models import Job

    job = Job.objects.filter(pk=job_id).first()
    return None if job is None or job.finished else job
