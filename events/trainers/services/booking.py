"""Booking trainers: their classes as time slots, clashes, assigning them to batches (one by
one, from the batch admin or a CSV), with the trainer's row locked while it is checked."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.templatetags.site_tags import clock, when
from courses.models import Batch
from events.models import ClassSession
from events.services import resync_zoom
from events.trainers.forms import ASSIGNMENT_COLUMNS, AssignmentRowForm
from events.trainers.models import SubstituteRequest, TrainerProfile
from events.trainers.services.base import CLOSED_BATCH, ClashError, TrainerError
from lms.lib.tabular import TableError, check_rows
from lms.people.models import User
from lms.people.roles import GROUP_NAMES, TRAINER, user_has_role
from lms.permissions import teachers_by_session  # who teaches a class: one rule, for this package too


@dataclass(frozen=True)
class Slot:
    """A stretch of time a trainer is booked for (or would be)."""

    start: dt.datetime
    end: dt.datetime
    label: str
    session_id: int | None = None
    batch_id: int | None = None

    def overlaps(self, other: Slot) -> bool:
        # Back to back (one ends at 21:00, the next starts at 21:00) is fine.
        return self.start < other.end and other.start < self.end


def _span(slot: Slot) -> str:
    return f"{when(slot.start)}–{clock(slot.end)}"


def clash_message(trainer: User, mine: Slot, booked: Slot) -> str:
    return _(
        "%(trainer)s already teaches “%(other)s” on %(other_when)s (Dhaka time), which overlaps "
        "“%(this)s” on %(this_when)s."
    ) % {
        "trainer": trainer.display_name(),
        "other": booked.label,
        "other_when": _span(booked),
        "this": mine.label,
        "this_when": _span(mine),
    }


def slots_of_batch(
    batch: Batch, sessions: Iterable[ClassSession], now: dt.datetime, *, from_schedule: bool = False
) -> list[Slot]:
    """The batch's classes that have not ended yet.

    From its sessions once they exist; from its weekly schedule while they do not (a draft
    batch, or one just saved) or when from_schedule is set (the schedule is being changed:
    sessions that were moved, added or cancelled by hand keep their own state, as
    events.services.generate_sessions will leave them).
    """
    if batch.status in CLOSED_BATCH:
        return []
    sessions = list(sessions)
    slots: list[Slot] = []
    if sessions and not from_schedule:
        for session in sessions:
            if session.status == ClassSession.Status.SCHEDULED and session.ends_at > now:
                slots.append(Slot(session.starts_at, session.ends_at, batch.name, session.pk, batch.pk))
        return sorted(slots, key=lambda s: s.start)
    length = dt.timedelta(minutes=batch.duration_minutes)
    numbered = {s.sequence: s for s in sessions if not s.is_extra}
    try:
        starts = batch.meeting_starts()
    except ValueError:
        starts = []
    for number, start in enumerate(starts, start=1):
        planned = numbered.get(number)
        if planned is not None and (planned.moved or planned.status == ClassSession.Status.CANCELLED):
            continue
        if start + length > now:
            slots.append(Slot(start, start + length, batch.name, planned.pk if planned else None, batch.pk))
    for session in sessions:
        if (session.moved or session.is_extra) and session.status == ClassSession.Status.SCHEDULED:
            if session.ends_at > now:
                slots.append(Slot(session.starts_at, session.ends_at, batch.name, session.pk, batch.pk))
    return sorted(slots, key=lambda s: s.start)


def _upcoming_sessions(batch_ids: Iterable[int], now: dt.datetime) -> dict[int, list[ClassSession]]:
    by_batch: dict[int, list[ClassSession]] = defaultdict(list)
    # A class can last at most a day; older ones cannot overlap anything still ahead.
    for session in ClassSession.objects.filter(batch_id__in=list(batch_ids), starts_at__gte=now - dt.timedelta(days=1)):
        by_batch[session.batch_id].append(session)
    return by_batch


def commitments(
    user_ids: Iterable[int], now: dt.datetime, *, exclude_batch_id: int | None = None
) -> dict[int, list[Slot]]:
    """{trainer id: the classes ahead they are booked for}, for many trainers in a fixed number
    of queries: batches they teach (minus classes they handed to a substitute) and classes
    they took over as a substitute."""
    user_ids = list(user_ids)
    booked: dict[int, list[Slot]] = {pk: [] for pk in user_ids}
    if not user_ids:
        return booked
    through = Batch.trainers.through
    rows = list(
        through.objects.filter(user_id__in=user_ids)
        .exclude(batch__status__in=CLOSED_BATCH)
        # None is a valid exact lookup (IS NULL: excludes nothing here); the stubs do not allow it.
        .exclude(batch_id=exclude_batch_id)  # type: ignore[misc]
        .values_list("user_id", "batch_id")
    )
    batches = {b.pk: b for b in Batch.objects.filter(pk__in={batch_id for _, batch_id in rows})}
    taken_over = list(
        SubstituteRequest.objects.filter(
            accepted_by_id__in=user_ids,
            status=SubstituteRequest.Status.FILLED,
            session__status=ClassSession.Status.SCHEDULED,
            session__starts_at__gte=now - dt.timedelta(days=1),
        )
        .exclude(session__batch_id=exclude_batch_id)  # type: ignore[misc]  # as above
        .select_related("session__batch")
    )
    sessions = _upcoming_sessions(batches, now)
    all_sessions = [s for group in sessions.values() for s in group] + [r.session for r in taken_over]
    teachers = teachers_by_session(all_sessions)
    for user_id, batch_id in rows:
        batch = batches[batch_id]
        for slot in slots_of_batch(batch, sessions.get(batch_id, []), now):
            if slot.session_id is None or user_id in teachers.get(slot.session_id, {user_id}):
                booked[user_id].append(slot)
    for handover in taken_over:
        session = handover.session
        took = handover.accepted_by_id
        if took is not None and session.ends_at > now and took in teachers.get(session.pk, set()):
            slot = Slot(session.starts_at, session.ends_at, session.batch.name, session.pk, session.batch_id)
            if slot not in booked[took]:
                booked[took].append(slot)
    return booked


def first_clash(wanted: list[Slot], booked: list[Slot], *, ignore_session_id: int | None = None) -> tuple | None:
    for mine in wanted:
        for other in booked:
            if other.session_id is not None and other.session_id in (mine.session_id, ignore_session_id):
                continue
            if mine.overlaps(other):
                return mine, other
    return None


def _lock_trainers(user_ids: Iterable[int]) -> None:
    """Serialise every booking of these trainers until the transaction ends (PostgreSQL row
    locks, always in the same order so two bookings never wait on each other)."""
    list(User.objects.select_for_update().filter(pk__in=set(user_ids)).order_by("pk").values_list("pk", flat=True))


def check_free(
    trainer: User,
    wanted: list[Slot],
    now: dt.datetime,
    *,
    exclude_batch_id: int | None = None,
    ignore_session_id: int | None = None,
) -> None:
    """Raise ClashError naming the clash if the trainer is booked at any of these times."""
    booked = commitments([trainer.pk], now, exclude_batch_id=exclude_batch_id)[trainer.pk]
    clash = first_clash(wanted, booked, ignore_session_id=ignore_session_id)
    if clash:
        raise ClashError(clash_message(trainer, *clash))


# --- assigning trainers to batches -----------------------------------------------------------------


def _is_trainer(user: User) -> bool:
    # Roles may have changed in this request (an approval); lms.people.roles caches them on the instance.
    user._role_cache = None  # type: ignore[attr-defined]
    return user_has_role(user, TRAINER)


def assign_trainer(batch: Batch, trainer: User, *, now: dt.datetime | None = None) -> bool:
    """Add a volunteer trainer to a batch unless that would double-book them.

    Returns False when they already teach it. Raises ClashError naming the clash.
    """
    now = now or timezone.now()
    if not _is_trainer(trainer):
        raise TrainerError(_("%(name)s is not a volunteer trainer yet.") % {"name": trainer.display_name()})
    with transaction.atomic():
        _lock_trainers([trainer.pk])
        if batch.trainers.filter(pk=trainer.pk).exists():
            return False
        wanted = slots_of_batch(batch, ClassSession.objects.filter(batch=batch), now)
        check_free(trainer, wanted, now, exclude_batch_id=batch.pk)
        batch.trainers.add(trainer)
        _trainers_changed(batch, now)
    return True


def remove_trainer(batch: Batch, trainer: User, *, now: dt.datetime | None = None) -> None:
    with transaction.atomic():
        batch.trainers.remove(trainer)
        _trainers_changed(batch, now or timezone.now())


def set_batch_trainers(batch: Batch, trainers: Iterable[User], *, now: dt.datetime | None = None) -> None:
    """Make these the batch's trainers (the batch admin form saves through here).

    Every one of them is checked against the batch's schedule as it now stands, since a
    changed schedule can make a clash for a trainer who was already on it.
    """
    now = now or timezone.now()
    trainers = list(trainers)
    with transaction.atomic():
        before = set(batch.trainers.values_list("pk", flat=True)) if batch.pk else set()
        _lock_trainers([t.pk for t in trainers])
        problems = batch_clashes(batch, trainers, now)
        if problems:
            raise ClashError(" ".join(problems))
        batch.trainers.set(trainers)
        if before != {t.pk for t in trainers}:
            _trainers_changed(batch, now)


def batch_clashes(batch: Batch, trainers: Iterable[User], now: dt.datetime) -> list[str]:
    """A message for each trainer whom this batch's schedule (as set on the instance, saved
    or not) would double-book."""
    trainers = list(trainers)
    sessions = ClassSession.objects.filter(batch=batch) if batch.pk else []
    wanted = slots_of_batch(batch, sessions, now, from_schedule=True)
    booked = commitments([t.pk for t in trainers], now, exclude_batch_id=batch.pk)
    messages = []
    for trainer in trainers:
        clash = first_clash(wanted, booked[trainer.pk])
        if clash:
            messages.append(clash_message(trainer, *clash))
    return messages


def _trainers_changed(batch: Batch, now: dt.datetime) -> None:
    """The Zoom meetings ahead list the trainers as alternative hosts: bring them up to date."""
    for session in ClassSession.objects.filter(
        batch=batch, status=ClassSession.Status.SCHEDULED, starts_at__gt=now
    ).select_related("batch"):
        resync_zoom(session)


def check_new_class_time(batch: Batch, start: dt.datetime, minutes: int, session: ClassSession | None) -> str | None:
    """Before a class moves or an extra one is added (events.signals.class_time_check): what
    clashes for its trainers then, None when they are free. Runs inside that change's
    transaction, so the trainers' rows stay locked until it commits."""
    now = timezone.now()
    if session is not None:
        teacher_ids = teachers_by_session([session])[session.pk]
    else:
        teacher_ids = set(batch.trainers.values_list("pk", flat=True))
    if not teacher_ids:
        return None
    _lock_trainers(teacher_ids)
    wanted = [Slot(start, start + dt.timedelta(minutes=minutes), batch.name, session.pk if session else None)]
    booked = commitments(teacher_ids, now)
    for trainer in User.objects.filter(pk__in=teacher_ids).order_by("pk"):
        clash = first_clash(wanted, booked[trainer.pk], ignore_session_id=session.pk if session else None)
        if clash:
            return clash_message(trainer, *clash)
    return None


