"""Create a job, report its progress, finish it. Tasks call these; pages read the Job row."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from django.core.files.base import ContentFile

from lms.jobs.models import Job

if TYPE_CHECKING:
    from lms.people.models import User


def create(
    kind: str, title: str, *, user: User | None = None, params: dict[str, Any] | None = None, total: int = 0
) -> Job:
    return Job.objects.create(kind=kind, title=title[:200], created_by=user, params=params or {}, total=total)


def progress(
    job_id: uuid.UUID | str, *, done: int, failed: int = 0, total: int | None = None, message: str = ""
) -> None:
    """Set the counts (not add to them): a job re-run after a crash reports the truth, not twice."""
    fields: dict[str, Any] = {"done": done, "failed": failed, "status": Job.Status.RUNNING}
    if total is not None:
        fields["total"] = total
    if message:
        fields["message"] = message
    Job.objects.filter(pk=job_id).exclude(status__in=[Job.Status.FINISHED, Job.Status.FAILED]).update(**fields)


def finish(
    job_id: uuid.UUID | str,
    *,
    result_name: str = "",
    result: bytes | None = None,
    message: str = "",
    failed: bool = False,
) -> Job:
    job = Job.objects.get(pk=job_id)
    if result is not None:
        job.result.save(result_name, ContentFile(result), save=False)
    job.status = Job.Status.FAILED if failed else Job.Status.FINISHED
    job.message = message or job.message
    job.save()
    return job
