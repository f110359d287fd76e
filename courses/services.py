"""Enrolment, waitlist, progress and completion: the rules, in one place.

Views, admin actions, CSV imports, tasks and commands all call these functions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.dispatch import Signal
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from wagtail.models import Page

from courses import signals
from courses.forms import ENROLMENT_COLUMNS, EnrolmentRowForm, district_names
from courses.models import Batch, CoursePage, Enrolment, LessonPage, LessonProgress
from courses.signals import enrolment_completed
from lms.forums import services as forums
from lms.forums.models import Forum
from lms.lib.bangla import localise_digits
from lms.lib.pages import source_page
from lms.lib.tabular import TableError, read_table
from lms.notifications.services import notify
from lms.people.models import User

if TYPE_CHECKING:
    from lms.forums.models import Forum


def _digits(number: int | None) -> str:
    return localise_digits(number, get_language())


class EnrolmentError(Exception):
    """A rule refused the request; the message says why, for the person who asked."""


@dataclass
class EnrolResult:
    enrolment: Enrolment
    created: bool
    message: str


# Members-only batches. forums sits below courses, so courses asks it directly.
FORUM_AUDIENCES = (Batch.Audience.FORUM, Batch.Audience.WOMENS_FORUM, Batch.Audience.YOUTH_FORUM)


def members_only_forum(batch: Batch) -> Forum | None:
    """The forum whose members alone may join this batch; None for other batches (and for a
    members-only batch whose forum does not exist: then it takes no one)."""
    if batch.audience not in FORUM_AUDIENCES:
        return None
    return forums.forum_of_batch(batch)


def is_forum_member(user: User, batch: Batch) -> bool:
    forum = members_only_forum(batch)
    return forum is not None and bool(user.is_authenticated) and forums.is_member(user, forum)


def check_eligibility(user: User, batch: Batch, now: dt.datetime, *, window: bool = True) -> None:
    """Raise EnrolmentError with the reason when this person cannot join this batch now."""
    if batch.status == Batch.Status.CANCELLED:
        raise EnrolmentError(_("This batch has been cancelled."))
    if batch.status in (Batch.Status.DRAFT, Batch.Status.FINISHED):
        raise EnrolmentError(_("This batch is not taking enrolments."))
    if window and batch.enrol_opens and now < batch.enrol_opens:
        raise EnrolmentError(
            _("Enrolment opens on %(date)s.") % {"date": timezone.localtime(batch.enrol_opens).strftime("%d/%m/%Y")}
        )
    if window and batch.enrol_closes and now > batch.enrol_closes:
        raise EnrolmentError(_("Enrolment for this batch has closed."))
    if batch.audience == Batch.Audience.WOMEN and user.gender != User.Gender.FEMALE:
        raise EnrolmentError(_("This batch is for women only."))
    if batch.audience in FORUM_AUDIENCES and not is_forum_member(user, batch):
        if batch.audience == Batch.Audience.WOMENS_FORUM:
            raise EnrolmentError(_("This batch is for members of the women's forum. Join the forum first."))
        if batch.audience == Batch.Audience.YOUTH_FORUM:
            raise EnrolmentError(_("This batch is for members of the youth forum. Join the forum first."))
        raise EnrolmentError(
            _("This batch is for members of “%(forum)s”. Join the forum first.") % {"forum": batch.forum}
        )


def waitlist_position(enrolment: Enrolment) -> int | None:
    """1 for the first person waiting. Order: time joined the queue, then id."""
    if enrolment.status != Enrolment.Status.WAITLISTED:
        return None
    ahead = Enrolment.objects.filter(batch_id=enrolment.batch_id, status=Enrolment.Status.WAITLISTED).filter(
        Q(queued_at__lt=enrolment.queued_at) | Q(queued_at=enrolment.queued_at, pk__lt=enrolment.pk)
    )
    return ahead.count() + 1


def enrol(user: User, batch: Batch | int, *, now: dt.datetime | None = None, source: str = "self") -> EnrolResult:
    """Enrol a person, or put them on the waitlist when the batch is full.

    The batch row is locked for the count, so concurrent requests never overbook it.
    Enrolling twice is harmless: the existing enrolment is returned. An organiser's
    import (source="import") may enrol outside the enrolment window.
    """
    now = now or timezone.now()
    batch_id = batch.pk if isinstance(batch, Batch) else batch
    with transaction.atomic():
        locked = Batch.objects.select_for_update().get(pk=batch_id)
        existing = Enrolment.objects.filter(user=user, batch=locked).first()
        if existing and existing.status != Enrolment.Status.WITHDRAWN:
            if existing.status == Enrolment.Status.WAITLISTED:
                position = _digits(waitlist_position(existing))
                message = _("You are already on the waitlist, number %(n)s.") % {"n": position}
            else:
                message = _("You are already enrolled.")
            return EnrolResult(existing, False, message)
        check_eligibility(user, locked, now, window=source != "import")
        taken = locked.enrolments.filter(status__in=[Enrolment.Status.ENROLLED, Enrolment.Status.COMPLETED]).count()
        status = Enrolment.Status.ENROLLED if taken < locked.capacity else Enrolment.Status.WAITLISTED
        enrolment = existing or Enrolment(user=user, batch=locked)
        enrolment.status = status
        enrolment.queued_at = now
        enrolment.enrolled_at = now if status == Enrolment.Status.ENROLLED else None
        enrolment.withdrawn_at = None
        enrolment.source = source
        enrolment.save()
    if status == Enrolment.Status.ENROLLED:
        return EnrolResult(enrolment, True, _("You are enrolled."))
    return EnrolResult(
        enrolment,
        True,
        _("The batch is full. You are on the waitlist, number %(n)s; we will tell you when a place opens.")
        % {"n": _digits(waitlist_position(enrolment))},
    )


def withdraw(user: User, batch: Batch | int, *, now: dt.datetime | None = None) -> Enrolment | None:
    """Leave a batch (or its waitlist). A freed place goes to the first person waiting."""
    now = now or timezone.now()
    batch_id = batch.pk if isinstance(batch, Batch) else batch
    with transaction.atomic():
        locked = Batch.objects.select_for_update().get(pk=batch_id)
        enrolment = Enrolment.objects.filter(user=user, batch=locked).first()
        if enrolment is None or enrolment.status == Enrolment.Status.WITHDRAWN:
            raise EnrolmentError(_("You are not enrolled in this batch."))
        if enrolment.status == Enrolment.Status.COMPLETED:
            raise EnrolmentError(_("You have already completed this batch."))
        freed = enrolment.status == Enrolment.Status.ENROLLED
        enrolment.status = Enrolment.Status.WITHDRAWN
        enrolment.withdrawn_at = now
        enrolment.save(update_fields=["status", "withdrawn_at"])
        promoted = _promote_waitlisted(locked, now) if freed else None
    return promoted


def _promote_waitlisted(batch: Batch, now: dt.datetime) -> Enrolment | None:
    taken = batch.enrolments.filter(status__in=[Enrolment.Status.ENROLLED, Enrolment.Status.COMPLETED]).count()
    if taken >= batch.capacity:
        return None
    first = (
        batch.enrolments.filter(status=Enrolment.Status.WAITLISTED)
        .select_related("user")
        .order_by("queued_at", "pk")
        .first()
    )
    if first is None:
        return None
    first.status = Enrolment.Status.ENROLLED
    first.enrolled_at = now
    first.source = "promoted"
    first.save(update_fields=["status", "enrolled_at", "source"])
    course = batch.course
    notify(
        first.user,
        "waitlist_promoted",
        context={"batch": batch, "course": course},
        url=reverse("courses:dashboard"),
        dedupe_key=f"promoted:{first.pk}:{now.isoformat()}",
    )
    return first


# --- progress and completion --------------------------------------------------------------


def mark_lesson_done(user: User, lesson: LessonPage, *, now: dt.datetime | None = None) -> LessonProgress:
    lesson = source_page(lesson)
    course = source_page(lesson.get_parent().specific)
    try:
        with transaction.atomic():
            progress, _created = LessonProgress.objects.get_or_create(
                user=user, lesson=lesson, defaults={"course": course, "done_at": now or timezone.now()}
            )
    except IntegrityError:
        progress = LessonProgress.objects.get(user=user, lesson=lesson)
    for enrolment in Enrolment.objects.filter(user=user, batch__course=course, status=Enrolment.Status.ENROLLED):
        evaluate_completion(enrolment, now=now)
    return progress


def lesson_counts(user: User, courses: list[CoursePage]) -> dict[int, tuple[int, int]]:
    """{course id: (lessons done, lessons in course)} for default-language courses, in two
    queries whatever the number of courses."""
    ids = [c.pk for c in courses]
    totals = dict.fromkeys(ids, 0)
    if ids:
        by_path = {c.path: c.pk for c in courses}
        under_any = Q()
        for course in courses:
            under_any |= Q(path__startswith=course.path, depth=course.depth + 1)
        for path in LessonPage.objects.live().filter(under_any).values_list("path", flat=True):
            totals[by_path[path[: -Page.steplen]]] += 1
    done = dict(
        LessonProgress.objects.filter(user=user, course_id__in=ids)
        .values("course_id")
        .annotate(n=Count("id"))
        .values_list("course_id", "n")
    )
    return {cid: (done.get(cid, 0), totals[cid]) for cid in ids}


# --- what the apps above answer (courses.signals says how answers combine) -------------------


def _answers(signal: Signal, **question: Any) -> list[Any]:
    """Every receiver's answer that is not None (None: "not about anything of mine")."""
    return [answer for _receiver, answer in signal.send(**question) if answer is not None]


