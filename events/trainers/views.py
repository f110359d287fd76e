from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from courses.models import Batch
from events.models import ClassSession
from events.trainers import services
from events.trainers.forms import (
    ApplicationForm,
    AvailabilityFormSet,
    DecisionForm,
    FeedbackForm,
    HoursEntryForm,
    ImportForm,
    PeriodForm,
    SubstituteForm,
    TaughtForm,
)
from events.trainers.models import Feedback, HoursEntry, SubstituteRequest, TrainerProfile
from lms.lib.bangla import localise_digits
from lms.notifications.services import notify
from lms.people.decorators import role_required
from lms.people.models import User
from lms.people.roles import ORGANISER, TRAINER
from lms.permissions import get_object_or_403

PAGE_LIMIT = 200


def _digits(value) -> str:
    return localise_digits(value, get_language())


def _get_session_to_teach(request: HttpRequest, session_id: int) -> ClassSession:
    """The class, if this person teaches it (their batch's, or as a substitute) or organises it; 403 otherwise."""
    return get_object_or_403(
        request.user, "events.teach_session", ClassSession.objects.select_related("batch__course"), pk=session_id
    )


# --- applying -------------------------------------------------------------------------------------------


@login_required
def apply(request: HttpRequest) -> HttpResponse:
    """Apply to teach; after approval the same page keeps the trainer profile up to date."""
    profile = TrainerProfile.objects.filter(user=request.user).first()
    initial = {} if profile else {"district": request.user.district_id}
    form = ApplicationForm(request.POST or None, request.FILES or None, instance=profile, initial=initial)
    formset = AvailabilityFormSet(request.POST or None, instance=profile or TrainerProfile(), prefix="times")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        new = profile is None
        was = profile.status if profile else None
        profile = form.save(commit=False)
        profile.user = request.user
        profile.save()
        form.save_m2m()
        for content in form.cleaned_data.get("samples") or []:
            sample = profile.samples.model(profile=profile)
            sample.image.save("sample.jpg", content, save=True)
        formset.instance = profile
        formset.save()
        services.submit_application(profile)
        if profile.status == TrainerProfile.Status.APPROVED:
            messages.success(request, _("Your trainer profile is saved."))
            return redirect("trainers:dashboard")
        if new or was == TrainerProfile.Status.DECLINED:
            for organiser in services.organisers():
                notify(
                    organiser,
                    "trainer_applied",
                    context={"profile": profile},
                    url=reverse("trainers:review", kwargs={"profile_id": profile.pk}),
                    dedupe_key=f"trainer-applied:{profile.pk}:{int(profile.submitted_at.timestamp())}",
                )
        messages.success(request, _("Thank you! Your application is sent. An organiser will review it and tell you."))
        return redirect("trainers:apply")
    return render(request, "trainers/apply.html", {"form": form, "formset": formset, "profile": profile})


@login_required
@require_POST
def delete_sample(request: HttpRequest, sample_id: int) -> HttpResponse:
    profile = get_object_or_404(TrainerProfile, user=request.user)
    sample = get_object_or_404(profile.samples, pk=sample_id)
    sample.image.delete(save=False)
    sample.delete()
    messages.success(request, _("The photo is removed."))
    return redirect("trainers:apply")


# --- public profiles -----------------------------------------------------------------------------------------


def _public_profiles():
    return TrainerProfile.objects.filter(
        status=TrainerProfile.Status.APPROVED, is_public=True, user__is_active=True
    ).select_related("user", "district")


def directory(request: HttpRequest) -> HttpResponse:
    profiles = list(_public_profiles().prefetch_related("trades").order_by("user__full_name")[:PAGE_LIMIT])
    ratings = services.ratings_of([p.user_id for p in profiles if p.show_rating])
    for profile in profiles:
        profile.rating = ratings.get(profile.user_id) if profile.show_rating else None
    return render(request, "trainers/directory.html", {"profiles": profiles})


def profile(request: HttpRequest, profile_id: int) -> HttpResponse:
    found = _public_profiles().prefetch_related("trades").filter(pk=profile_id).first()
    if found is None:
        raise Http404
    batches = []
    if found.show_batches:
        batches = list(
            Batch.objects.filter(trainers=found.user_id)
            .exclude(status__in=[Batch.Status.DRAFT, Batch.Status.CANCELLED])
            .select_related("course")
            .order_by("-first_date")[:20]
        )
    rating = services.rating_of(found.user_id) if found.show_rating else None
    return render(request, "trainers/profile.html", {"profile": found, "batches": batches, "rating": rating})


