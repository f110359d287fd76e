"""notify(): tell a person something in their own language, through every channel they have."""

from __future__ import annotations

from collections.abc import Callable

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from notifications.models import Notification
from people.sms import send_sms

# Apps that can show a notification on an open page at once register here (room does).
live_pushes: list[Callable] = []


def notify(
    user,
    kind: str,
    *,
    context: dict | None = None,
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
        title = render_to_string(f"notifications/{kind}_title.txt", context).strip()
        body = render_to_string(f"notifications/{kind}_body.txt", context).strip()
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
    for push in live_pushes:
        transaction.on_commit(lambda push=push: push(notification))
    return notification


def mark_read(user, ids: list[int] | None = None, *, now=None) -> int:
    queryset = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        queryset = queryset.filter(pk__in=ids)
    return queryset.update(read_at=now or timezone.now())


def _absolute(url: str) -> str:
    from django.conf import settings

    return url if url.startswith("http") else settings.SITE_URL + url
