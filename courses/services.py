"""Enrolment, waitlist, progress and completion: the rules, in one place.

Views, admin actions, CSV imports, tasks and commands all call these functions.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.dispatch import Signal
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from wagtail.models import Page

from courses.models import Batch, CoursePage, Enrolment, LessonPage, LessonProgress
from lms.lib.bangla import localise_digits
from lms.lib.names import clean_person_name
from lms.lib.phone import normalise_mobile
from lms.notifications.services import notify
from lms.people.models import District, User

# Sent once when an enrolment meets its course's completion rule (certificates listen).
enrolment_completed = Signal()

# Other apps register how much of a completion rule a learner has met:
# name -> callable(enrolment) -> value. "attendance" returns a share 0..1 of classes
# attended; "practical" returns True when the practical assessment is passed.
completion_inputs: dict[str, Callable[[Enrolment], object]] = {}

# The live-classes app tells the dashboard each batch's next class:
# callable(batch_ids, now) -> {batch id: session with .url, .starts_at and .joinable}.
next_classes: list[Callable] = []
# ... and lists a batch's classes for its trainers: callable(batch) -> sessions with .trainer_url.
batch_classes: list[Callable] = []


def _digits(number: int | None) -> str:
    return localise_digits(number, get_language())


class EnrolmentError(Exception):
    """A rule refused the request; the message says why, for the person who asked."""


@dataclass
class EnrolResult:
    enrolment: Enrolment
    created: bool
    message: str


# Members-only batches: the forums app registers "forum_of": callable(batch) -> the forum whose
# members alone may join (None when it does not exist), and "is_member": callable(user, forum).
# Without them a members-only batch takes no one.
forum_audience: dict[str, Callable] = {}
FORUM_AUDIENCES = (Batch.Audience.FORUM, Batch.Audience.WOMENS_FORUM, Batch.Audience.YOUTH_FORUM)


def members_only_forum(batch: Batch):
    """The forum whose members alone may join this batch; None for other batches."""
    if batch.audience not in FORUM_AUDIENCES or "forum_of" not in forum_audience:
        return None
    return forum_audience["forum_of"](batch)


def is_forum_member(user: User, batch: Batch) -> bool:
    forum = members_only_forum(batch)
    return forum is not None and bool(user.is_authenticated) and forum_audience["is_member"](user, forum)


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
    from courses.catalogue import source_page

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


@dataclass
class CompletionStatus:
    met: bool
    parts: list[tuple[str, bool]] = field(default_factory=list)


def completion_status(enrolment: Enrolment) -> CompletionStatus:
    course = enrolment.batch.course
    rule = course.facts  # the same for every language copy of the course
    parts: list[tuple[str, bool]] = []
    if rule.min_attendance_percent:
        share = float(completion_inputs["attendance"](enrolment)) if "attendance" in completion_inputs else 0.0
        parts.append((str(gettext_lazy("classes attended")), share * 100 >= rule.min_attendance_percent))
    if rule.require_all_lessons:
        done, total = lesson_counts(enrolment.user, [course])[course.pk]
        parts.append((str(gettext_lazy("all lessons done")), done >= total))
    if rule.require_practical:
        passed = bool(completion_inputs["practical"](enrolment)) if "practical" in completion_inputs else False
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


# --- organisers: enrol people from a CSV -------------------------------------------------------


@dataclass
class ImportReport:
    created_users: int = 0
    enrolled: int = 0
    waitlisted: int = 0
    already: int = 0


class ImportError_(EnrolmentError):
    def __init__(self, errors: list[tuple[int, str]]):
        self.errors = errors
        super().__init__("; ".join(f"{line}: {message}" for line, message in errors))


CSV_COLUMNS = ["name", "mobile", "district", "gender", "email", "name_en"]


def _district_lookup() -> dict[str, District]:
    table = {}
    for district in District.objects.all():
        table[district.name_bn.strip()] = district
        table[district.name_en.strip().lower()] = district
    return table


def import_enrolments(batch: Batch, data: str | bytes, *, now: dt.datetime | None = None) -> ImportReport:
    """Enrol everyone in a CSV (name, mobile, district[, gender, email, name_en]).

    All or nothing: every row is checked first and every bad row reported with its line
    number; nothing is written unless all rows are good. People are matched by mobile number.
    """
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ImportError_([(1, _("The file is not UTF-8 text. Save it as “CSV UTF-8” and try again."))]) from None
    reader = csv.DictReader(io.StringIO(data, newline=""))  # "\r" alone is a line end too
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in ("name", "mobile", "district") if c not in header]
    if missing:
        raise ImportError_([(1, _("Missing columns: %(cols)s.") % {"cols": ", ".join(missing)})])
    reader.fieldnames = header
    districts = _district_lookup()
    genders = {
        "female": "female",
        "f": "female",
        "নারী": "female",
        "মহিলা": "female",
        "male": "male",
        "m": "male",
        "পুরুষ": "male",
        "other": "other",
        "অন্যান্য": "other",
        "": "",
    }
    rows, errors, seen = [], [], {}
    for line, raw in enumerate(reader, start=2):
        row = {k: (v or "").strip() for k, v in raw.items() if k}
        if not any(row.values()):
            continue
        problems = []
        try:
            name = clean_person_name(row.get("name", ""))
        except ValidationError as error:
            problems.append(str(error.messages[0]))
            name = ""
        try:
            phone = normalise_mobile(row.get("mobile", ""))
        except ValidationError as error:
            problems.append(str(error.messages[0]))
            phone = ""
        district = districts.get(row.get("district", "")) or districts.get(row.get("district", "").lower())
        if district is None:
            problems.append(_("Unknown district “%(d)s”.") % {"d": row.get("district", "")})
        gender = genders.get(row.get("gender", "").lower())
        if gender is None:
            problems.append(_("Gender must be female, male or other."))
        email = row.get("email", "")
        if email:
            try:
                from django.core.validators import validate_email

                validate_email(email)
            except ValidationError:
                problems.append(_("“%(e)s” is not an e-mail address.") % {"e": email})
        if phone and phone in seen:
            problems.append(_("The same mobile number is on line %(line)d.") % {"line": seen[phone]})
        if problems:
            errors.append((line, " ".join(problems)))
            continue
        seen[phone] = line
        rows.append(
            {
                "line": line,
                "name": name,
                "phone": phone,
                "district": district,
                "gender": gender,
                "email": email,
                "name_en": row.get("name_en", ""),
            }
        )
    if errors:
        raise ImportError_(errors)
    if not rows:
        raise ImportError_([(2, _("The file has no rows."))])
    report = ImportReport()
    with transaction.atomic():
        existing = {u.phone: u for u in User.objects.filter(phone__in=[r["phone"] for r in rows])}
        taken_emails = set(
            User.objects.filter(email__in=[r["email"] for r in rows if r["email"]]).values_list("phone", "email")
        )
        for row in rows:
            user = existing.get(row["phone"])
            if user is None:
                email = row["email"] or None
                if email and any(e.lower() == email.lower() and p != row["phone"] for p, e in taken_emails):
                    email = None
                user = User.objects.create_user(
                    phone=row["phone"],
                    full_name=row["name"],
                    name_en=row["name_en"],
                    district=row["district"],
                    gender=row["gender"],
                    email=email,
                )
                user.set_unusable_password()
                user.save(update_fields=["password"])
                report.created_users += 1
            try:
                result = enrol(user, batch, now=now, source="import")
            except EnrolmentError as error:
                errors.append((row["line"], str(error)))
                continue
            if not result.created:
                report.already += 1
            elif result.enrolment.status == Enrolment.Status.ENROLLED:
                report.enrolled += 1
            else:
                report.waitlisted += 1
        if errors:
            raise ImportError_(errors)  # leaving the atomic block by an exception undoes every row
    return report


def waitlist_positions(enrolments: list[Enrolment]) -> dict[int, int]:
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
