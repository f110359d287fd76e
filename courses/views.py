from __future__ import annotations

from collections.abc import Iterator

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from courses import services
from courses.catalogue import localised_courses
from courses.forms import ImportForm
from courses.models import Batch, Enrolment, LessonPage
from lms.audit import services as audit
from lms.audit.models import Action
from lms.lib.tabular import csv_response
from lms.people.decorators import role_required
from lms.people.roles import ORGANISER, TRAINER
from lms.permissions import get_object_or_403, is_organiser


def _back(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return fallback


@login_required
@require_POST
def enrol(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = get_object_or_404(Batch, pk=batch_id)
    try:
        result = services.enrol(request.user, batch)
    except services.EnrolmentError as error:
        messages.error(request, str(error))
    else:
        level = messages.SUCCESS if result.enrolment.status == Enrolment.Status.ENROLLED else messages.INFO
        messages.add_message(request, level, result.message)
    return redirect(_back(request, "courses:dashboard"))


@login_required
@require_POST
def withdraw(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = get_object_or_404(Batch, pk=batch_id)
    try:
        services.withdraw(request.user, batch)
    except services.EnrolmentError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("You have left %(batch)s.") % {"batch": batch.name})
    return redirect(_back(request, "courses:dashboard"))


@login_required
@require_POST
def lesson_done(request: HttpRequest, lesson_id: int) -> HttpResponse:
    lesson = get_object_or_404(LessonPage.objects.live(), pk=lesson_id)
    services.mark_lesson_done(request.user, lesson)
    messages.success(request, _("Lesson marked as done."))
    return redirect(_back(request, lesson.url))


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    enrolments = list(
        Enrolment.objects.filter(user=request.user)
        .exclude(status=Enrolment.Status.WITHDRAWN)
        .select_related("batch__course", "batch__district")
        .order_by("batch__first_date")
    )
    courses = {e.batch.course.pk: e.batch.course for e in enrolments}
    titles = localised_courses(list(courses.values()))
    counts = services.lesson_counts(request.user, list(courses.values()))
    positions = services.waitlist_positions([e for e in enrolments if e.status == Enrolment.Status.WAITLISTED])
    sessions = services.next_classes([e.batch_id for e in enrolments if e.status == Enrolment.Status.ENROLLED], now)
    for enrolment in enrolments:
        course_id = enrolment.batch.course.pk
        enrolment.course_page = titles[course_id]
        enrolment.next_class = sessions.get(enrolment.batch_id)
        enrolment.next_meeting = enrolment.next_class.starts_at if enrolment.next_class else None
        done, total = counts[course_id]
        enrolment.lessons_done, enrolment.lessons_total = done, total
        enrolment.progress_percent = round(100 * done / total) if total else 0
        enrolment.position = positions.get(enrolment.pk)
    groups = {
        "current": [e for e in enrolments if e.status == Enrolment.Status.ENROLLED],
        "waiting": [e for e in enrolments if e.status == Enrolment.Status.WAITLISTED],
        "completed": [e for e in enrolments if e.status == Enrolment.Status.COMPLETED],
    }
    return render(request, "courses/dashboard.html", {"groups": groups, "now": now})


# --- trainers and organisers ---------------------------------------------------------------------


def _get_batch(request: HttpRequest, batch_id: int, perm: str = "courses.teach_batch") -> Batch:
    """The batch, if this person may `perm` it (its trainers and organisers teach it); 404 / 403 otherwise."""
    return get_object_or_403(request.user, perm, Batch.objects.select_related("course", "district"), pk=batch_id)


@role_required(TRAINER, ORGANISER)
def my_batches(request: HttpRequest) -> HttpResponse:
    batches = Batch.objects.select_related("course").order_by("-first_date")
    if not is_organiser(request.user):
        batches = batches.filter(trainers=request.user)
    return render(request, "courses/trainer_batches.html", {"batches": batches[:200]})


def _roster(batch: Batch):
    return (
        batch.enrolments.exclude(status=Enrolment.Status.WITHDRAWN)
        .select_related("user__district")
        .order_by("status", "queued_at", "pk")
    )


@role_required(TRAINER, ORGANISER)
def roster(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = _get_batch(request, batch_id)
    classes = services.batch_classes(batch)
    return render(request, "courses/roster.html", {"batch": batch, "enrolments": _roster(batch), "classes": classes})


@role_required(TRAINER, ORGANISER)
def roster_csv(request: HttpRequest, batch_id: int) -> StreamingHttpResponse:
    batch = _get_batch(request, batch_id)
    audit.record(Action.EXPORTED, batch, actor=request.user, after={"export": "roster.csv", "batch": batch.pk})
    return csv_response(f"batch-{batch.pk}-roster.csv", ROSTER_HEADER, _roster_rows(batch))


ROSTER_HEADER = ["name", "name_en", "mobile", "district", "gender", "status", "since"]


def _roster_rows(batch: Batch) -> Iterator[list[str]]:
    for enrolment in _roster(batch):
        person = enrolment.user
        yield [
            person.full_name,
            person.name_en,
            person.national_phone,
            person.district.name_en if person.district else "",
            person.gender,
            enrolment.status,
            timezone.localtime(enrolment.enrolled_at or enrolment.queued_at).strftime("%Y-%m-%d %H:%M"),
        ]


@role_required(ORGANISER)
def import_roster(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = _get_batch(request, batch_id, "courses.organise_batch")
    form = ImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            report = services.import_enrolments(batch, form.cleaned_data["file"].read())
        except services.ImportError_ as error:
            errors = error.errors
        else:
            messages.success(
                request,
                _(
                    "Imported: %(enrolled)d enrolled, %(waitlisted)d on the waitlist, %(already)d already there "
                    "(%(created)d new accounts)."
                )
                % {
                    "enrolled": report.enrolled,
                    "waitlisted": report.waitlisted,
                    "already": report.already,
                    "created": report.created_users,
                },
            )
            return redirect("courses:roster", batch_id=batch.pk)
    return render(request, "courses/import.html", {"batch": batch, "form": form, "errors": errors})
