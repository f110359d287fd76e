"""The room's pages: the trainer's "I have started" (the no-JavaScript way too), and the
class's questions for its trainers to read after class."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from events.models import ClassSession
from events.room import services
from lms.people.decorators import role_required
from lms.people.roles import ORGANISER, TRAINER
from lms.permissions import get_object_or_403


def _get_session_to_teach(request: HttpRequest, session_id: int) -> ClassSession:
    """The class, if this person teaches it or organises it: else 403."""
    return get_object_or_403(
        request.user, "events.teach_session", ClassSession.objects.select_related("batch__course"), pk=session_id
    )


@role_required(TRAINER, ORGANISER)
@require_POST
def started(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _get_session_to_teach(request, session_id)
    try:
        services.mark_started(session, request.user, timezone.now())
    except services.RoomError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The learners can see that the class has started."))
    return redirect("events:trainer_class", session_id=session.pk)


@role_required(TRAINER, ORGANISER)
def questions(request: HttpRequest, session_id: int) -> HttpResponse:
    """Every question of the class, hidden and answered ones too, most wanted first."""
    session = _get_session_to_teach(request, session_id)
    return render(
        request,
        "room/questions.html",
        {"session": session, "questions": services.all_questions(session).select_related("author")},
    )