def attended_share(enrolment: Enrolment) -> float:
    """The share (0..1) of the batch's classes she attended: the largest any app reports."""
    answers = _answers(signals.attendance_share, sender=Enrolment, enrolment=enrolment)
    return max((float(a) for a in answers), default=0.0)


def practical_passed(enrolment: Enrolment) -> bool:
    """Whether she passed the batch's practical assessment: yes when any app says so."""
    return any(bool(a) for a in _answers(signals.practical_passed, sender=Enrolment, enrolment=enrolment))


def next_classes(batch_ids: list[int], now: dt.datetime) -> dict[int, Any]:
    """{batch id: its next (or current) class}, the earliest when several apps have one."""
    found: dict[int, Any] = {}
    for answer in _answers(signals.next_classes, sender=Batch, batch_ids=batch_ids, now=now):
        for batch_id, session in answer.items():
            if batch_id not in found or session.starts_at < found[batch_id].starts_at:
                found[batch_id] = session
    return found


def batch_classes(batch: Batch) -> list:
    """Every class of the batch, from every app that holds classes, in order of start."""
    classes = [c for answer in _answers(signals.batch_classes, sender=Batch, batch=batch) for c in answer]
    return sorted(classes, key=lambda c: c.starts_at)


@dataclass
class CompletionStatus:
    met: bool
    parts: list[tuple[str, bool]] = field(default_factory=list)


