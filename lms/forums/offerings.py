"""Members-only offerings a forum's page lists, from every app that has them.

forums sits below the apps that own offerings, so it asks them through
lms.forums.signals.offerings: courses answers with the forum's open batches (and so workshops,
which are batches of a hands-on course). A fair, when fairs has members-only ones, answers the
same signal and calls forums.services.is_member(user, forum) before it takes an exhibitor — the
same rule courses.services.check_eligibility applies to batches.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from lms.forums import signals


@dataclass
class Offering:
    kind: str  # what it is, in words: "Workshop", "Course", later "Fair"
    title: str
    url: str
    starts: dt.date | None


def offerings_for(forum, request) -> list[Offering]:
    """Every app's open offerings for this forum's members, by start date, then title."""
    items: list[Offering] = []
    for _receiver, answer in signals.offerings.send(sender=type(forum), forum=forum, request=request):
        items += answer or []
    return sorted(items, key=lambda o: (o.starts or dt.date.max, o.title))