@dataclass
class Candidate:
    user: User
    profile: TrainerProfile | None
    teaches_trade: bool
    available: bool
    clash: str = ""
    assigned: bool = False


def candidates_for_batch(batch: Batch, now: dt.datetime | None = None) -> list[Candidate]:
    """Every volunteer trainer, best fits first: teaches the batch's trade, is available (by
    their weekly times) for every class of its schedule, and is not booked then."""
    now = now or timezone.now()
    trainers = list(
        User.objects.filter(groups__name=GROUP_NAMES[TRAINER], is_active=True)
        .select_related("trainer_profile")
        .prefetch_related("trainer_profile__trades", "trainer_profile__availability")
        .order_by("full_name")
    )
    assigned = set(batch.trainers.values_list("pk", flat=True))
    wanted = slots_of_batch(batch, ClassSession.objects.filter(batch=batch), now)
    booked = commitments([t.pk for t in trainers], now, exclude_batch_id=batch.pk)
    trade_id = batch.course.facts.trade_id
    found = []
    for user in trainers:
        profile = getattr(user, "trainer_profile", None)
        clash = first_clash(wanted, booked[user.pk])
        found.append(
            Candidate(
                user=user,
                profile=profile,
                teaches_trade=bool(profile and any(t.pk == trade_id for t in profile.trades.all())),
                available=bool(profile and wanted and all(is_available(profile, s.start, s.end) for s in wanted)),
                clash=clash_message(user, *clash) if clash else "",
                assigned=user.pk in assigned,
            )
        )
    found.sort(key=lambda c: (not c.assigned, bool(c.clash), not c.teaches_trade, not c.available))
    return found