def completion_status(enrolment: Enrolment) -> CompletionStatus:
    course = enrolment.batch.course
    rule = course.facts  # the same for every language copy of the course
    parts: list[tuple[str, bool]] = []
    if rule.min_attendance_percent:
        share = attended_share(enrolment)
        parts.append((str(gettext_lazy("classes attended")), share * 100 >= rule.min_attendance_percent))
    if rule.require_all_lessons:
        done, total = lesson_counts(enrolment.user, [course])[course.pk]
        parts.append((str(gettext_lazy("all lessons done")), done >= total))
    if rule.require_practical:
        passed = practical_passed(enrolment)
        parts.append((str(gettext_lazy("practical passed")), passed))
    return CompletionStatus(met=all(ok for _, ok in parts), parts=parts)


def evaluate_completion(enrolment: Enrolment, *, now: dt.datetime | None = None) -> bool:
    """Mark the enrolment completed once its course's rule is met; send the signal once."""
    if enrolment.status != Enrolment.Status.ENROLLED:
        return enrolment.status == Enrolment.Status.COMPLETED
    if not completion_status(enrolment).met:
        return False
    now = now or timezone.now()
    with transaction.atomic():
        updated = Enrolment.objects.filter(pk=enrolment.pk, status=Enrolment.Status.ENROLLED).update(
            status=Enrolment.Status.COMPLETED, completed_at=now
        )
        if updated:
            enrolment.status = Enrolment.Status.COMPLETED
            enrolment.completed_at = now
            transaction.on_commit(lambda: enrolment_completed.send(sender=Enrolment, enrolment=enrolment))
    return True


