"""Forum membership, announcements and membership cards: the rules, in one place.

Views, the admin, tasks and the demo all call these functions; the apps above forums meet them
through lms.forums.signals (courses also calls is_member and forum_of_batch directly). Who may manage a forum: its
organisers (every forum) and the members an organiser made its forum admins (their forum).
Forum admins approve and decline applications and post announcements; only organisers give
or take the forum admin role and remove members.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, TypeGuard

from django.db import transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.forums import signals
from lms.forums.models import Announcement, Forum, Membership
from lms.notifications.services import notify
from lms.people.models import User
from lms.permissions import is_forum_member as is_member  # noqa: F401 (this app's name for it, used by others)
from lms.permissions import manages_forum as can_manage  # organisers, and the forum's forum admins
from lms.permissions import organises

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser


class ForumError(Exception):
    """A rule refused the request; the message says why, for the person who asked."""


# The two audiences that name a forum directly (courses.Batch.Audience) and the forum each means.
LEGACY_AUDIENCE_SLUGS = {"womens_forum": "womens-forum", "youth_forum": "youth-forum"}


# --- who is who --------------------------------------------------------------------------------


def _signed_in(user: User | AnonymousUser | None) -> TypeGuard[User]:
    return getattr(user, "is_authenticated", False)


def active_forum_ids(user: User | AnonymousUser) -> set[int]:
    """The forums this person is an active member of (one query)."""
    if not _signed_in(user):
        return set()
    return set(Membership.objects.filter(user=user, status=Membership.Status.ACTIVE).values_list("forum_id", flat=True))


def membership_of(user: User | AnonymousUser, forum: Forum) -> Membership | None:
    if not _signed_in(user):
        return None
    return Membership.objects.filter(user=user, forum=forum).first()


# A batch is a courses.Batch: lms sits below courses and does not import it, not even for types.
def forum_of_batch(batch: Any) -> Forum | None:
    """For courses: the forum a members-only batch (courses.Batch) is for."""
    if batch.audience in LEGACY_AUDIENCE_SLUGS:
        if not hasattr(batch, "_members_forum"):
            batch._members_forum = Forum.objects.filter(slug=LEGACY_AUDIENCE_SLUGS[batch.audience]).first()
        return batch._members_forum
    return batch.forum if batch.forum_id else None


# --- joining and leaving -------------------------------------------------------------------------


def refusal(user: User, forum: Forum, today: dt.date) -> str | None:
    """Why this person cannot apply to this forum now (None when she can)."""
    if not forum.is_open:
        return _("This forum is not taking applications now.")
    return forum.refusal(user, today)


def _tell(kind: str, membership: Membership, now: dt.datetime) -> None:
    """Tell the person about a decision on her membership, once per decision."""
    notify(
        membership.user,
        kind,
        context={"forum": membership.forum, "membership": membership},
        url=membership.forum.get_absolute_url(),
        dedupe_key=f"{kind}:{membership.pk}:{now.isoformat()}",
    )


def _managers(forum: Forum) -> list[User]:
    """Who hears of a new application: the forum's admins, and the organisers."""
    admins = Q(forum_memberships__forum=forum, forum_memberships__status="active", forum_memberships__role="admin")
    organisers = Q(groups__name="Organisers") | Q(is_superuser=True)
    return list(User.objects.filter(admins | organisers, is_active=True).distinct())


def _activate(membership: Membership, now: dt.datetime, by: User | None = None) -> None:
    """Make a membership active, giving it the forum's next member number the first time.

    The forum row is locked while the number is counted, so two approvals at once never get
    the same one (a unique constraint backs this up)."""
    Forum.objects.select_for_update().filter(pk=membership.forum_id).first()
    if membership.number is None:
        last = Membership.objects.filter(forum_id=membership.forum_id).aggregate(n=Max("number"))["n"] or 0
        membership.number = last + 1
        membership.member_since = timezone.localdate(now)
    membership.status = Membership.Status.ACTIVE
    membership.decided_at = now
    membership.decided_by = by
    membership.note = ""
    membership.left_at = None
    membership.save()