def is_available(profile: TrainerProfile, start: dt.datetime, end: dt.datetime) -> bool:
    """By the trainer's weekly times (prefetched availability is used as is)."""
    return any(window.covers(start, end) for window in profile.availability.all())


# --- CSV: assign trainers in bulk ----------------------------------------------------------------------


@dataclass
class AssignmentReport:
    assigned: int = 0
    already: int = 0


# The refusal of an import is the shared table error; the old name stays for the import page.
AssignmentImportError = TableError


def import_assignments(data: str | bytes | File, *, now: dt.datetime | None = None) -> AssignmentReport:
    """Assign trainers from a table (batch, mobile): batch is the batch's number in the admin.

    All or nothing, like every import: every row is checked, each through assign_trainer (so a
    clash — also with an earlier row of the same file — is reported with its line number).
    """
    now = now or timezone.now()
    rows, errors = check_rows(data, AssignmentRowForm, required=ASSIGNMENT_COLUMNS)
    report = AssignmentReport()
    with transaction.atomic():
        for row in rows:
            try:
                if assign_trainer(row.data["batch"], row.data["trainer"], now=now):
                    report.assigned += 1
                else:
                    report.already += 1
            except TrainerError as error:
                errors.append((row.line, str(error)))
        if errors:
            raise TableError(sorted(errors))  # leaving the block by an exception undoes every row
    return report
