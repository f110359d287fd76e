"""Members-only offerings a forum's page lists, from every app that has them.

Batches (and so workshops, which are batches of a hands-on course) are registered here by the
forums app itself. Fairs do not exist yet: the fairs app, when it comes, appends a provider to
`providers` and calls forums.services.is_member(user, forum) before it takes an exhibitor for a
members-only fair — the same rule courses.services.check_eligibility applies to batches.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from lms.forums.models import Forum


@dataclass
class Offering:
    kind: str  # what it is, in words: "Workshop", "Course", later "Fair"
    title: str
    url: str
    starts: dt.date | None


# callable(forum, request) -> list of Offering; open offerings only.
providers: list[Callable[[Forum, object], list[Offering]]] = []


def offerings_for(forum: Forum, request) -> list[Offering]:
    items: list[Offering] = []
    for provider in providers:
        items += provider(forum, request)
    return sorted(items, key=lambda o: (o.starts or dt.date.max, o.title))


def batch_offerings(forum: Forum, request) -> list[Offering]:
    from courses.catalogue import OPEN_STATUSES, localised_courses
    from courses.models import DeliveryMode
    from lms.forums.services import batches_for

    batches = list(
        batches_for(forum).filter(status__in=OPEN_STATUSES).select_related("course__facts").order_by("first_date")
    )
    pages = localised_courses([b.course for b in batches])
    return [
        Offering(
            kind=_("Workshop") if b.course.facts.delivery_mode == DeliveryMode.WORKSHOP else _("Course"),
            title=f"{pages[b.course.pk].title} — {b.name}",
            url=pages[b.course.pk].get_url(request),
            starts=b.first_date,
        )
        for b in batches
    ]
