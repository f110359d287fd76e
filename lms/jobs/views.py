from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from lms.jobs.models import Job
from lms.permissions import get_object_or_403


def _get_job(request: HttpRequest, job_id) -> Job:
    """The job, for who started it and for organisers; 403 otherwise."""
    return get_object_or_403(request.user, "jobs.view_job", Job, pk=job_id)


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
