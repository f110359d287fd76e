"""The class room's rules: who may enter, what they may say, and who is told.

Every change is pushed to the room's channel-layer groups after the transaction commits,
whether it came from a websocket (room.consumers), a page (room.views) or Zoom
(events.webhooks): the consumers only authenticate, call these and report errors.

Groups: "room-<session id>" (everyone in the room), "room-<session id>-trainers" (the
check-in code and the roster) and "room-<session id>-user-<user id>" (one person's tabs in
the room). A person's in-app notifications are notifications' own ("user-<user id>").
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from events import services as events
from events.models import JOIN_OPENS_BEFORE, Attendance, ClassSession, Provider
from events.room.models import ANNOUNCEMENT_MAX, QUESTION_MAX, Announcement, Presence, Question, Vote
from lms.lib.ratelimit import allow
from lms.people.models import User

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

QUESTIONS_PER_MINUTE = 3
# The page pings every 25 seconds; a connection silent for longer than this has gone.
PRESENCE_TIMEOUT = dt.timedelta(seconds=90)

LEARNER, TRAINER = "learner", "trainer"


class RoomError(Exception):
    """A rule refused the request; the message says why, for the person who asked."""


def room_group(session_id: int) -> str:
    return f"room-{session_id}"


def trainers_group(session_id: int) -> str:
    return f"room-{session_id}-trainers"


def person_group(session_id: int, user_id: int) -> str:
    return f"room-{session_id}-user-{user_id}"


def _send(group: str, event: dict) -> None:
    """Push after commit: nobody hears of a change that was rolled back."""
    layer = get_channel_layer()
    assert layer is not None  # settings.CHANNEL_LAYERS always names one
    transaction.on_commit(lambda: async_to_sync(layer.group_send)(group, event))


def _push(group: str, payload: dict) -> None:
    # What goes to the trainers' group (the check-in code, the roster) is its own event type:
    # the consumer checks the right again before passing it on.
    kind = "room.trainers" if group.endswith("-trainers") else "room.push"
    _send(group, {"type": kind, "payload": payload})


# --- who may enter ------------------------------------------------------------------------------


def role_in(user: User | AnonymousUser, session: ClassSession) -> str | None:
    """TRAINER for its trainers and organisers, LEARNER for its enrolled learners, else None."""
    if user.has_perm("events.teach_session", session):
        return TRAINER
    if events.is_enrolled(user, session):
        return LEARNER
    return None


def _require_trainer(user: User, session: ClassSession) -> None:
    if not user.has_perm("events.teach_session", session):
        raise RoomError(_("Only the class's trainers can do that."))


def _question(session: ClassSession, question_id: int | str) -> Question:
    if not str(question_id).isdigit():
        raise RoomError(_("That question is no longer there."))
    question = Question.objects.filter(session=session, pk=question_id, hidden_at__isnull=True).first()
    if question is None:
        raise RoomError(_("That question is no longer there."))
    return question


# --- what everyone sees -------------------------------------------------------------------------


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value else None


def status(session: ClassSession, now: dt.datetime) -> str:
    """scheduled → soon (15 minutes before) → live → ended, or cancelled. room.js repeats
    this on the clock from state()'s times, so the page moves on without being told."""
    if session.status == ClassSession.Status.CANCELLED:
        return "cancelled"
    if session.live_ended_at or session.has_ended(now):
        return "ended"
    if session.live_started_at or now >= session.starts_at:
        return "live"
    if now >= session.starts_at - JOIN_OPENS_BEFORE:
        return "soon"
    return "scheduled"


def state(session: ClassSession, now: dt.datetime) -> dict:
    return {
        "type": "state",
        "status": status(session, now),
        "now": now.isoformat(),
        "soon_at": (session.starts_at - JOIN_OPENS_BEFORE).isoformat(),
        "starts_at": session.starts_at.isoformat(),
        "ends_at": session.ends_at.isoformat(),
        "live_started_at": _iso(session.live_started_at),
        "live_ended_at": _iso(session.live_ended_at),
        "cancelled": session.status == ClassSession.Status.CANCELLED,
        "can_join": session.provider != Provider.IN_PERSON and bool(session.join_target),
        "checkin_open": session.checkin_is_open(now),
    }


def question_payload(question: Question) -> dict:
    return {
        "type": "question",
        "id": question.pk,
        "text": question.text,  # plain text: the page puts it in with textContent
        "votes": question.votes,
        "author_id": question.author_id,
        "answered": question.answered_at is not None,
        "hidden": question.hidden_at is not None,
    }


