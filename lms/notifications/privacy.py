"""The notices a person was sent: in her data download, and deleted with her account
(lms/people/signals.py)."""

from __future__ import annotations

from typing import Any

from lms.notifications.models import Notification
from lms.people.models import User


def personal_data(sender: type, user: User, **kwargs: Any) -> dict[str, Any]:
    return {
        "notifications": [
            {"title": n.title, "message": n.body, "at": n.created_at, "read_at": n.read_at}
            for n in Notification.objects.filter(user=user)
        ]
    }


def erase(sender: type, user: User, **kwargs: Any) -> None:
    Notification.objects.filter(user=user).delete()