# --- the trainer's own pages ---------------------------------------------------------------------------------


@role_required(TRAINER)
def dashboard(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    user = request.user
    teaching = _my_sessions(user, now - dt.timedelta(hours=3), now + dt.timedelta(days=30))
    asked = {
        r.session_id: r
        for r in SubstituteRequest.objects.filter(
            trainer=user, session__in=[s.pk for s in teaching], status=SubstituteRequest.Status.OPEN
        )
    }
    for session in teaching:
        session.my_request = asked.get(session.pk)
        session.running = session.is_running(now)
    wanted = list(
        SubstituteRequest.objects.filter(
            invited=user, status=SubstituteRequest.Status.OPEN, session__starts_at__gt=now
        ).select_related("session__batch__course", "trainer")
    )
    to_log = _my_sessions(user, now - dt.timedelta(days=14), now)
    logged = services.taught_classes([user.pk], now - dt.timedelta(days=14), now, now)[user.pk]
    logged_ids = {t.session.pk: t for t in logged}
    recent = [s for s in to_log if s.has_ended(now)]
    for session in recent:
        session.taught = logged_ids.get(session.pk)
    year = timezone.localdate(now).year
    months = services.hours_by_month(user, year, now)
    return render(
        request,
        "trainers/dashboard.html",
        {
            "teaching": teaching,
            "wanted": wanted,
            "recent": recent,
            "hours_year": sum(m.total for m in months),
            "year": year,
            "rating": services.rating_of(user.pk),
            "profile": TrainerProfile.objects.filter(user=user).first(),
            "substitute_form": SubstituteForm(),
            "taught_form": TaughtForm(),
        },
    )


def _my_sessions(user, start: dt.datetime, end: dt.datetime) -> list[ClassSession]:
    """Classes this person teaches between start and end, substitutes taken into account."""
    covered = SubstituteRequest.objects.filter(accepted_by=user, status=SubstituteRequest.Status.FILLED)
    sessions = list(
        ClassSession.objects.filter(
            status=ClassSession.Status.SCHEDULED, starts_at__gte=start, starts_at__lt=end, batch__trainers=user
        ).select_related("batch__course")
        | ClassSession.objects.filter(
            status=ClassSession.Status.SCHEDULED,
            starts_at__gte=start,
            starts_at__lt=end,
            pk__in=covered.values("session_id"),
        ).select_related("batch__course")
    )
    teachers = services.teachers_by_session(sessions)
    mine = sorted({s.pk: s for s in sessions if user.pk in teachers[s.pk]}.values(), key=lambda s: s.starts_at)
    own_batches = set(Batch.trainers.through.objects.filter(user_id=user.pk).values_list("batch_id", flat=True))
    for session in mine:
        session.substitute = session.batch_id not in own_batches
    return mine


@role_required(TRAINER, ORGANISER)
@require_POST
def ask_substitute(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _get_session_to_teach(request, session_id)
    form = SubstituteForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        found = services.request_substitute(session, request.user, reason=reason)
    except services.TrainerError as error:
        messages.error(request, str(error))
    else:
        count = found.invited.count()
        if count:
            messages.success(
                request,
                _("We told %(n)s free trainers of this trade. You will hear when one accepts.") % {"n": _digits(count)},
            )
        else:
            messages.warning(request, _("No trainer of this trade is free then. The organisers are told."))
    return redirect("trainers:dashboard")


@role_required(TRAINER)
@require_POST
def accept_substitute(request: HttpRequest, request_id: int) -> HttpResponse:
    get_object_or_404(SubstituteRequest, pk=request_id)
    try:
        accepted = services.accept_substitute(request_id, request.user)
    except services.TrainerError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Thank you! You teach this class now: %(batch)s.") % {"batch": accepted.session.batch.name},
        )
    return redirect("trainers:dashboard")


@role_required(TRAINER, ORGANISER)
@require_POST
def withdraw_substitute(request: HttpRequest, request_id: int) -> HttpResponse:
    found = get_object_or_404(SubstituteRequest, pk=request_id)
    try:
        services.cancel_substitute_request(found, request.user)
    except services.TrainerError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Your request is withdrawn: you teach this class."))
    return redirect("trainers:dashboard")


@role_required(TRAINER, ORGANISER)
@require_POST
def log_taught(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _get_session_to_teach(request, session_id)
    form = TaughtForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["minutes"][0])
        return redirect("trainers:dashboard")
    try:
        services.log_taught(session, request.user, form.cleaned_data["minutes"])
    except services.TrainerError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Recorded. Thank you for teaching!"))
    return redirect("trainers:dashboard")


@role_required(TRAINER)
def hours(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    try:
        year = int(request.GET.get("year", "")) if request.GET.get("year") else timezone.localdate(now).year
    except ValueError:
        year = timezone.localdate(now).year
    form = HoursEntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        entry = form.save(commit=False)
        entry.trainer = request.user
        entry.save()
        messages.success(request, _("Saved. The hours count once an organiser approves them."))
        return redirect("trainers:hours")
    months = services.hours_by_month(request.user, year, now)
    entries = HoursEntry.objects.filter(trainer=request.user).order_by("-date", "-pk")[:50]
    return render(
        request,
        "trainers/hours.html",
        {
            "months": months,
            "year": year,
            "total": sum(m.total for m in months),
            "entries": entries,
            "form": form,
        },
    )


@role_required(TRAINER)
def my_feedback(request: HttpRequest) -> HttpResponse:
    """Anonymous: the trainer sees ratings and comments, never who wrote them."""
    comments = (
        services.feedback_for(request.user.pk)
        .filter(hidden=False)
        .exclude(comment="")
        .select_related("session__batch")
        .only("rating", "comment", "created_at", "session__starts_at", "session__batch__name")[:PAGE_LIMIT]
    )
    return render(
        request, "trainers/my_feedback.html", {"rating": services.rating_of(request.user.pk), "comments": comments}
    )


# --- learners ----------------------------------------------------------------------------------------------


@login_required
def feedback(request: HttpRequest, session_id: int) -> HttpResponse:
    session = get_object_or_404(ClassSession.objects.select_related("batch__course"), pk=session_id)
    now = timezone.now()
    mine = Feedback.objects.filter(session=session, learner=request.user).first()
    if mine is None and not services.may_give_feedback(request.user, session, now):
        raise PermissionDenied
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and mine is None and form.is_valid():
        try:
            services.give_feedback(
                request.user, session, form.cleaned_data["rating"], form.cleaned_data["comment"], now=now
            )
        except services.TrainerError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Thank you for your feedback!"))
        return redirect("trainers:feedback", session_id=session.pk)
    return render(request, "trainers/feedback.html", {"session": session, "form": form, "mine": mine})


# --- organisers ---------------------------------------------------------------------------------------------


@role_required(ORGANISER)
def queue(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", TrainerProfile.Status.PENDING)
    if status not in TrainerProfile.Status.values:
        status = TrainerProfile.Status.PENDING
    profiles = (
        TrainerProfile.objects.filter(status=status)
        .select_related("user", "district")
        .prefetch_related("trades")
        .order_by("submitted_at" if status == TrainerProfile.Status.PENDING else "-reviewed_at")[:PAGE_LIMIT]
    )
    return render(
        request,
        "trainers/organise/queue.html",
        {"profiles": profiles, "status": status, "statuses": TrainerProfile.Status.choices},
    )


@role_required(ORGANISER)
def review(request: HttpRequest, profile_id: int) -> HttpResponse:
    found = get_object_or_404(
        TrainerProfile.objects.select_related("user", "district", "reviewed_by").prefetch_related(
            "trades", "availability", "samples"
        ),
        pk=profile_id,
    )
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        note = form.cleaned_data["note"]
        try:
            if request.POST.get("decision") == "approve":
                services.approve(found, by=request.user, note=note)
                messages.success(request, _("Approved: %(name)s is a volunteer trainer now.") % {"name": found.user})
            else:
                services.decline(found, by=request.user, note=note)
                messages.success(request, _("Declined; %(name)s is told, with your note.") % {"name": found.user})
        except services.TrainerError as error:
            messages.error(request, str(error))
            return render(request, "trainers/organise/review.html", {"profile": found, "form": form})
        return redirect("trainers:queue")
    return render(request, "trainers/organise/review.html", {"profile": found, "form": form})


@role_required(ORGANISER)
def assign(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = get_object_or_404(Batch.objects.select_related("course__facts__trade"), pk=batch_id)
    if request.method == "POST":
        trainer = get_object_or_404(User, pk=request.POST.get("trainer", "0") or 0)
        try:
            if request.POST.get("action") == "remove":
                services.remove_trainer(batch, trainer)
                messages.success(request, _("%(name)s no longer teaches this batch.") % {"name": trainer})
            else:
                services.assign_trainer(batch, trainer)
                messages.success(request, _("%(name)s now teaches this batch.") % {"name": trainer})
        except services.TrainerError as error:
            messages.error(request, str(error))
        return redirect("trainers:assign", batch_id=batch.pk)
    return render(
        request,
        "trainers/organise/assign.html",
        {"batch": batch, "candidates": services.candidates_for_batch(batch)},
    )


@role_required(ORGANISER)
def import_assignments(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            report = services.import_assignments(form.cleaned_data["file"].read())
        except services.AssignmentImportError as error:
            errors = error.errors
        else:
            messages.success(
                request,
                _("Assigned: %(n)s; already teaching: %(already)s.")
                % {"n": _digits(report.assigned), "already": _digits(report.already)},
            )
            return redirect("trainers:totals")
    return render(request, "trainers/organise/import.html", {"form": form, "errors": errors})


@role_required(ORGANISER)
def totals(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    form = PeriodForm(request.GET or None, initial={"first": today.replace(month=1, day=1), "last": today})
    first, last = today.replace(month=1, day=1), today
    if request.GET and form.is_valid():
        first, last = form.cleaned_data["first"], form.cleaned_data["last"]
    rows = services.totals(first, last)
    pending = HoursEntry.objects.filter(status=HoursEntry.Status.PENDING).select_related("trainer")[:PAGE_LIMIT]
    return render(
        request,
        "trainers/organise/totals.html",
        {
            "rows": rows,
            "first": first,
            "last": last,
            "form": form,
            "pending": pending,
            "sum": sum(r.total for r in rows),
            "year": today.year,
        },
    )


@role_required(ORGANISER)
@require_POST
def review_hours(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = get_object_or_404(HoursEntry, pk=entry_id)
    try:
        services.review_hours(entry, by=request.user, approve_it=request.POST.get("decision") == "approve")
    except services.TrainerError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Saved."))
    return redirect("trainers:totals")


@role_required(ORGANISER)
@require_POST
def volunteer_certificates(request: HttpRequest) -> HttpResponse:
    try:
        year = int(request.POST.get("year", ""))
    except ValueError:
        year = timezone.localdate().year
    job = services.start_volunteer_certificates(year, by=request.user)
    return redirect("jobs:detail", job_id=job.pk)


@role_required(ORGANISER)
def all_feedback(request: HttpRequest) -> HttpResponse:
    """Organisers see who wrote what, so they can follow up and hide abuse."""
    found = Feedback.objects.select_related("session__batch", "learner").order_by("-created_at")
    return render(request, "trainers/organise/feedback.html", {"feedback": found[:PAGE_LIMIT]})


@role_required(ORGANISER)
def trainer_feedback(request: HttpRequest, user_id: int) -> HttpResponse:
    trainer = get_object_or_404(User, pk=user_id)
    found = (
        services.feedback_for(trainer.pk)
        .select_related("session__batch", "learner")
        .order_by("-created_at")[:PAGE_LIMIT]
    )
    return render(
        request,
        "trainers/organise/feedback.html",
        {"feedback": found, "trainer": trainer, "rating": services.rating_of(trainer.pk)},
    )


@role_required(ORGANISER)
@require_POST
def hide_feedback(request: HttpRequest, feedback_id: int) -> HttpResponse:
    found = get_object_or_404(Feedback, pk=feedback_id)
    services.hide_feedback(found, by=request.user, hidden=request.POST.get("action") != "show")
    messages.success(request, _("Saved."))
    back = request.POST.get("next", "")
    from django.utils.http import url_has_allowed_host_and_scheme

    if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return redirect("trainers:all_feedback")