def apply(user: User, forum: Forum, *, now: dt.datetime | None = None) -> Membership:
    """Apply to join. An eligible person waits for approval, or is a member at once when the
    forum needs none; anyone else is refused with the reason. Applying twice changes nothing."""
    now = now or timezone.now()
    with transaction.atomic():
        membership = Membership.objects.select_for_update().filter(user=user, forum=forum).first()
        if membership and membership.status in (Membership.Status.ACTIVE, Membership.Status.PENDING):
            return membership
        reason = refusal(user, forum, timezone.localdate(now))
        if reason:
            raise ForumError(reason)
        membership = membership or Membership(user=user, forum=forum)
        membership.applied_at = now
        membership.role = Membership.Role.MEMBER
        if forum.needs_approval:
            membership.status = Membership.Status.PENDING
            membership.decided_at = membership.decided_by = None
            membership.note = ""
            membership.save()
            key = f"forum-applied:{membership.pk}:{now.isoformat()}"
            for manager in _managers(forum):
                notify(
                    manager,
                    "forum_applied",
                    context={"forum": forum, "applicant": user},
                    url=reverse("forums:manage", kwargs={"slug": forum.slug}),
                    dedupe_key=key,
                )
        else:
            _activate(membership, now)
            _tell("forum_welcome", membership, now)
    return membership


def _managed(membership: Membership, by: User) -> Membership:
    if not can_manage(by, membership.forum):
        raise ForumError(_("Only the forum's admins and organisers can do this."))
    return Membership.objects.select_for_update().select_related("forum", "user").get(pk=membership.pk)


def approve(membership: Membership, *, by: User, now: dt.datetime | None = None) -> Membership:
    """Approve an application. The rules are checked again: a profile may have changed since."""
    now = now or timezone.now()
    with transaction.atomic():
        membership = _managed(membership, by)
        if membership.status != Membership.Status.PENDING:
            raise ForumError(_("This application has already been decided."))
        reason = membership.forum.refusal(membership.user, timezone.localdate(now))
        if reason:
            raise ForumError(_("%(name)s cannot join: %(reason)s") % {"name": membership.user, "reason": reason})
        _activate(membership, now, by)
        _tell("forum_welcome", membership, now)
    return membership


def decline(membership: Membership, *, by: User, note: str = "", now: dt.datetime | None = None) -> Membership:
    now = now or timezone.now()
    with transaction.atomic():
        membership = _managed(membership, by)
        if membership.status != Membership.Status.PENDING:
            raise ForumError(_("This application has already been decided."))
        membership.status = Membership.Status.DECLINED
        membership.decided_at = now
        membership.decided_by = by
        membership.note = note.strip()[:300]
        membership.save()
        _tell("forum_declined", membership, now)
    return membership


def _end(membership: Membership, now: dt.datetime, reason: str) -> None:
    membership.status = Membership.Status.LEFT
    membership.role = Membership.Role.MEMBER
    membership.left_at = now
    membership.in_directory = False
    membership.save()
    signals.membership_ended.send(sender=Membership, membership=membership, reason=reason, now=now)


def leave(user: User, forum: Forum, *, now: dt.datetime | None = None) -> Membership:
    """Leave a forum (or withdraw an application). Enrolments already made are kept: she joined
    those batches as a member. Her card stops verifying as valid."""
    now = now or timezone.now()
    with transaction.atomic():
        membership = Membership.objects.select_for_update().filter(user=user, forum=forum).first()
        if membership is None or membership.status not in (Membership.Status.ACTIVE, Membership.Status.PENDING):
            raise ForumError(_("You are not a member of this forum."))
        _end(membership, now, "Membership ended: left the forum.")
    return membership


