"""A person's attendance and join clicks, for her data download; on deletion her private
calendar address and her clicks go (lms/people/signals.py). Attendance stays, naming nobody once
the account is anonymised: a batch's numbers must not change.
"""

from __future__ import annotations

from typing import Any

from events.models import Attendance, CalendarFeed, JoinClick
from lms.people.models import User


def personal_data(sender: type, user: User, **kwargs: Any) -> dict[str, Any]:
    return {
        "attendance": [
            {"class": str(a.session), "present": a.present, "minutes": a.minutes, "sources": a.sources}
            for a in Attendance.objects.filter(user=user).select_related("session__batch")
        ],
        "join_clicks": [
            {"class": str(c.session), "at": c.clicked_at}
            for c in JoinClick.objects.filter(user=user).select_related("session__batch")
        ],
    }


def erase(sender: type, user: User, **kwargs: Any) -> None:
    CalendarFeed.objects.filter(user=user).delete()  # the private calendar address stops working
    JoinClick.objects.filter(user=user).delete()