def announcement_payload(announcement: Announcement) -> dict:
    return {"type": "announcement", "id": announcement.pk, "text": announcement.text}


def visible_questions(session: ClassSession) -> QuerySet[Question]:
    """What learners see: never a hidden question."""
    return Question.objects.filter(session=session, hidden_at__isnull=True).order_by("-votes", "created_at", "pk")


def all_questions(session: ClassSession) -> QuerySet[Question]:
    """For the class's trainers after class: hidden and answered ones too."""
    return Question.objects.filter(session=session).order_by("-votes", "created_at", "pk")


def presence(session: ClassSession, now: dt.datetime) -> dict:
    """How many people are in the room (a person with two tabs counts once), and who."""
    users = (
        Presence.objects.filter(session=session, seen_at__gte=now - PRESENCE_TIMEOUT)
        .values_list("user_id", "user__full_name")
        .distinct()
        .order_by("user__full_name")
    )
    names = [name for _id, name in users]
    return {"type": "presence", "count": len(names), "names": names}


def checkin_payload(session: ClassSession, now: dt.datetime) -> dict:
    """For trainers only: the code is what learners must not see on the page."""
    is_open = session.checkin_is_open(now)
    return {
        "type": "checkin",
        "open": is_open,
        "code": session.checkin_code if is_open else "",
        "until": _iso(session.checkin_open_until) if is_open else None,
        "running": session.is_running(now),
    }


def snapshot(session: ClassSession, user: User, role: str, now: dt.datetime) -> dict:
    """Everything a page needs on (re)connecting: it replaces what the page showed."""
    questions = list(visible_questions(session))
    voted = set(Vote.objects.filter(question__in=questions, user=user).values_list("question_id", flat=True))
    data: dict[str, Any] = {
        "type": "snapshot",
        "role": role,
        "me": user.pk,
        "state": state(session, now),
        "questions": [{**question_payload(q), "voted": q.pk in voted} for q in questions],
        "announcements": [announcement_payload(a) for a in session.announcements.order_by("created_at", "pk")],
        "presence": presence(session, now),
    }
    if role == TRAINER:
        data["checkin"] = checkin_payload(session, now)
        data["present"] = list(
            Attendance.objects.filter(session=session, present=True).values_list("user_id", flat=True)
        )
    else:
        data["presence"] = {**data["presence"], "names": []}
        data["checked_in"] = Attendance.objects.filter(session=session, user=user, present=True).exists()
    return data


# --- presence -----------------------------------------------------------------------------------


def enter(session: ClassSession, user: User, channel_name: str, now: dt.datetime, *, limit: int) -> bool:
    """Come into the room, unless this person already has `limit` connections in it.

    The row is written first and the person's first `limit` live rows are the ones let in:
    connections opened at the same moment cannot all slip under the cap between a count and
    a write."""
    row, _created = Presence.objects.update_or_create(
        channel_name=channel_name, defaults={"session": session, "user": user, "seen_at": now}
    )
    first = Presence.objects.filter(session=session, user=user, seen_at__gte=now - PRESENCE_TIMEOUT).order_by("pk")
    if row.pk not in set(first.values_list("pk", flat=True)[:limit]):
        row.delete()
        return False
    _send(room_group(session.pk), {"type": "room.presence", "presence": presence(session, now)})
    return True


