"""Volunteer hours: classes taught (Zoom's length or the trainer's log) and other work an
organiser approved; by month for a trainer, by trainer for organisers; asking for the yearly
certificates (the certificates app issues them from these totals)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, cast

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import Batch
from events.models import Attendance, ClassSession
from events.trainers.models import HoursEntry, SubstituteRequest, TaughtLog
from events.trainers.services.base import TrainerError
from events.trainers.services.booking import teachers_by_session
from events.trainers.signals import volunteer_certificates_requested
from lms.jobs.models import Job
from lms.people.models import User
from lms.people.roles import GROUP_NAMES, TRAINER

if TYPE_CHECKING:
    from lms.jobs.models import Job


@dataclass
class TaughtClass:
    session: ClassSession
    minutes: int
    source: str  # "log", "zoom" or "schedule"


def taught_classes(
    user_ids: Iterable[int], start: dt.datetime, end: dt.datetime, now: dt.datetime
) -> dict[int, list[TaughtClass]]:
    """{trainer id: classes they actually taught between start and end}, in a fixed number of
    queries. A class counts once it has ended, was not cancelled and shows it took place: the
    trainer logged it, Zoom saw it start and end, or attendance was recorded. Its length is the
    trainer's log, else Zoom's, else the planned length."""
    user_ids = list(user_ids)
    found: dict[int, list[TaughtClass]] = {pk: [] for pk in user_ids}
    if not user_ids:
        return found
    through = Batch.trainers.through
    batch_ids = set(through.objects.filter(user_id__in=user_ids).values_list("batch_id", flat=True))
    covered = SubstituteRequest.objects.filter(accepted_by_id__in=user_ids, status=SubstituteRequest.Status.FILLED)
    sessions = list(
        ClassSession.objects.filter(Q(batch_id__in=batch_ids) | Q(pk__in=covered.values("session_id")))
        .filter(status=ClassSession.Status.SCHEDULED, starts_at__gte=start, starts_at__lt=min(end, now))
        .annotate(attended=Exists(Attendance.objects.filter(session=OuterRef("pk"), present=True)))
        .select_related("batch__course")
        .order_by("starts_at")
    )
    sessions = [s for s in sessions if s.ends_at <= now]
    teachers = teachers_by_session(sessions)
    logs = {
        (log.session_id, log.trainer_id): log.minutes
        for log in TaughtLog.objects.filter(session__in=[s.pk for s in sessions], trainer_id__in=user_ids)
    }
    wanted = set(user_ids)
    for session in sessions:
        zoom_minutes = None
        if session.live_started_at and session.live_ended_at and session.live_ended_at > session.live_started_at:
            zoom_minutes = int((session.live_ended_at - session.live_started_at).total_seconds() // 60)
        for user_id in teachers.get(session.pk, set()) & wanted:
            if (session.pk, user_id) in logs:
                found[user_id].append(TaughtClass(session, logs[(session.pk, user_id)], "log"))
            elif zoom_minutes:
                found[user_id].append(TaughtClass(session, zoom_minutes, "zoom"))
            elif session.attended:
                found[user_id].append(TaughtClass(session, session.duration_minutes, "schedule"))
    return found


def _hours(minutes: int) -> Decimal:
    return (Decimal(minutes) / 60).quantize(Decimal("0.1"))


@dataclass
class MonthHours:
    month: dt.date
    class_hours: Decimal = Decimal("0")
    other_hours: Decimal = Decimal("0")
    classes: int = 0

    @property
    def total(self) -> Decimal:
        return self.class_hours + self.other_hours


def _month_bounds(year: int, month: int) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_default_timezone()  # months are Dhaka months
    first = dt.datetime(year, month, 1, tzinfo=tz)
    after = dt.datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=tz)
    return first, after


def hours_by_month(trainer: User, year: int, now: dt.datetime | None = None) -> list[MonthHours]:
    """The trainer's volunteer hours in each month of the year (Dhaka time), classes taught and
    approved other work separately."""
    now = now or timezone.now()
    start, _end = _month_bounds(year, 1)
    end, _after = _month_bounds(year + 1, 1)
    months = {m: MonthHours(dt.date(year, m, 1)) for m in range(1, 13)}
    minutes: dict[int, int] = defaultdict(int)
    for taught in taught_classes([trainer.pk], start, end, now)[trainer.pk]:
        month = timezone.localtime(taught.session.starts_at).month
        minutes[month] += taught.minutes
        months[month].classes += 1
    for month, total in minutes.items():
        months[month].class_hours = _hours(total)
    for entry in HoursEntry.objects.filter(trainer=trainer, status=HoursEntry.Status.APPROVED, date__year=year):
        months[entry.date.month].other_hours += entry.hours
    return list(months.values())


@dataclass
class TrainerTotal:
    trainer: User
    classes: int = 0
    class_minutes: int = 0
    other_hours: Decimal = Decimal("0")

    @property
    def class_hours(self) -> Decimal:
        return _hours(self.class_minutes)

    @property
    def total(self) -> Decimal:
        return self.class_hours + self.other_hours


def totals(first: dt.date, last: dt.date, now: dt.datetime | None = None) -> list[TrainerTotal]:
    """Every volunteer trainer's hours from first to last (inclusive, Dhaka dates), most first."""
    now = now or timezone.now()
    tz = timezone.get_default_timezone()
    start = dt.datetime.combine(first, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    trainers = list(User.objects.filter(groups__name=GROUP_NAMES[TRAINER]).order_by("full_name"))
    rows = {t.pk: TrainerTotal(t) for t in trainers}
    for user_id, classes in taught_classes(rows, start, end, now).items():
        rows[user_id].classes = len(classes)
        rows[user_id].class_minutes = sum(c.minutes for c in classes)
    approved = HoursEntry.objects.filter(
        trainer_id__in=rows, status=HoursEntry.Status.APPROVED, date__gte=first, date__lte=last
    )
    for user_id, hours in approved.values_list("trainer_id", "hours"):
        rows[user_id].other_hours += hours
    return sorted(rows.values(), key=lambda r: (-r.total, r.trainer.full_name))


def log_taught(session: ClassSession, trainer: User, minutes: int, *, now: dt.datetime | None = None) -> TaughtLog:
    """The trainer records how long they taught a class that has ended (again: corrects it)."""
    now = now or timezone.now()
    if not session.has_ended(now):
        raise TrainerError(_("You can record a class once it has ended."))
    if session.status != ClassSession.Status.SCHEDULED:
        raise TrainerError(_("This class has been cancelled."))
    if trainer.pk not in teachers_by_session([session])[session.pk]:
        raise TrainerError(_("You do not teach this class."))
    if not 1 <= minutes <= 600:
        raise TrainerError(_("Give the minutes you taught, from 1 to 600."))
    log, _created = TaughtLog.objects.update_or_create(
        session=session, trainer=trainer, defaults={"minutes": minutes, "logged_at": now}
    )
    return log


def review_hours(entry: HoursEntry, *, by: User, approve_it: bool, now: dt.datetime | None = None) -> HoursEntry:
    now = now or timezone.now()
    if entry.trainer_id == by.pk and not by.is_superuser:
        raise TrainerError(_("Someone else must approve your own hours."))
    entry.status = HoursEntry.Status.APPROVED if approve_it else HoursEntry.Status.DECLINED
    entry.reviewed_by, entry.reviewed_at = by, now
    entry.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    return entry


def start_volunteer_certificates(year: int, *, by: User) -> Job:
    """The background job that issues the year's volunteer-service certificates to every trainer
    with hours in it (totals) and ends with a ZIP of them; the Job to follow. The certificates app
    starts it when asked (signals.volunteer_certificates_requested)."""
    answers = volunteer_certificates_requested.send(sender=HoursEntry, year=year, user=by)
    jobs = [cast(Job, job) for _receiver, job in answers if job is not None]
    if not jobs:  # a wiring fault, not the organiser's: the certificates app is missing
        raise RuntimeError(
            "Nothing answered trainers.signals.volunteer_certificates_requested: is the certificates app installed?"
        )
    return jobs[0]