def remove(membership: Membership, *, by: User, note: str, now: dt.datetime | None = None) -> Membership:
    """An organiser ends someone's membership, with a note the person is told."""
    now = now or timezone.now()
    if not organises(by, membership.forum):
        raise ForumError(_("Only organisers can remove a member."))
    if not note.strip():
        raise ForumError(_("Write a note for the member: it tells them why."))
    with transaction.atomic():
        membership = _managed(membership, by)
        if membership.status != Membership.Status.ACTIVE:
            raise ForumError(_("This person is not a member."))
        _end(membership, now, "Membership ended by the organisers.")
        membership.decided_by = by
        membership.note = note.strip()[:300]
        membership.save(update_fields=["decided_by", "note"])
        _tell("forum_removed", membership, now)
    return membership


def set_admin(membership: Membership, *, by: User, admin: bool) -> Membership:
    """Give or take the forum admin role; organisers only, and only to members."""
    if not organises(by, membership.forum):
        raise ForumError(_("Only organisers can give or take the forum admin role."))
    with transaction.atomic():
        membership = _managed(membership, by)
        if membership.status != Membership.Status.ACTIVE:
            raise ForumError(_("Only a member can be a forum admin."))
        membership.role = Membership.Role.ADMIN if admin else Membership.Role.MEMBER
        membership.save(update_fields=["role"])
        if admin:
            _tell("forum_admin", membership, timezone.now())
    return membership


# --- announcements -------------------------------------------------------------------------------


def post_announcement(
    forum: Forum,
    *,
    by: User,
    title: str,
    body: str,
    title_en: str = "",
    body_en: str = "",
    now: dt.datetime | None = None,
) -> Announcement:
    """Post to the forum page; every member is told in-app and by e-mail where she has one, after
    the transaction commits (a background job for a big forum)."""
    if not can_manage(by, forum):
        raise ForumError(_("Only the forum's admins and organisers can post announcements."))
    if not title.strip() or not body.strip():
        raise ForumError(_("An announcement needs a title and a message."))
    announcement = Announcement.objects.create(
        forum=forum,
        author=by,
        title=title.strip(),
        body=body.strip(),
        title_en=title_en.strip(),
        body_en=body_en.strip(),
        created_at=now or timezone.now(),
    )
    signals.announcement_posted.send(sender=Announcement, announcement=announcement)
    return announcement


def send_announcement_to_members(announcement_id: int) -> int:
    """Tell every active member (but the author). Run twice, nobody hears twice: the dedupe key."""
    announcement = Announcement.objects.select_related("forum").get(pk=announcement_id)
    members = (
        User.objects.filter(
            forum_memberships__forum=announcement.forum_id, forum_memberships__status=Membership.Status.ACTIVE
        )
        # author_id is None once the author's account is deleted: excluding pk=None excludes nobody.
        .exclude(pk=announcement.author_id)  # type: ignore[misc]
        .order_by("pk")
    )
    sent = 0
    for member in members.iterator(chunk_size=500):
        language = member.language or "bn"
        created = notify(
            member,
            "forum_announcement",
            context={
                "forum": announcement.forum,
                "title": announcement.title_for(language),
                "body": announcement.body_for(language),
            },
            url=announcement.forum.get_absolute_url(),
            dedupe_key=f"forum-announcement:{announcement.pk}",
        )
        sent += created is not None
    return sent


# --- membership card -------------------------------------------------------------------------------


# A card is a certificates.Certificate: lms sits below certificates and does not import it for types.
def card(membership: Membership) -> Any:
    """The member's card: a certificate of kind "forum membership card" that certificates issues
    once per membership (again after she rejoins), so it has the verify page, signed QR and
    serial. None when no app issues cards."""
    if not membership.is_active:
        raise ForumError(_("Only members have a membership card."))
    for _receiver, answer in signals.membership_card.send(sender=Membership, membership=membership):
        if answer is not None:
            return answer
    return None
