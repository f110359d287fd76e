from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from courses.catalogue import localised_courses
from courses.models import Batch, Enrolment, Trade
from courses.services import completion_status
from events.models import Attendance, ClassSession
from events.workshops import services
from events.workshops.forms import DetailsForm, PortfolioForm, PracticalForm
from events.workshops.models import MAX_PHOTOS, Portfolio, Practical, WorkPhoto, WorkshopDetails
from lms.lib.bangla import localise_digits
from lms.people.decorators import role_required
from lms.people.models import District
from lms.people.roles import ORGANISER, TRAINER
from lms.permissions import is_organiser, is_trainer

MAX_SYNC_BODY = 256 * 1024


def _digits(value) -> str:
    return localise_digits(value, get_language())


def _get_workshop(batch_id: int) -> Batch:
    batch = get_object_or_404(Batch.objects.select_related("course__facts__trade", "district"), pk=batch_id)
    if not services.is_workshop(batch):
        raise Http404
    return batch


def _get_workshop_to_teach(request: HttpRequest, batch_id: int) -> Batch:
    """The in-person batch, if this person teaches it or organises it; 404 / 403 otherwise."""
    batch = _get_workshop(batch_id)
    if not request.user.has_perm("courses.teach_batch", batch):
        raise PermissionDenied
    return batch


def _get_session_to_teach(request: HttpRequest, session_id: int) -> ClassSession:
    """A class of an in-person batch, if this person teaches it (a substitute too) or organises it."""
    session = get_object_or_404(ClassSession.objects.select_related("batch__course", "batch__district"), pk=session_id)
    if not services.is_workshop(session.batch):
        raise Http404
    if not request.user.has_perm("events.teach_session", session):
        raise PermissionDenied
    return session


def _details(batch: Batch) -> WorkshopDetails | None:
    try:
        return batch.workshop
    except WorkshopDetails.DoesNotExist:
        return None


# --- finding a workshop --------------------------------------------------------------------------


def near(request: HttpRequest) -> HttpResponse:
    district = None
    if request.GET.get("district", "").isdigit():
        district = District.objects.filter(pk=request.GET["district"]).first()
    elif request.user.is_authenticated and request.user.district_id:
        district = District.objects.filter(pk=request.user.district_id).first()
    trade = Trade.objects.filter(slug=request.GET.get("trade", ""), is_craft=True).first()
    found = services.workshops_near(district=district, trade=trade)
    return render(
        request,
        "workshops/near.html",
        {
            "nearby": found,
            "district": district,
            "trade": trade,
            "districts": District.objects.order_by("name_en"),
            "trades": Trade.objects.filter(is_craft=True).order_by("name_en"),
            "groups": [
                (0, [n for n in found if n.rank == 0]),
                (1, [n for n in found if n.rank == 1]),
                (2, [n for n in found if n.rank == 2]),
            ],
        },
    )


