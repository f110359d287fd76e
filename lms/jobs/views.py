from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render

from lms.jobs.models import Job
from lms.people.roles import ORGANISER, user_has_role


def _get_job(request: HttpRequest, job_id) -> Job:
    job = get_object_or_404(Job, pk=job_id)
    if job.created_by_id != request.user.pk and not user_has_role(request.user, ORGANISER):
        raise PermissionDenied
    return job


@login_required
def detail(request: HttpRequest, job_id) -> HttpResponse:
    return render(request, "jobs/detail.html", {"job": _get_job(request, job_id)})


@login_required
def status(request: HttpRequest, job_id) -> JsonResponse:
    job = _get_job(request, job_id)
    return JsonResponse(
        {
            "status": job.status,
            "label": str(job.get_status_display()),
            "done": job.done,
            "failed": job.failed,
            "total": job.total,
            "percent": job.percent,
            "finished": job.finished,
            "message": job.message,
            "has_result": bool(job.result),
        }
    )


@login_required
def result(request: HttpRequest, job_id) -> FileResponse:
    job = _get_job(request, job_id)
    if not job.result:
        raise Http404
    return FileResponse(job.result.open("rb"), as_attachment=True, filename=job.result.name.rsplit("/", 1)[-1])