# --- organisers: enrol people from a CSV or XLSX -----------------------------------------------


@dataclass
class ImportReport:
    created_users: int = 0
    enrolled: int = 0
    waitlisted: int = 0
    already: int = 0


# The refusal of an import is the shared table error; the old name stays for the import page.
ImportError_ = TableError


def _account_for(row: dict, existing: dict[str, User], taken_emails: set[tuple[str, str | None]]) -> tuple[User, bool]:
    """The person with this mobile number, or a new account (password unusable: they sign in by SMS code)."""
    user = existing.get(row["mobile"])
    if user is not None:
        return user, False  # an import never renames someone
    email = row["email"] or None
    if email and any((e or "").lower() == email.lower() and p != row["mobile"] for p, e in taken_emails):
        email = None  # someone else has it; the account is still made, by mobile number
    user = User.objects.create_user(
        phone=row["mobile"],
        full_name=row["name"],
        name_en=row["name_en"],
        district=row["district"],
        gender=row["gender"],
        email=email,
    )
    user.set_unusable_password()
    user.save(update_fields=["password"])
    return user, True


def import_enrolments(batch: Batch, data: str | bytes | File, *, now: dt.datetime | None = None) -> ImportReport:
    """Enrol everyone in a table (name, mobile, district[, gender, email, name_en]).

    All or nothing: every row is checked first and every bad row reported with its line
    number; nothing is written unless all rows are good. People are matched by mobile number.
    """
    rows = read_table(
        data,
        EnrolmentRowForm,
        required=ENROLMENT_COLUMNS,
        form_kwargs={"districts": district_names()},
        unique={"mobile": gettext_lazy("The same mobile number is on line %(line)d.")},
    )
    report = ImportReport()
    errors: list[tuple[int, str]] = []
    with transaction.atomic():
        phones = [row.data["mobile"] for row in rows]
        existing = {u.phone: u for u in User.objects.filter(phone__in=phones)}
        emails = [row.data["email"] for row in rows if row.data["email"]]
        taken_emails = set(User.objects.filter(email__in=emails).values_list("phone", "email"))
        for row in rows:
            user, created = _account_for(row.data, existing, taken_emails)
            report.created_users += created
            try:
                result = enrol(user, batch, now=now, source="import")
            except EnrolmentError as error:
                errors.append((row.line, str(error)))
                continue
            if not result.created:
                report.already += 1
            elif result.enrolment.status == Enrolment.Status.ENROLLED:
                report.enrolled += 1
            else:
                report.waitlisted += 1
        if errors:
            raise TableError(errors)  # leaving the atomic block by an exception undoes every row
    return report


def waitlist_positions(enrolments: list[Enrolment]) -> dict[int, int | None]:
    """{enrolment id: position} for many waitlisted enrolments in one query."""
    batch_ids = {e.batch_id for e in enrolments}
    if not batch_ids:
        return {}
    positions: dict[int, int] = {}
    counters: dict[int, int] = {}
    queue = (
        Enrolment.objects.filter(batch_id__in=batch_ids, status=Enrolment.Status.WAITLISTED)
        .order_by("batch_id", "queued_at", "pk")
        .values_list("pk", "batch_id")
    )
    for pk, batch_id in queue:
        counters[batch_id] = counters.get(batch_id, 0) + 1
        positions[pk] = counters[batch_id]
    return {e.pk: positions.get(e.pk) for e in enrolments}
