from __future__ import annotations

from celery import shared_task

from certificates import services


@shared_task(bind=True, max_retries=3, acks_late=True)
def issue_for_enrolment(self, enrolment_id: int) -> str | None:
    """Thin and idempotent: the database allows one valid certificate per enrolment."""
    from courses.models import Enrolment

    enrolment = Enrolment.objects.select_related("user", "batch__course").filter(pk=enrolment_id).first()
    if enrolment is None or enrolment.status != Enrolment.Status.COMPLETED:
        return None
    certificate, _created = services.issue_for_enrolment(enrolment)
    return certificate.serial


@shared_task(acks_late=True)
def run_bulk_issue(job_id: str) -> None:
    from jobs.models import Job

    job = Job.objects.filter(pk=job_id).first()
    if job is None or job.finished:
        return
    services.run_bulk_for_batch(job)
