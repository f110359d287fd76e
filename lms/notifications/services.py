"""notify(): tell a person something in their own language, through every channel they have.

In-app notifications also reach the person's open pages at once: every page of a logged-in
person listens on the group "user-<user id>" (notifications.consumers, static/js/notify.js).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from lms.notifications.models import Notification
from lms.people.sms import send_sms

if TYPE_CHECKING:
    from lms.people.models import User


def user_group(user_id: int) -> str:
    return f"user-{user_id}"


def unread_count(user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def _push(user_id: int, payload: dict[str, Any]) -> None:
    layer = get_channel_layer()
    assert layer is not None  # settings.CHANNEL_LAYERS always names one
    async_to_sync(layer.group_send)(user_group(user_id), {"type": "notification.push", "payload": payload})


def push(notification: Notification) -> None:
    """Show a stored notification on the person's open pages, with their new unread count."""
    _push(
        notification.user_id,
        {
            "type": "notification",
            "id": notification.pk,
            "title": notification.title,
            "body": notification.body,
            "url": notification.url,
            "unread": unread_count(notification.user),
        },
    )


def notify(
    user: User,
    kind: str,
    *,
    context: dict[str, Any] | None = None,
    url: str = "",
    dedupe_key: str = "",
    sms: bool = False,
) -> Notification | None:
    """Render notifications/<kind>_title.txt and _body.txt in the user's language, store the
    in-app notification, and e-mail (and optionally SMS) it after the transaction commits.

    Returns None when a notification with the same dedupe_key was already sent.
    """
    context = {"user": user, **(context or {})}
    with translation.override(user.language or "bn"):
        title = render_to_string(f"notifications/{kind}_title.txt", context, using="text").strip()
        body = render_to_string(f"notifications/{kind}_body.txt", context, using="text").strip()
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                user=user, kind=kind, title=title, body=body, url=url, dedupe_key=dedupe_key
            )
    except IntegrityError:
        return None

    def deliver() -> None:
        if user.email:
            send_mail(title, body + (f"\n\n{_absolute(url)}" if url else ""), None, [user.email], fail_silently=True)
        if sms and user.phone:
            send_sms(user.phone, f"{title}. {body}"[:300])

    transaction.on_commit(deliver)
    # robust: the page hearing of it at once is a nicety; a channel layer that is down must not
    # fail what notified (a certificate issued, a class moved) after it has committed.
    transaction.on_commit(lambda: push(notification), robust=True)
    return notification


def mark_read(user: User, ids: list[int] | None = None, *, now: dt.datetime | None = None) -> int:
    """Mark these (or all) of the person's notifications read; their other tabs' counters follow."""
    queryset = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        queryset = queryset.filter(pk__in=ids)
    marked = queryset.update(read_at=now or timezone.now())
    if marked:
        transaction.on_commit(lambda: _push(user.pk, {"type": "unread", "unread": unread_count(user)}), robust=True)
    return marked


def _absolute(url: str) -> str:
    from django.conf import settings

    return url if url.startswith("http") else settings.SITE_URL + url
