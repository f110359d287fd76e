"""Live classes: sessions from the weekly schedule, changes, joining, attendance, reminders.

Business rules only; Zoom calls go through events.zoom (the adapter) from events.tasks.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.cache import cache
from django.core.files import File
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import Batch, Enrolment
from courses.services import evaluate_completion
from events import signals
from events.forms import REGISTER_COLUMNS, RegisterRowForm
from events.models import Attendance, ClassSession, JoinClick, Provider, Reminder
from lms.audit import services as audit
from lms.audit.models import Action
from lms.lib.bangla import to_ascii_digits
from lms.lib.tabular import TableError, read_table
from lms.notifications.services import notify
from lms.people.models import User
from lms.permissions import teachers_by_session

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from events.zoom import Participant

ACTIVE = (Enrolment.Status.ENROLLED, Enrolment.Status.COMPLETED)
CHECKIN_MINUTES = 15
# Wrong check-in codes a learner may type per class (1 in 2,000 to guess a 4-digit code).
CHECKIN_WRONG_TRIES = 5
# The trainer still sees the wrong tries on the class page for a day after the class.
TRIES_KEPT_AFTER_CLASS = 24 * 3600
# A learner counts as present from Zoom when they stayed at least this share of the class.
ZOOM_PRESENT_SHARE = 0.5


class ClassError(Exception):
    """A rule refused the request; the message says why, for the person who asked."""


def teachers_of(session: ClassSession) -> list[User]:
    """Who teaches this class, by the one rule of lms.permissions (a substitute who took it over,
    not the trainer who handed it on)."""
    return list(User.objects.filter(pk__in=teachers_by_session([session])[session.pk]).order_by("pk"))


def _check_time(batch: Batch, start: dt.datetime, minutes: int, session: ClassSession | None) -> None:
    """Refuse a class time that an app above objects to (its trainers are booked then)."""
    answers = signals.class_time_check.send(
        sender=Batch, batch=batch, starts_at=start, minutes=minutes, session=session
    )
    problems = [message for _receiver, message in answers if message]
    if problems:
        raise ClassError(" ".join(problems))


def resync_zoom(session: ClassSession) -> None:
    """Zoom's copy of the meeting is out of date (its trainers changed): update it."""
    ClassSession.objects.filter(pk=session.pk).update(zoom_synced_start=None)
    _changed(session)


def default_provider(batch: Batch) -> str:
    if batch.delivery == Batch.Delivery.IN_PERSON:
        return Provider.IN_PERSON
    if batch.delivery == Batch.Delivery.FACEBOOK:
        return Provider.FACEBOOK
    return Provider.ZOOM if settings.ZOOM_ACCOUNT_ID else Provider.LINK


def _changed(session: ClassSession) -> None:
    """Tell whoever follows classes (events.tasks: the Zoom meeting) that this one changed."""
    signals.class_changed.send(sender=ClassSession, session=session)


def generate_sessions(batch: Batch) -> list[ClassSession]:
    """Make the batch's sessions follow its weekly schedule.

    The one way in after a batch is created or its schedule, length or status changes: the
    Wagtail admin's batch views and the demo call it. Saving a batch (``batch.save()``) changes
    no classes by itself — no hook moves rows behind the caller's back.

    Idempotent: numbered sessions are created once; ones not moved by hand follow a changed
    schedule; numbers past the end of a shortened schedule are cancelled.
    """
    if batch.status in (Batch.Status.DRAFT, Batch.Status.CANCELLED):
        return []
    starts = batch.meeting_starts()
    changed: list[ClassSession] = []
    with transaction.atomic():
        existing = {s.sequence: s for s in ClassSession.objects.select_for_update().filter(batch=batch, is_extra=False)}
        for number, start in enumerate(starts, start=1):
            session = existing.get(number)
            if session is None:
                session = ClassSession.objects.create(
                    batch=batch,
                    sequence=number,
                    starts_at=start,
                    duration_minutes=batch.duration_minutes,
                    provider=default_provider(batch),
                )
                changed.append(session)
            elif (
                not session.moved
                and session.status == ClassSession.Status.SCHEDULED
                and (session.starts_at != start or session.duration_minutes != batch.duration_minutes)
            ):
                session.starts_at, session.duration_minutes = start, batch.duration_minutes
                session.save(update_fields=["starts_at", "duration_minutes", "updated_at"])
                changed.append(session)
        for number, session in existing.items():
            if number > len(starts) and session.status == ClassSession.Status.SCHEDULED:
                session.status = ClassSession.Status.CANCELLED
                session.save(update_fields=["status", "updated_at"])
                changed.append(session)
        for session in changed:
            _changed(session)
    return changed


