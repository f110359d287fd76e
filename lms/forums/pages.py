"""What a forum's page shows: listing logic kept out of the models and views.

The same context serves the Wagtail ForumPage and the plain forum page (forums:detail) used
before an editor has written one, through the {% forum_panel %} tag (forums.templatetags). A
fixed number of queries whatever the size of the forum (tests/lms/forums count them)."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from django.utils.translation import get_language

from lms.forums import services
from lms.forums.models import Announcement, Forum, ForumPage, Membership
from lms.forums.offerings import offerings_for

ANNOUNCEMENTS_SHOWN = 10


def page_for(forum: Forum) -> ForumPage | None:
    """The forum's page in the reader's language, else in Bangla; None before one is written."""
    language = (get_language() or settings.LANGUAGE_CODE)[:2]
    pages = {
        p.locale.language_code: p
        for p in ForumPage.objects.live().filter(forum=forum).select_related("locale").order_by("pk")
    }
    return pages.get(language) or pages.get(settings.LANGUAGE_CODE)


def forum_context(forum: Forum, request) -> dict:
    user = request.user
    membership = services.membership_of(user, forum)
    active = membership is not None and membership.is_active
    manager = services.can_manage(user, forum) if user.is_authenticated else False
    refusal = None
    if user.is_authenticated and not (membership and membership.status in ("active", "pending")):
        refusal = services.refusal(user, forum, timezone.localdate())
    # A refusal for want of a gender or a year of birth is put right in the profile.
    profile_incomplete = bool(refusal) and (
        (bool(forum.gender) and not user.gender)
        or ((forum.min_age is not None or forum.max_age is not None) and not user.birth_year)
    )
    announcements = []
    if active or manager:
        announcements = list(Announcement.objects.filter(forum=forum).select_related("author")[:ANNOUNCEMENTS_SHOWN])
    return {
        "forum": forum,
        "membership": membership,
        "is_member": active,
        "can_manage": manager,
        "refusal": refusal,
        "profile_incomplete": profile_incomplete,
        "announcements": announcements,
        "offerings": offerings_for(forum, request),
        "member_count": Membership.objects.filter(forum=forum, status=Membership.Status.ACTIVE).count(),
        "pending_count": (
            Membership.objects.filter(forum=forum, status=Membership.Status.PENDING).count() if manager else 0
        ),
    }
