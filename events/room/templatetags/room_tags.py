from __future__ import annotations

from django import template
from django.utils import timezone

from events.room import services

register = template.Library()

# Bootstrap's colours for each status; room.js has the same table.
BADGES = {
    "scheduled": "text-bg-secondary",
    "soon": "text-bg-warning",
    "live": "text-bg-danger",
    "ended": "text-bg-secondary",
    "cancelled": "text-bg-warning",
}


@register.inclusion_tag("room/room.html", takes_context=True)
def class_room(context, session) -> dict:
    """The room's questions, announcements and live status, as they are now: what a page
    shows without JavaScript, and what room.js takes over and keeps up to date."""
    user = context["request"].user
    now = timezone.now()
    role = services.role_in(user, session)
    return {
        "session": session,
        "role": role,
        "status": services.status(session, now),
        "badge": BADGES[services.status(session, now)],
        "started_by_hand": session.live_started_at is not None,
        "may_start": role == services.TRAINER
        and services.status(session, now) in ("soon", "live")
        and session.live_started_at is None
        and session.provider in ("facebook", "in_person", "link"),
        "questions": list(services.visible_questions(session)),
        "announcements": list(session.announcements.order_by("-created_at", "-pk")),
        "state": services.state(session, now),
        "csrf_token": context.get("csrf_token"),
    }
