"""The certificates app's Celery tasks: thin, idempotent, found by the worker's autodiscovery here.

The bulk job's three tasks (run_bulk_issue, issue_bulk_chunk, finish_bulk) are defined in
certificates/bulk.py, beside the steps that queue one another, under the names they had here;
importing them registers them with the worker that loads this module.
"""

from __future__ import annotations

from celery import shared_task

from certificates import services
from certificates.bulk import finish_bulk, issue_bulk_chunk, run_bulk_issue
from courses.models import Enrolment

__all__ = ["finish_bulk", "issue_bulk_chunk", "issue_for_enrolment", "run_bulk_issue"]


@shared_task(name="certificates.tasks.issue_for_enrolment", bind=True, max_retries=3, acks_late=True)
def issue_for_enrolment(self, enrolment_id: int) -> str | None:
    """Thin and idempotent: the database allows one valid certificate per enrolment."""
    enrolment = Enrolment.objects.select_related("user", "batch__course").filter(pk=enrolment_id).first()
    if enrolment is None or enrolment.status != Enrolment.Status.COMPLETED:
        return None
    certificate, _created = services.issue_for_enrolment(enrolment)
    return certificate.serial