def _tell_learners(session: ClassSession, kind: str, now: dt.datetime) -> None:
    learners = [e.user for e in session.batch.enrolments.filter(status__in=ACTIVE).select_related("user")]
    url = reverse("events:class", kwargs={"session_id": session.pk})
    for learner in learners:
        notify(
            learner,
            kind,
            context={"session": session, "batch": session.batch},
            url=url,
            dedupe_key=f"{kind}:{session.pk}:{int(now.timestamp())}",
            sms=True,
        )


def cancel_session(session: ClassSession, *, now: dt.datetime | None = None) -> ClassSession:
    now = now or timezone.now()
    if session.status == ClassSession.Status.CANCELLED:
        return session
    if session.has_ended(now):
        raise ClassError(_("A class that has already taken place cannot be cancelled."))
    with transaction.atomic():
        session.status = ClassSession.Status.CANCELLED
        session.save(update_fields=["status", "updated_at"])
        _changed(session)
        _tell_learners(session, "class_cancelled", now)
    return session


def move_session(
    session: ClassSession,
    new_start: dt.datetime,
    *,
    now: dt.datetime | None = None,
    duration_minutes: int | None = None,
) -> ClassSession:
    now = now or timezone.now()
    if session.status == ClassSession.Status.CANCELLED:
        raise ClassError(_("This class was cancelled; add an extra class instead."))
    if new_start <= now:
        raise ClassError(_("The new time must be in the future."))
    with transaction.atomic():
        _check_time(session.batch, new_start, duration_minutes or session.duration_minutes, session)
        session.starts_at = new_start
        session.duration_minutes = duration_minutes or session.duration_minutes
        session.moved = True
        session.save(update_fields=["starts_at", "duration_minutes", "moved", "updated_at"])
        _changed(session)
        _tell_learners(session, "class_moved", now)
    return session


def add_extra_session(
    batch: Batch, start: dt.datetime, *, duration_minutes: int | None = None, now: dt.datetime | None = None
) -> ClassSession:
    now = now or timezone.now()
    if start <= now:
        raise ClassError(_("The new time must be in the future."))
    with transaction.atomic():
        locked = Batch.objects.select_for_update().get(pk=batch.pk)
        _check_time(locked, start, duration_minutes or locked.duration_minutes, None)
        last = (
            ClassSession.objects.filter(batch=locked).order_by("-sequence").values_list("sequence", flat=True).first()
        )
        session = ClassSession.objects.create(
            batch=locked,
            sequence=max(last or 0, 1000) + 1,  # after any weekly number the schedule may grow into
            is_extra=True,
            moved=True,
            starts_at=start,
            duration_minutes=duration_minutes or locked.duration_minutes,
            provider=default_provider(locked),
        )
        _changed(session)
        _tell_learners(session, "class_added", now)
    return session


def set_link(session: ClassSession, url: str) -> ClassSession:
    """The trainer pastes a Zoom, Facebook live or other link: the class is held there."""
    URLValidator(schemes=["https", "http"])(url)
    session.link = url
    if session.provider == Provider.ZOOM:
        session.provider = Provider.LINK  # the pasted link wins over a failed automatic meeting
    session.save(update_fields=["link", "provider", "updated_at"])
    return session


# --- who may see what ----------------------------------------------------------------------------


def is_enrolled(user: User | AnonymousUser, session: ClassSession) -> bool:
    if not user.is_authenticated:
        return False
    return Enrolment.objects.filter(user=user, batch_id=session.batch_id, status__in=ACTIVE).exists()


# What joining reads of a class: the Join button is the busiest URL at the start of a class.
JOIN_FIELDS = ("batch_id", "status", "provider", "link", "zoom_join_url", "starts_at", "duration_minutes")


def session_for_join(user: User, session_id: int) -> ClassSession | None:
    """The class with only what joining needs, and whether `user` is enrolled in its batch,
    in one query (None if there is no such class)."""
    enrolled = Enrolment.objects.filter(batch_id=OuterRef("batch_id"), user_id=user.pk, status__in=ACTIVE)
    sessions = ClassSession.objects.only(*JOIN_FIELDS).annotate(viewer_enrolled=Exists(enrolled))
    return sessions.filter(pk=session_id).first()


