from __future__ import annotations

from django import template

from lms.notifications.services import unread_count

register = template.Library()


@register.inclusion_tag("notifications/badge.html", takes_context=True)
def notification_badge(context) -> dict:
    """The header's link to the notifications with the unread count, as the server knows it
    (static/js/notify.js keeps it current while the page is open)."""
    user = context["request"].user
    return {"unread": unread_count(user) if user.is_authenticated else 0, "user": user}