def detail(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = _get_workshop(batch_id)
    if batch.status in (Batch.Status.DRAFT, Batch.Status.CANCELLED):
        raise Http404
    now = timezone.now()
    mine = None
    if request.user.is_authenticated:
        mine = Enrolment.objects.filter(batch=batch, user=request.user).exclude(status="withdrawn").first()
    taken = batch.enrolments.filter(status__in=services.ACTIVE).count()
    return render(
        request,
        "workshops/detail.html",
        {
            "batch": batch,
            "course": localised_courses([batch.course])[batch.course_id],
            "details": _details(batch),
            "sessions": ClassSession.objects.filter(batch=batch).order_by("starts_at"),
            "places_left": max(batch.capacity - taken, 0),
            "enrolment_open": batch.is_enrolment_open(now),
            "mine": mine,
        },
    )


# --- the learner ---------------------------------------------------------------------------------


@login_required
def mine(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = _get_workshop(batch_id)
    enrolment = Enrolment.objects.filter(batch=batch, user=request.user, status__in=services.ACTIVE).first()
    if enrolment is None:
        raise PermissionDenied
    enrolment.batch = batch
    now = timezone.now()
    sessions = list(ClassSession.objects.filter(batch=batch).order_by("starts_at"))
    marks = {a.session_id: a for a in Attendance.objects.filter(session__batch=batch, user=request.user)}
    for session in sessions:
        session.mark = marks.get(session.pk)
        session.held = session.starts_at <= now
    practical = Practical.objects.filter(batch=batch, learner=request.user).prefetch_related("photos").first()
    return render(
        request,
        "workshops/mine.html",
        {
            "batch": batch,
            "course": localised_courses([batch.course])[batch.course_id],
            "details": _details(batch),
            "enrolment": enrolment,
            "sessions": sessions,
            "practical": practical,
            "status": completion_status(enrolment),
        },
    )


@login_required
def portfolio_edit(request: HttpRequest) -> HttpResponse:
    photos = services.own_photos(request.user)
    portfolio = Portfolio.objects.filter(user=request.user).first()
    if request.method == "POST":
        if request.POST.get("action") == "unpublish":
            services.unpublish_portfolio(request.user)
            messages.success(request, _("Your portfolio is hidden. Nobody can open it now."))
            return redirect("workshops:portfolio_edit")
        form = PortfolioForm(request.POST, photos=photos)
        if form.is_valid():
            try:
                portfolio = services.update_portfolio(
                    request.user,
                    publish=request.POST.get("action") == "publish",
                    photo_ids=set(form.cleaned_data["photos"]),
                    about=form.cleaned_data["about"],
                )
            except services.WorkshopError as error:
                messages.error(request, str(error))
            else:
                if portfolio.is_public:
                    messages.success(request, _("Your portfolio is published."))
                else:
                    messages.success(request, _("Saved. Your portfolio is not published."))
                return redirect("workshops:portfolio_edit")
        else:
            messages.error(request, next(iter(form.errors.values()))[0])
    else:
        form = PortfolioForm(
            photos=photos,
            initial={"about": portfolio.about if portfolio else "", "photos": [p.pk for p in photos if p.in_portfolio]},
        )
    return render(
        request,
        "workshops/portfolio_edit.html",
        {"form": form, "photos": photos, "portfolio": portfolio},
    )


def portfolio(request: HttpRequest, key: str) -> HttpResponse:
    shown = services.public_portfolio(key)
    if shown is None:
        raise Http404
    response = render(request, "workshops/portfolio.html", {"portfolio": shown, "person": shown.user})
    # Unpublishing must hide it at once: no shared cache may keep a copy.
    response["Cache-Control"] = "private, no-cache"
    return response


def photo(request: HttpRequest, photo_id: int) -> HttpResponse:
    """Photos of work are served only through here, so an unpublished one is never public."""
    found = get_object_or_404(WorkPhoto.objects.select_related("practical__batch"), pk=photo_id)
    if not services.may_see_photo(request.user, found):
        raise Http404
    field = found.thumb if request.GET.get("size") == "thumb" and found.thumb else found.image
    try:
        handle = field.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    response = FileResponse(handle, content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- trainers ------------------------------------------------------------------------------------


@role_required(TRAINER, ORGANISER)
def hub(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = _get_workshop_to_teach(request, batch_id)
    details = _details(batch)
    form = DetailsForm(request.POST or None, instance=details or WorkshopDetails(batch=batch))
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, _("The workshop details are saved."))
            return redirect("workshops:hub", batch_id=batch.pk)
        messages.error(request, _("Nothing was saved. Fix the marked fields."))
    now = timezone.now()
    sessions = list(
        ClassSession.objects.filter(batch=batch)
        .annotate(present=Count("attendance", filter=Q(attendance__present=True)))
        .order_by("starts_at")
    )
    held = [s for s in sessions if s.status == ClassSession.Status.SCHEDULED and s.starts_at <= now]
    enrolments = list(
        Enrolment.objects.filter(batch=batch, status__in=services.ACTIVE)
        .select_related("user")
        .order_by("user__full_name", "pk")
    )
    attended = dict(
        Attendance.objects.filter(session__in=held, present=True)
        .values("user_id")
        .annotate(n=Count("id"))
        .values_list("user_id", "n")
    )
    practicals = {p.learner_id: p for p in Practical.objects.filter(batch=batch).annotate(photo_count=Count("photos"))}
    for enrolment in enrolments:
        enrolment.attended = attended.get(enrolment.user_id, 0)
        enrolment.practical = practicals.get(enrolment.user_id)
    today = [s for s in sessions if timezone.localdate(s.starts_at) == timezone.localdate(now)]
    return render(
        request,
        "workshops/hub.html",
        {
            "batch": batch,
            "form": form,
            "details": details,
            "sessions": sessions,
            "held": held,
            "now": now,
            "today": today[0] if today else None,
            "enrolments": enrolments,
        },
    )


@role_required(TRAINER, ORGANISER)
def sheet(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _get_session_to_teach(request, session_id)
    now = timezone.now()
    rows = services.sheet_rows(session)
    siblings = list(
        ClassSession.objects.filter(batch_id=session.batch_id)
        .exclude(status=ClassSession.Status.CANCELLED)
        .order_by("starts_at")
        .only("pk", "sequence", "starts_at")
    )
    index = next(i for i, s in enumerate(siblings) if s.pk == session.pk) if session in siblings else None
    return render(
        request,
        "workshops/sheet.html",
        {
            "session": session,
            "rows": rows,
            "started": now >= session.starts_at,
            "present_count": sum(1 for r in rows if r.mark and r.mark.present),
            "previous": siblings[index - 1] if index else None,
            "next": siblings[index + 1] if index is not None and index + 1 < len(siblings) else None,
        },
    )


@role_required(TRAINER, ORGANISER)
@require_POST
def mark(request: HttpRequest, session_id: int) -> HttpResponse:
    """One tap without JavaScript: the same rules as the phone's sync."""
    session = _get_session_to_teach(request, session_id)
    learner = request.POST.get("learner", "")
    if not learner.isdigit() or request.POST.get("present") not in ("0", "1"):
        messages.error(request, _("This mark is not readable; it was not saved."))
    else:
        result = services.mark_now(request.user, session, int(learner), request.POST["present"] == "1")
        if result.status == "refused":
            messages.error(request, result.message)
    return redirect("workshops:sheet", session_id=session.pk)


@require_POST
def sync(request: HttpRequest) -> JsonResponse:
    """The sheet's marks from the phone, as JSON. Answers JSON even when refusing, so the page
    can keep the marks and say what to do instead of following a redirect to the log-in page."""
    if not request.user.is_authenticated:
        return JsonResponse({"error": _("Log in again to send the marks. They are kept on this phone.")}, status=401)
    if not (is_trainer(request.user) or is_organiser(request.user)):
        return JsonResponse({"error": _("Only trainers can mark attendance.")}, status=403)
    if len(request.body) > MAX_SYNC_BODY:
        return JsonResponse({"error": _("Too many marks at once.")}, status=413)
    try:
        payload = json.loads(request.body)
        if not isinstance(payload, dict):
            raise ValueError
        results = services.sync_marks(request.user, payload.get("marks"), sent_at=payload.get("sent_at"))
    except (ValueError, UnicodeDecodeError):
        return JsonResponse({"error": _("This mark is not readable; it was not saved.")}, status=400)
    except services.WorkshopError as error:
        return JsonResponse({"error": str(error)}, status=400)
    return JsonResponse({"results": [r.as_dict() for r in results]})


@role_required(TRAINER, ORGANISER)
def practical(request: HttpRequest, batch_id: int, user_id: int) -> HttpResponse:
    batch = _get_workshop_to_teach(request, batch_id)
    enrolment = (
        Enrolment.objects.filter(batch=batch, user_id=user_id, status__in=services.ACTIVE)
        .select_related("user")
        .first()
    )
    if enrolment is None:
        messages.error(request, _("This person is not a learner in this batch. Nothing was saved."))
        return redirect("workshops:hub", batch_id=batch.pk)
    now = timezone.now()
    sessions = list(ClassSession.objects.filter(batch=batch).exclude(status=ClassSession.Status.CANCELLED))
    existing = Practical.objects.filter(batch=batch, learner_id=user_id).prefetch_related("photos").first()
    initial = (
        {"result": existing.result, "comment": existing.comment, "session": existing.session_id} if existing else {}
    )
    form = PracticalForm(request.POST or None, request.FILES or None, sessions=sessions, now=now, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.record_practical(
                    batch,
                    enrolment.user,
                    request.user,
                    session=form.cleaned_data["session"],
                    result=form.cleaned_data["result"],
                    comment=form.cleaned_data["comment"],
                    photos=form.cleaned_data["photos"],
                    now=now,
                )
            except services.WorkshopError as error:
                messages.error(request, str(error))
            else:
                messages.success(
                    request,
                    _("The result for %(name)s is saved and the learner is told.")
                    % {"name": enrolment.user.display_name()},
                )
                return redirect("workshops:hub", batch_id=batch.pk)
        else:
            messages.error(request, _("Nothing was saved. Fix the marked fields."))
    return render(
        request,
        "workshops/practical.html",
        {
            "batch": batch,
            "learner": enrolment.user,
            "form": form,
            "practical": existing,
            "room_for": MAX_PHOTOS - (len(existing.photos.all()) if existing else 0),
        },
        status=400 if request.method == "POST" else 200,
    )


@role_required(TRAINER, ORGANISER)
@require_POST
def delete_photo(request: HttpRequest, photo_id: int) -> HttpResponse:
    found = get_object_or_404(WorkPhoto.objects.select_related("practical__batch"), pk=photo_id)
    if not request.user.has_perm("courses.teach_batch", found.practical.batch):
        raise PermissionDenied
    practical = found.practical
    services.delete_photo(found)
    messages.success(request, _("The photo is removed."))
    return redirect("workshops:practical", batch_id=practical.batch_id, user_id=practical.learner_id)