def join(user: User, session: ClassSession, *, now: dt.datetime | None = None) -> str:
    """Record the click and return where to send the person. Never calls Zoom."""
    now = now or timezone.now()
    enrolled = getattr(session, "viewer_enrolled", None)
    if enrolled is None:
        enrolled = is_enrolled(user, session)
    if not (enrolled or user.has_perm("events.teach_session", session)):
        raise ClassError(_("Only learners enrolled in this batch can join its classes."))
    if session.status == ClassSession.Status.CANCELLED:
        raise ClassError(_("This class has been cancelled."))
    if not session.is_joinable(now):
        if now < session.starts_at - dt.timedelta(minutes=15):
            raise ClassError(_("The class has not opened yet: you can join from 15 minutes before it starts."))
        if now >= session.ends_at:
            raise ClassError(_("This class has ended."))
        raise ClassError(_("The class link is not ready yet. Please try again in a minute."))
    JoinClick.objects.create(session=session, user=user, clicked_at=now)
    return session.join_target


# --- attendance ----------------------------------------------------------------------------------


def record_attendance(
    session: ClassSession, user: User, source: str, *, present: bool = True, minutes: int = 0, by: User | None = None
) -> Attendance:
    """Merge one report of attendance into the learner's single row for this session.

    Automatic sources (Zoom, check-in) only add: present stays present, minutes take the
    largest report. A trainer's mark (by=trainer) sets the value and is not overridden later.
    """
    with transaction.atomic():
        try:
            with transaction.atomic():
                row, created = Attendance.objects.select_for_update().get_or_create(
                    session=session, user=user, defaults={"present": present, "minutes": minutes, "sources": source}
                )
        except IntegrityError:
            row = Attendance.objects.select_for_update().get(session=session, user=user)
            created = False
        before = None if created else {"present": row.present, "minutes": row.minutes}
        if not created:
            sources = set(row.source_list) | {source}
            row.sources = ",".join(sorted(sources))
            row.minutes = max(row.minutes, minutes)
            if by is not None:
                row.present = present
            elif row.confirmed_by_id is None:
                row.present = row.present or present
        if by is not None:
            row.confirmed_by = by
            row.present = present
        row.save()
        if by is not None:
            audit.record(
                Action.ATTENDANCE_CORRECTED,
                row,
                actor=by,
                before=before,
                after={"present": row.present, "minutes": row.minutes},
                target_label=f"{user} · {session}",
            )
    _evaluate_completion(session, user)
    return row


def _evaluate_completion(session: ClassSession, user: User) -> None:
    for enrolment in Enrolment.objects.filter(user=user, batch_id=session.batch_id, status=Enrolment.Status.ENROLLED):
        evaluate_completion(enrolment)


def attendance_share(enrolment: Enrolment) -> float:
    """Classes attended / classes of the batch that are not cancelled."""
    sessions = ClassSession.objects.filter(batch_id=enrolment.batch_id, status=ClassSession.Status.SCHEDULED)
    total = sessions.count()
    if not total:
        return 0.0
    attended = Attendance.objects.filter(session__in=sessions, user_id=enrolment.user_id, present=True).count()
    return attended / total


def open_checkin(session: ClassSession, *, now: dt.datetime | None = None, minutes: int = CHECKIN_MINUTES) -> str:
    now = now or timezone.now()
    if not session.is_running(now):
        raise ClassError(_("Check-in can be opened only while the class is on."))
    session.checkin_code = f"{secrets.randbelow(10000):04d}"
    session.checkin_open_until = min(now + dt.timedelta(minutes=minutes), session.ends_at)
    session.save(update_fields=["checkin_code", "checkin_open_until", "updated_at"])
    return session.checkin_code


def close_checkin(session: ClassSession) -> None:
    session.checkin_open_until = None
    session.save(update_fields=["checkin_open_until", "updated_at"])


def _tries_key(session_id: int, user_id: int) -> str:
    return f"checkin-wrong:{session_id}:{user_id}"


def wrong_checkins(session: ClassSession) -> dict[int, int]:
    """Wrong check-in codes per learner of this class (user id → count), for its trainer."""
    ids = session.batch.enrolments.values_list("user_id", flat=True)
    found = cache.get_many([_tries_key(session.pk, user_id) for user_id in ids])
    return {int(key.rsplit(":", 1)[1]): count for key, count in found.items() if count}