def current_role(user_id: int, session: ClassSession) -> str | None:
    """role_in() as it is now, not as it was when the connection opened: the person is read
    again (her roles are cached on the user object) and an account closed since counts as none."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    return role_in(user, session) if user is not None else None


def seen(channel_name: str, now: dt.datetime) -> None:
    Presence.objects.filter(channel_name=channel_name).update(seen_at=now)


def leave(session: ClassSession, channel_name: str, now: dt.datetime) -> None:
    Presence.objects.filter(channel_name=channel_name).delete()
    _send(room_group(session.pk), {"type": "room.presence", "presence": presence(session, now)})


# --- questions ----------------------------------------------------------------------------------


def ask(session: ClassSession, user: User, text: str, now: dt.datetime) -> Question:
    text = " ".join((text or "").split())
    if not text:
        raise RoomError(_("Write your question first."))
    if len(text) > QUESTION_MAX:
        raise RoomError(_("Please keep your question under %(n)s letters.") % {"n": QUESTION_MAX})
    if session.status == ClassSession.Status.CANCELLED:
        raise RoomError(_("This class has been cancelled."))
    allowed, wait = allow("room-question", str(user.pk), limit=QUESTIONS_PER_MINUTE, window=60)
    if not allowed:
        raise RoomError(_("You have asked several questions just now. Please wait %(s)s seconds.") % {"s": wait})
    question = Question.objects.create(session=session, author=user, text=text, created_at=now)
    _push(room_group(session.pk), question_payload(question))
    return question


def upvote(session: ClassSession, user: User, question_id: int | str) -> Question:
    question = _question(session, question_id)
    if question.author_id == user.pk:
        raise RoomError(_("You cannot vote for your own question."))
    try:
        with transaction.atomic():
            Vote.objects.create(question=question, user=user)
            Question.objects.filter(pk=question.pk).update(votes=F("votes") + 1)
    except IntegrityError:
        raise RoomError(_("You have already voted for this question.")) from None
    question.refresh_from_db()
    _push(room_group(session.pk), question_payload(question))
    return question


def mark_answered(session: ClassSession, user: User, question_id: int | str, now: dt.datetime) -> Question:
    _require_trainer(user, session)
    question = _question(session, question_id)
    if question.answered_at is None:
        question.answered_at = now
        question.save(update_fields=["answered_at"])
    _push(room_group(session.pk), question_payload(question))
    return question


def hide(session: ClassSession, user: User, question_id: int | str, now: dt.datetime) -> Question:
    """Off everyone's page, but kept: the trainer still reads it after class."""
    _require_trainer(user, session)
    question = _question(session, question_id)
    question.hidden_at = now
    question.save(update_fields=["hidden_at"])
    _push(room_group(session.pk), question_payload(question))
    return question


# --- the trainer's controls ---------------------------------------------------------------------


def announce(session: ClassSession, user: User, text: str, now: dt.datetime) -> Announcement:
    _require_trainer(user, session)
    text = (text or "").strip()
    if not text:
        raise RoomError(_("Write the announcement first."))
    if len(text) > ANNOUNCEMENT_MAX:
        raise RoomError(_("Please keep the announcement under %(n)s letters.") % {"n": ANNOUNCEMENT_MAX})
    announcement = Announcement.objects.create(session=session, author=user, text=text, created_at=now)
    _push(room_group(session.pk), announcement_payload(announcement))
    return announcement


def broadcast_state(session: ClassSession, now: dt.datetime | None = None) -> None:
    """Tell the room its class changed (started, ended, check-in opened or closed).

    Zoom's meeting.started and meeting.ended reach it through events.signals.class_live_status."""
    _push(room_group(session.pk), state(session, now or timezone.now()))


def mark_started(session: ClassSession, user: User, now: dt.datetime) -> ClassSession:
    """The trainer says the class has begun (Facebook live, in person: no webhook tells us)."""
    _require_trainer(user, session)
    if session.status == ClassSession.Status.CANCELLED:
        raise RoomError(_("This class has been cancelled."))
    if session.has_ended(now):
        raise RoomError(_("This class has ended."))
    if now < session.starts_at - JOIN_OPENS_BEFORE:
        raise RoomError(_("You can start the class from 15 minutes before its time."))
    if session.live_started_at is None:
        session.live_started_at = now
        session.save(update_fields=["live_started_at", "updated_at"])
    broadcast_state(session, now)
    return session


def set_checkin(session: ClassSession, user: User, *, open_: bool, now: dt.datetime) -> dict:
    _require_trainer(user, session)
    try:
        if open_:
            events.open_checkin(session, now=now)
        else:
            events.close_checkin(session)
    except events.ClassError as error:
        raise RoomError(str(error)) from error
    _push(trainers_group(session.pk), checkin_payload(session, now))
    broadcast_state(session, now)
    return checkin_payload(session, now)


def check_in(session: ClassSession, user: User, code: str, now: dt.datetime) -> Attendance:
    try:
        row = events.check_in(user, session, code, now=now)
    except events.ClassError as error:
        raise RoomError(str(error)) from error
    _push(
        trainers_group(session.pk),
        {"type": "attendance", "user_id": user.pk, "present": row.present, "sources": row.source_list},
    )
    _push(person_group(session.pk, user.pk), {"type": "checked_in", "session": session.pk})
    return row
