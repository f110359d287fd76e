from __future__ import annotations

import datetime as dt
import json
import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from courses.models import Batch
from events import services, webhooks
from events.calendar import build_calendar
from events.forms import DetailsForm, LinkForm, MoveForm, RegisterForm
from events.models import Attendance, CalendarFeed, ClassSession
from events.zoom_webhooks import WebhookRejected
from lms.lib.bangla import localise_digits
from lms.lib.ratelimit import allow, client_key, exceeded
from lms.people.decorators import role_required
from lms.people.roles import ORGANISER, TRAINER
from lms.permissions import get_object_or_403

logger = logging.getLogger(__name__)
WEBHOOK_REJECTIONS_PER_MINUTE = 30


def _digits(value) -> str:
    return localise_digits(value, get_language())


def _sessions():
    return ClassSession.objects.select_related("batch__course", "batch__district")


def _get_session(session_id: int) -> ClassSession:
    return get_object_or_404(_sessions(), pk=session_id)


def _get_session_to_teach(request: HttpRequest, session_id: int) -> ClassSession:
    """The class, if this person teaches it (a substitute who took it too) or organises it; 403 otherwise."""
    return get_object_or_403(request.user, "events.teach_session", _sessions(), pk=session_id)


@login_required
def class_page(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _get_session(session_id)
    trainer = request.user.has_perm("events.teach_session", session)
    if not (trainer or services.is_enrolled(request.user, session)):
        raise PermissionDenied
    now = timezone.now()
    mine = Attendance.objects.filter(session=session, user=request.user).first()
    return render(
        request,
        "events/class.html",
        {
            "session": session,
            "now": now,
            "joinable": session.is_joinable(now),
            "checkin_open": session.checkin_is_open(now),
            "ended": session.has_ended(now),
            "attendance": mine,
            "is_trainer": trainer,
        },
    )


@login_required
def join(request: HttpRequest, session_id: int) -> HttpResponse:
    session = services.session_for_join(request.user, session_id)
    if session is None:
        raise Http404
    try:
        target = services.join(request.user, session)
    except services.ClassError as error:
        if not (services.is_enrolled(request.user, session) or request.user.has_perm("events.teach_session", session)):
            raise PermissionDenied from error
        messages.error(request, str(error))
        return redirect("events:class", session_id=session.pk)
    return redirect(target)


@login_required
@require_POST
def check_in(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _get_session(session_id)
    try:
        services.check_in(request.user, session, request.POST.get("code", ""))
    except services.ClassError as error:
        messages.error(request, str(error))
    return redirect("events:class", session_id=session.pk)


# --- trainers ------------------------------------------------------------------------------------


@role_required(TRAINER, ORGANISER)
def trainer_class(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _get_session_to_teach(request, session_id)
    now = timezone.now()
    enrolments = list(
        session.batch.enrolments.filter(status__in=services.ACTIVE).select_related("user").order_by("user__full_name")
    )
    marks = {a.user_id: a for a in Attendance.objects.filter(session=session)}
    wrong = services.wrong_checkins(session)
    for enrolment in enrolments:
        enrolment.mark = marks.get(enrolment.user_id)
        enrolment.wrong_codes = wrong.get(enrolment.user_id, 0)
    return render(
        request,
        "events/trainer_class.html",
        {
            "session": session,
            "now": now,
            "enrolments": enrolments,
            "present_count": sum(1 for m in marks.values() if m.present),
            "link_form": LinkForm(initial={"link": session.link}),
            "details_form": DetailsForm(instance=session),
            "move_form": MoveForm(initial={"starts_at": timezone.localtime(session.starts_at).replace(tzinfo=None)}),
            "register_form": RegisterForm(),
            "running": session.is_running(now),
            "started": now >= session.starts_at,
            "checkin_open": session.checkin_is_open(now),
        },
    )


@role_required(TRAINER, ORGANISER)
def start(request: HttpRequest, session_id: int) -> HttpResponse:
    """Send the trainer to Zoom as host. The host link never appears in a page."""
    session = _get_session_to_teach(request, session_id)
    if session.provider == "zoom" and session.zoom_meeting_id:
        from events.zoom import ZoomError, zoom_api

        try:
            return redirect(zoom_api().get_meeting(session.zoom_meeting_id).start_url or session.zoom_start_url)
        except ZoomError:
            if session.zoom_start_url:
                return redirect(session.zoom_start_url)
    if session.link:
        return redirect(session.link)
    messages.error(request, _("This class has no link yet. Paste one below."))
    return redirect("events:trainer_class", session_id=session.pk)


def _trainer_post(view):
    """POST-only trainer action on a session, back to the class page with a message."""

    @role_required(TRAINER, ORGANISER)
    @require_POST
    def wrapped(request: HttpRequest, session_id: int) -> HttpResponse:
        session = _get_session_to_teach(request, session_id)
        try:
            message = view(request, session)
        except (services.ClassError, ValidationError) as error:
            text = error.messages[0] if isinstance(error, ValidationError) else str(error)
            messages.error(request, text)
        else:
            if message:
                messages.success(request, message)
        return redirect("events:trainer_class", session_id=session.pk)

    wrapped.__name__ = view.__name__
    return wrapped


@_trainer_post
def paste_link(request, session):
    form = LinkForm(request.POST)
    if not form.is_valid():
        raise ValidationError(form.errors["link"][0])
    services.set_link(session, form.cleaned_data["link"])
    return _("The class link is saved. Learners will join through it.")


@_trainer_post
def checkin(request, session):
    if request.POST.get("action") == "close":
        services.close_checkin(session)
        return _("Check-in is closed.")
    code = services.open_checkin(session)
    return _("Check-in is open. Tell the learners the code: %(code)s") % {"code": _digits(code)}


@_trainer_post
def attendance_sheet(request, session):
    ids = {int(value) for value in request.POST.getlist("present") if value.isdigit()}
    count = services.mark_sheet(session, request.user, ids)
    return ngettext("Attendance saved for %(n)s learner.", "Attendance saved for %(n)s learners.", count) % {
        "n": _digits(count)
    }


@_trainer_post
def register(request, session):
    form = RegisterForm(request.POST, request.FILES)
    if not form.is_valid():
        raise ValidationError(next(iter(form.errors.values()))[0])
    try:
        count = services.import_register(session, request.user, form.cleaned_data["file"].read())
    except services.RegisterImportError as error:
        for line, message in error.errors:
            messages.error(request, _("Line %(line)s: %(message)s") % {"line": line, "message": message})
        raise services.ClassError(_("Nothing was imported. Fix these lines and upload the file again.")) from error
    return ngettext("Attendance imported for %(n)s learner.", "Attendance imported for %(n)s learners.", count) % {
        "n": _digits(count)
    }


@_trainer_post
def details(request, session):
    form = DetailsForm(request.POST, instance=session)
    if not form.is_valid():
        raise ValidationError(next(iter(form.errors.values()))[0])
    form.save()
    return _("Saved.")


@_trainer_post
def cancel(request, session):
    services.cancel_session(session)
    return _("The class is cancelled and the learners are told.")


@_trainer_post
def move(request, session):
    form = MoveForm(request.POST)
    if not form.is_valid():
        raise ValidationError(next(iter(form.errors.values()))[0])
    services.move_session(session, form.cleaned_data["starts_at"])
    return _("The class is moved and the learners are told.")


@role_required(TRAINER, ORGANISER)
@require_POST
def add_extra(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = get_object_or_403(request.user, "courses.teach_batch", Batch, pk=batch_id)
    form = MoveForm(request.POST)
    if form.is_valid():
        try:
            session = services.add_extra_session(batch, form.cleaned_data["starts_at"])
        except services.ClassError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("An extra class is added and the learners are told."))
            return redirect("events:trainer_class", session_id=session.pk)
    else:
        messages.error(request, next(iter(form.errors.values()))[0])
    return redirect("courses:roster", batch_id=batch.pk)


# --- calendars -----------------------------------------------------------------------------------


@login_required
def calendar_page(request: HttpRequest) -> HttpResponse:
    feed, _created = CalendarFeed.objects.get_or_create(user=request.user)
    if request.method == "POST":
        feed.delete()
        feed = CalendarFeed.objects.create(user=request.user)
        messages.success(request, _("You have a new calendar address; the old one no longer works."))
        return redirect("events:calendar")
    url = request.build_absolute_uri(f"/calendar/{feed.token}.ics")
    sessions = services.upcoming_for(request.user, now=timezone.now(), days=30)
    return render(request, "events/calendar.html", {"feed_url": url, "sessions": sessions})


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    feed = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if feed is None:
        raise Http404
    now = timezone.now()
    sessions = services.upcoming_for(feed.user, now=now - dt.timedelta(days=30), days=120)
    body = build_calendar(_("My classes"), sessions, with_join_links=True)
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


def batch_calendar(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = get_object_or_404(Batch.objects.select_related("course"), pk=batch_id)
    if batch.status in (Batch.Status.DRAFT,):
        raise Http404
    sessions = ClassSession.objects.filter(batch=batch).select_related("batch__course", "batch__district")
    body = build_calendar(batch.name, sessions, with_join_links=False)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="batch-{batch.pk}.ics"'
    return response


# --- Zoom webhooks -------------------------------------------------------------------------------


@csrf_exempt
@require_POST
def zoom_webhook(request: HttpRequest) -> HttpResponse:
    # Only rejected deliveries count: Zoom itself may send thousands a minute when a big class
    # starts, but a client whose signatures keep failing is told to wait.
    client = client_key(request)
    if wait := exceeded("zoom_webhook_rejected", client, limit=WEBHOOK_REJECTIONS_PER_MINUTE, window=60):
        response = JsonResponse({"error": "too many rejected requests"}, status=429)
        response["Retry-After"] = str(wait)
        return response
    try:
        answer = webhooks.receive(
            body=request.body,
            signature=request.headers.get("x-zm-signature"),
            timestamp=request.headers.get("x-zm-request-timestamp"),
            now=timezone.now(),
        )
    except WebhookRejected as error:
        logger.warning("Zoom webhook rejected: %s", error)
        allow("zoom_webhook_rejected", client, limit=WEBHOOK_REJECTIONS_PER_MINUTE, window=60)
        return JsonResponse({"error": str(error)}, status=401)
    except (ValueError, json.JSONDecodeError):
        return HttpResponseBadRequest("bad payload")
    return JsonResponse(answer or {"ok": True})