def check_in(user: User, session: ClassSession, code: str, *, now: dt.datetime | None = None) -> Attendance:
    """A learner types the trainer's code. A 4-digit code is guessed in minutes without a limit,
    so each learner has CHECKIN_WRONG_TRIES per class; then only the trainer marks her present."""
    now = now or timezone.now()
    if not is_enrolled(user, session):
        raise ClassError(_("Only learners enrolled in this batch can check in."))
    if now < session.starts_at:
        raise ClassError(_("The class has not started yet."))
    if session.has_ended(now):
        raise ClassError(_("This class has ended."))
    if not session.checkin_is_open(now):
        raise ClassError(_("Check-in is not open. Wait for the trainer to give the code."))
    # The count is in the cache (Redis in production: shared by every web and websocket
    # process). A try is counted before the code is compared, so parallel guesses cannot
    # slip past the limit between the check and the count; a right code takes it back.
    key = _tries_key(session.pk, user.pk)
    keep = int((session.ends_at - now).total_seconds()) + TRIES_KEPT_AFTER_CLASS
    cache.add(key, 0, timeout=keep)
    tries = cache.incr(key)
    if tries > CHECKIN_WRONG_TRIES:
        cache.decr(key)  # refused without comparing: not one more wrong code
        raise ClassError(_("Too many wrong codes. Ask your trainer to mark you present."))
    if not secrets.compare_digest(to_ascii_digits(code.strip()), session.checkin_code):
        if tries == CHECKIN_WRONG_TRIES:
            raise ClassError(_("That code is not right either. Ask your trainer to mark you present."))
        raise ClassError(_("That code is not right. Check it with the trainer."))
    cache.decr(key)
    return record_attendance(session, user, Attendance.Source.CHECKIN)


def mark_sheet(session: ClassSession, trainer: User, present_ids: set[int], *, now: dt.datetime | None = None) -> int:
    """The trainer's sheet: everyone enrolled is marked present or absent as ticked."""
    now = now or timezone.now()
    if now < session.starts_at:
        raise ClassError(_("Attendance can be marked once the class has started."))
    enrolled = list(session.batch.enrolments.filter(status__in=ACTIVE).select_related("user"))
    for enrolment in enrolled:
        record_attendance(
            session, enrolment.user, Attendance.Source.SHEET, present=enrolment.user_id in present_ids, by=trainer
        )
    return len(enrolled)


# The refusal of an import is the shared table error; the old name stays for the class page.
RegisterImportError = TableError


def import_register(
    session: ClassSession, trainer: User, data: str | bytes | File, *, now: dt.datetime | None = None
) -> int:
    """A paper register typed up as a table (mobile, present). All rows or none."""
    now = now or timezone.now()
    if now < session.starts_at:
        raise TableError([(1, _("Attendance can be marked once the class has started."))])
    learners = session.batch.enrolments.filter(status__in=ACTIVE).select_related("user")
    rows = read_table(
        data,
        RegisterRowForm,
        required=REGISTER_COLUMNS,
        form_kwargs={"enrolled": {e.user.phone: e.user for e in learners}},
    )
    with transaction.atomic():
        for row in rows:
            record_attendance(
                session, row.data["learner"], Attendance.Source.REGISTER, present=row.data["present"], by=trainer
            )
    return len(rows)


