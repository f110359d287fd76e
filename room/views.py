"""The room's one page action: the trainer's "I have started" (the no-JavaScript way too)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from events.models import ClassSession
from people.decorators import role_required
from people.roles import ORGANISER, TRAINER
from room import services


@role_required(TRAINER, ORGANISER)
@require_POST
def started(request: HttpRequest, session_id: int) -> HttpResponse:
    session = get_object_or_404(ClassSession.objects.select_related("batch"), pk=session_id)
    if services.role_in(request.user, session) != services.TRAINER:
        raise PermissionDenied
    try:
        services.mark_started(session, request.user, timezone.now())
    except services.RoomError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The learners can see that the class has started."))
    return redirect("events:trainer_class", session_id=session.pk)
