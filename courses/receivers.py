"""courses' answers to what the apps below it ask (lms.forums.signals), connected in
CoursesConfig.ready()."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from courses.catalogue import OPEN_STATUSES, localised_courses
from courses.models import Batch, DeliveryMode
from lms.forums.models import Forum
from lms.forums.offerings import Offering
from lms.forums.services import LEGACY_AUDIENCE_SLUGS


def batches_for(forum: Forum) -> QuerySet[Batch]:
    """Members-only batches of this forum (set by forum, or by one of the two older audiences)."""
    members_only = Q(audience=Batch.Audience.FORUM, forum=forum)
    legacy = [audience for audience, slug in LEGACY_AUDIENCE_SLUGS.items() if slug == forum.slug]
    if legacy:
        members_only |= Q(audience__in=legacy)
    return Batch.objects.filter(members_only)


def forum_offerings(sender, forum: Forum, request, **kwargs) -> list[Offering]:
    """The forum's open members-only batches, titled in the reader's language."""
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