def match_participants(session: ClassSession, participants: Iterable[Participant]) -> dict[int, tuple[User, int]]:
    """Zoom participants → enrolled learners. The rule (documented in the README):
    1. the participant's e-mail is a learner's e-mail; otherwise
    2. the participant's name is a learner's name (Bangla or English, ignoring case and
       spacing) and that learner pressed Join for this session.
    Minutes are the sum of a person's stays. Anyone else (guests, trainers) is ignored."""
    enrolled = [e.user for e in session.batch.enrolments.filter(status__in=ACTIVE).select_related("user")]
    clicked = set(JoinClick.objects.filter(session=session).values_list("user_id", flat=True))
    by_email = {u.email.lower(): u for u in enrolled if u.email}
    by_name: dict[str, User] = {}
    for user in enrolled:
        if user.pk in clicked:
            for name in (user.full_name, user.name_en):
                if name:
                    by_name[_fold(name)] = user
    seconds: dict[int, int] = {}
    users: dict[int, User] = {}
    for participant in participants:
        learner = by_email.get((participant.email or "").lower()) or by_name.get(_fold(participant.name))
        if learner is None:
            continue
        users[learner.pk] = learner
        seconds[learner.pk] = seconds.get(learner.pk, 0) + (participant.duration_seconds or 0)
    return {pk: (users[pk], seconds[pk] // 60) for pk in users}


def _fold(name: str) -> str:
    return " ".join(name.casefold().split())


def record_zoom_report(
    session: ClassSession, participants: Iterable[Participant], *, now: dt.datetime | None = None
) -> int:
    matched = match_participants(session, participants)
    threshold = session.duration_minutes * ZOOM_PRESENT_SHARE
    for user, minutes in matched.values():
        record_attendance(session, user, Attendance.Source.ZOOM, present=minutes >= threshold, minutes=minutes)
    session.report_fetched_at = now or timezone.now()
    session.save(update_fields=["report_fetched_at", "updated_at"])
    return len(matched)


# --- reminders -----------------------------------------------------------------------------------

REMINDERS = {"24h": dt.timedelta(hours=24), "1h": dt.timedelta(hours=1)}
# Beat runs every few minutes; a reminder is still sent if beat was down for a while.
REMINDER_WINDOW = dt.timedelta(minutes=30)


def send_due_reminders(now: dt.datetime | None = None) -> int:
    """Send each enrolled learner the 24-hour and 1-hour reminders of their classes, once."""
    now = now or timezone.now()
    sent = 0
    for kind, ahead in REMINDERS.items():
        due = ClassSession.objects.filter(
            status=ClassSession.Status.SCHEDULED,
            starts_at__gt=now + ahead - REMINDER_WINDOW,
            starts_at__lte=now + ahead,
        ).select_related("batch__course")
        for session in due:
            enrolments = session.batch.enrolments.filter(status=Enrolment.Status.ENROLLED).select_related("user")
            already = set(Reminder.objects.filter(session=session, kind=kind).values_list("user_id", flat=True))
            for enrolment in enrolments:
                if enrolment.user_id in already:
                    continue
                try:
                    with transaction.atomic():
                        Reminder.objects.create(session=session, user=enrolment.user, kind=kind, sent_at=now)
                except IntegrityError:
                    continue  # another beat run got there first
                notify(
                    enrolment.user,
                    f"reminder_{kind}",
                    context={"session": session, "batch": session.batch},
                    url=reverse("events:class", kwargs={"session_id": session.pk}),
                    dedupe_key=f"reminder:{kind}:{session.pk}",
                    sms=True,
                )
                sent += 1
    return sent


def upcoming_for(user: User, *, now: dt.datetime, days: int = 60) -> QuerySet[ClassSession]:
    """Sessions of the batches a person learns in or teaches, from now on."""
    return (
        ClassSession.objects.filter(
            Q(batch__enrolments__user=user, batch__enrolments__status__in=ACTIVE) | Q(batch__trainers=user),
            status=ClassSession.Status.SCHEDULED,
            starts_at__gte=now - dt.timedelta(hours=3),
            starts_at__lte=now + dt.timedelta(days=days),
        )
        .select_related("batch__course")
        .distinct()
        .order_by("starts_at")
    )


def next_class_by_batch(batch_ids: list[int], now: dt.datetime) -> dict[int, ClassSession]:
    """For the learner dashboard: each batch's next (or current) class, in one query."""
    found: dict[int, ClassSession] = {}
    if not batch_ids:
        return found
    upcoming = ClassSession.objects.filter(
        batch_id__in=batch_ids, status=ClassSession.Status.SCHEDULED, starts_at__gt=now - dt.timedelta(hours=6)
    ).order_by("starts_at")
    for session in upcoming:
        if session.batch_id in found or session.has_ended(now):
            continue
        # What the dashboard shows of the class, set on the instance (not fields of the model).
        session.url = reverse("events:class", kwargs={"session_id": session.pk})  # type: ignore[attr-defined]
        session.join_url = reverse("events:join", kwargs={"session_id": session.pk})  # type: ignore[attr-defined]
        session.joinable = session.is_joinable(now)  # type: ignore[attr-defined]
        session.running = session.is_running(now)  # type: ignore[attr-defined]
        found[session.batch_id] = session
    return found


def classes_of_batch(batch: Batch) -> list[ClassSession]:
    """For the trainer's roster page: every class of the batch with a link to its page."""
    sessions = list(ClassSession.objects.filter(batch=batch).order_by("starts_at"))
    for session in sessions:
        # For the page only, not a field of the model.
        session.trainer_url = reverse("events:trainer_class", kwargs={"session_id": session.pk})  # type: ignore[attr-defined]
    return sessions
