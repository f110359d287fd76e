"""Workshops: finding one nearby, the offline attendance sheet, practical assessment, portfolios.

Views, the demo seeder and tests call these functions; they raise WorkshopError with a message
the trainer or learner can act on, and store nothing when they refuse.
"""

from __future__ import annotations

import datetime as dt
import io
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image

from courses.catalogue import localised_courses
from courses.models import Batch, Enrolment
from courses.services import evaluate_completion
from events.models import Attendance, ClassSession
from events.services import record_attendance
from events.workshops.models import MAX_PHOTOS, Portfolio, Practical, SheetMark, WorkPhoto
from lms.notifications.services import notify
from lms.people import consent
from lms.people.models import District

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from courses.models import Trade
    from lms.people.models import User

ACTIVE = (Enrolment.Status.ENROLLED, Enrolment.Status.COMPLETED)
OPEN = (Batch.Status.OPEN, Batch.Status.RUNNING)
MAX_MARKS_PER_SYNC = 500
THUMB_SIDE = 480


class WorkshopError(Exception):
    """A rule refused the request; the message says why, for the person who asked."""


def is_workshop(batch: Batch) -> bool:
    return batch.delivery == Batch.Delivery.IN_PERSON


# --- finding a workshop ------------------------------------------------------------------------


@dataclass
class Nearby:
    batch: Batch
    course: object  # the course page in the reader's language
    rank: int  # 0 in the district, 1 in the division, 2 elsewhere
    places_left: int
    last_day: dt.date


def workshops_near(
    *, district: District | None = None, trade: Trade | None = None, today: dt.date | None = None, limit: int = 60
) -> list[Nearby]:
    """Open and running workshops that have not ended: the district's first, then the rest of
    its division, then everywhere else; soonest first within each. A fixed number of queries."""
    today = today or timezone.localdate()
    batches = (
        Batch.objects.filter(delivery=Batch.Delivery.IN_PERSON, status__in=OPEN)
        .exclude(first_date__lt=today - dt.timedelta(weeks=53))
        .select_related("course", "district__division", "workshop")
        .annotate(taken=Count("enrolments", filter=Q(enrolments__status__in=ACTIVE)))
        .order_by("first_date", "pk")
    )
    if trade is not None:
        batches = batches.filter(course__facts__trade=trade)
    found = []
    for batch in batches:
        last_day = batch.first_date + dt.timedelta(weeks=batch.weeks, days=-1)
        if last_day < today:
            continue
        if district is not None and batch.district_id == district.pk:
            rank = 0
        elif district is not None and batch.district and batch.district.division_id == district.division_id:
            rank = 1
        else:
            rank = 2
        found.append(Nearby(batch, batch.course, rank, max(batch.capacity - batch.taken, 0), last_day))
    found.sort(key=lambda n: (n.rank, n.batch.first_date, n.batch.pk))
    found = found[:limit]
    titles = localised_courses(list({n.batch.course_id: n.batch.course for n in found}.values()))
    for item in found:
        item.course = titles[item.batch.course_id]
    return found


# --- the attendance sheet ------------------------------------------------------------------------


def sheet_rows(session: ClassSession) -> list[Enrolment]:
    """The learners of the session's batch, each with .mark (the attendance row or None)."""
    enrolments = list(
        Enrolment.objects.filter(batch_id=session.batch_id, status__in=ACTIVE)
        .select_related("user")
        .order_by("user__full_name", "pk")
    )
    marks = {a.user_id: a for a in Attendance.objects.filter(session=session)}
    for enrolment in enrolments:
        enrolment.mark = marks.get(enrolment.user_id)  # type: ignore[attr-defined]  # for the sheet, not a field
    return enrolments


@dataclass
class MarkResult:
    id: str
    status: str  # applied, duplicate, superseded or refused
    message: str = ""
    present: bool | None = None  # what the sheet now says for this learner and class

    def as_dict(self) -> dict:
        return {"id": self.id, "status": self.status, "message": self.message, "present": self.present}


def _parse_mark(raw: object) -> tuple[uuid.UUID, int, int, bool, int]:
    if not isinstance(raw, dict):
        raise ValueError
    client_id = uuid.UUID(str(raw["id"]))
    session_id, learner_id, at = raw["session"], raw["learner"], raw["at"]
    present = raw["present"]
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (session_id, learner_id, at)):
        raise ValueError
    if not isinstance(present, bool):
        raise ValueError
    return client_id, session_id, learner_id, present, at


def _from_ms(value: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(value / 1000, tz=dt.UTC)


def sync_marks(
    trainer: User, marks: list[Any], *, sent_at: int | None = None, now: dt.datetime | None = None
) -> list[MarkResult]:
    """Take marks from a trainer's phone (made online or offline) and merge them into attendance.

    Each mark is {"id": uuid made on the phone, "session": id, "learner": user id, "present": bool,
    "at": when it was tapped, in ms since 1970 by the phone's clock}. sent_at is the phone's clock
    when it sent them: the difference to our clock corrects every mark, because cheap phones are
    often minutes off and the order of taps from two phones must still be right.

    The rules: a mark whose id has arrived before changes nothing (duplicate); a mark older than
    the learner's current attendance for that class is kept but not applied (superseded); a mark
    that breaks a rule is refused with a message and not stored. Each mark stands alone, so one
    refused mark never blocks the rest of a phone's queue.
    """
    now = now or timezone.now()
    if not isinstance(marks, list) or len(marks) > MAX_MARKS_PER_SYNC:
        raise WorkshopError(_("Send a list of at most %(n)s marks.") % {"n": MAX_MARKS_PER_SYNC})
    skew = now - _from_ms(sent_at) if isinstance(sent_at, int) and not isinstance(sent_at, bool) else dt.timedelta()
    parsed: list[tuple[object, tuple | None]] = []
    for raw in marks:
        try:
            parsed.append((raw, _parse_mark(raw)))
        except (KeyError, ValueError, TypeError, AttributeError, OverflowError):
            parsed.append((raw, None))

    valid = [p for _raw, p in parsed if p is not None]
    sessions = {
        s.pk: s for s in ClassSession.objects.filter(pk__in={p[1] for p in valid}).select_related("batch__course")
    }
    allowed = {pk: trainer.has_perm("events.teach_session", s) for pk, s in sessions.items()}
    learners = set(
        Enrolment.objects.filter(batch_id__in={s.batch_id for s in sessions.values()}, status__in=ACTIVE).values_list(
            "batch_id", "user_id"
        )
    )
    seen = set(SheetMark.objects.filter(client_id__in=[p[0] for p in valid]).values_list("client_id", flat=True))

    results = []
    for raw, mark in parsed:
        if mark is None:
            mark_id = str(raw.get("id", "")) if isinstance(raw, dict) else ""
            results.append(MarkResult(mark_id, "refused", _("This mark is not readable; it was not saved.")))
            continue
        client_id, session_id, learner_id, present, at = mark
        session = sessions.get(session_id)
        if session is None or not allowed.get(session_id):
            results.append(MarkResult(str(client_id), "refused", _("You do not teach this class.")))
            continue
        if client_id in seen:
            results.append(MarkResult(str(client_id), "duplicate", present=_current(session, learner_id)))
            continue
        refusal = _refusal(session, learner_id, learners, now)
        if refusal:
            results.append(MarkResult(str(client_id), "refused", refusal))
            continue
        try:
            marked_at = min(_from_ms(at) + skew, now)
        except (OverflowError, ValueError, OSError):
            results.append(MarkResult(str(client_id), "refused", _("This mark is not readable; it was not saved.")))
            continue
        results.append(_apply(trainer, session, learner_id, client_id, present, marked_at, now))
        seen.add(client_id)
    return results


def _refusal(session: ClassSession, learner_id: int, learners: set, now: dt.datetime) -> str:
    if not is_workshop(session.batch):
        return _("Only classes of a hands-on workshop are marked on this sheet.")
    if session.status == ClassSession.Status.CANCELLED:
        return _("This class was cancelled; attendance cannot be marked.")
    if now < session.starts_at:
        return _("Attendance can be marked once the class has started.")
    if (session.batch_id, learner_id) not in learners:
        return _("This person is not a learner in this batch; the mark was not saved.")
    return ""


def _current(session: ClassSession, learner_id: int) -> bool | None:
    row = Attendance.objects.filter(session=session, user_id=learner_id).only("present").first()
    return row.present if row else None


def _apply(
    trainer: User,
    session: ClassSession,
    learner_id: int,
    client_id: uuid.UUID,
    present: bool,
    marked_at: dt.datetime,
    now: dt.datetime,
) -> MarkResult:
    with transaction.atomic():
        # One learner's marks for a batch are taken one at a time (two phones may send at once).
        enrolment = (
            Enrolment.objects.select_for_update()
            .select_related("user")
            .get(batch_id=session.batch_id, user_id=learner_id)
        )
        try:
            with transaction.atomic():
                mark = SheetMark.objects.create(
                    client_id=client_id,
                    session=session,
                    learner_id=learner_id,
                    present=present,
                    marked_at=marked_at,
                    received_at=now,
                    by=trainer,
                )
        except IntegrityError:
            # The same mark arrived on another request a moment ago.
            return MarkResult(str(client_id), "duplicate", present=_current(session, learner_id))
        row = Attendance.objects.filter(session=session, user_id=learner_id).first()
        if _is_newer(mark, row, session, learner_id):
            row = record_attendance(session, enrolment.user, Attendance.Source.SHEET, present=present, by=trainer)
            mark.applied, mark.attendance_stamp = True, row.updated_at
            mark.save(update_fields=["applied", "attendance_stamp"])
            return MarkResult(str(client_id), "applied", present=row.present)
        return MarkResult(str(client_id), "superseded", present=row.present if row else None)


def _is_newer(mark: SheetMark, row: Attendance | None, session: ClassSession, learner_id: int) -> bool:
    if row is None:
        return True
    last = (
        SheetMark.objects.filter(session=session, learner_id=learner_id, applied=True)
        .exclude(pk=mark.pk)
        .order_by("-marked_at", "-client_id")
        .first()
    )
    if last is not None and last.attendance_stamp == row.updated_at:
        # The attendance is what our last applied mark made it: compare the taps' own times.
        return (mark.marked_at, str(mark.client_id)) > (last.marked_at, str(last.client_id))
    # Changed since by another way (the class page's sheet, a register, a check-in): that change
    # happened at row.updated_at, by our clock.
    return mark.marked_at > row.updated_at


def mark_now(
    trainer: User, session: ClassSession, learner_id: int, present: bool, *, now: dt.datetime | None = None
) -> MarkResult:
    """A tap sent straight away (the sheet without JavaScript): the same rules, a fresh id."""
    now = now or timezone.now()
    stamp = int(now.timestamp() * 1000)
    mark = {"id": str(uuid.uuid4()), "session": session.pk, "learner": learner_id, "present": present, "at": stamp}
    return sync_marks(trainer, [mark], sent_at=stamp, now=now)[0]


# --- practical assessment -----------------------------------------------------------------------


def practical_passed(enrolment: Enrolment) -> bool:
    return Practical.objects.filter(
        batch_id=enrolment.batch_id, learner_id=enrolment.user_id, result=Practical.Result.PASSED
    ).exists()


def held_sessions(batch: Batch, now: dt.datetime) -> list[ClassSession]:
    return list(
        ClassSession.objects.filter(batch=batch, status=ClassSession.Status.SCHEDULED, starts_at__lte=now).order_by(
            "-starts_at"
        )
    )


def _thumbnail(content: ContentFile) -> ContentFile:
    content.seek(0)
    with Image.open(content) as image:
        image.thumbnail((THUMB_SIDE, THUMB_SIDE))
        out = io.BytesIO()
        image.save(out, "JPEG", quality=78, optimize=True)
    content.seek(0)
    return ContentFile(out.getvalue(), name="thumb.jpg")


def record_practical(
    batch: Batch,
    learner: User,
    trainer: User,
    *,
    session: ClassSession,
    result: str,
    comment: str = "",
    photos: list[ContentFile] | None = None,
    now: dt.datetime | None = None,
) -> Practical:
    """Record (or change) a learner's practical result, with photos already made safe
    (trainers.uploads.clean_photo). Checks everything before writing anything."""
    now = now or timezone.now()
    photos = photos or []
    enrolment = Enrolment.objects.filter(batch=batch, user=learner, status__in=ACTIVE).first()
    if enrolment is None:
        raise WorkshopError(
            _("%(name)s is not a learner in this batch. Nothing was saved.") % {"name": learner.display_name()}
        )
    if session.batch_id != batch.pk or session.status == ClassSession.Status.CANCELLED:
        raise WorkshopError(_("Choose a class of this workshop. Nothing was saved."))
    if now < session.starts_at:
        raise WorkshopError(
            _(
                "That class has not been held yet: a result can be recorded only for a class that has taken place. "
                "Nothing was saved."
            )
        )
    if result not in Practical.Result.values:
        raise WorkshopError(_("Choose passed or needs more practice. Nothing was saved."))
    comment = comment.strip()
    if len(comment) > 500:
        raise WorkshopError(_("The comment is too long (at most 500 characters). Nothing was saved."))
    existing = Practical.objects.filter(batch=batch, learner=learner).first()
    have = existing.photos.count() if existing else 0
    if have + len(photos) > MAX_PHOTOS:
        raise WorkshopError(
            _("At most %(max)s photos of a piece of work: %(have)s are there already. Nothing was saved.")
            % {"max": MAX_PHOTOS, "have": have}
        )
    saved: list[str] = []
    try:
        with transaction.atomic():
            practical, _created = Practical.objects.update_or_create(
                batch=batch,
                learner=learner,
                defaults={
                    "session": session,
                    "result": result,
                    "comment": comment,
                    "assessed_by": trainer,
                    "assessed_at": now,
                },
            )
            for content in photos:
                photo = WorkPhoto(practical=practical, uploaded_at=now)
                thumb = _thumbnail(content)
                photo.image.save("work.jpg", content, save=False)
                saved.append(photo.image.name)  # type: ignore[arg-type]  # save() has just named it
                photo.thumb.save("thumb.jpg", thumb, save=False)
                saved.append(photo.thumb.name)  # type: ignore[arg-type]  # as above
                photo.save()
            if practical.passed:
                evaluate_completion(enrolment, now=now)
            transaction.on_commit(lambda: _tell_learner(practical))
    except Exception:
        storage = WorkPhoto._meta.get_field("image").storage
        for name in saved:
            storage.delete(name)
        raise
    return practical


def _tell_learner(practical: Practical) -> None:
    notify(
        practical.learner,
        "practical_assessed",
        context={"practical": practical, "batch": practical.batch},
        url=reverse("workshops:mine", kwargs={"batch_id": practical.batch_id}),
        dedupe_key=f"practical:{practical.pk}:{int(practical.assessed_at.timestamp())}",
    )


def delete_photo(photo: WorkPhoto) -> None:
    names = [photo.image.name, photo.thumb.name]
    storage = photo.image.storage
    photo.delete()

    def delete_files() -> None:
        for name in names:
            if name:
                storage.delete(name)

    transaction.on_commit(delete_files)


# --- portfolio -------------------------------------------------------------------------------------


def own_photos(user: User) -> list[WorkPhoto]:
    return list(
        WorkPhoto.objects.filter(practical__learner=user)
        .select_related("practical__batch__course__facts__trade")
        .order_by("-uploaded_at", "pk")
    )


def update_portfolio(user: User, *, publish: bool, photo_ids: set[int], about: str = "") -> Portfolio:
    """Choose the photos on the public portfolio and whether it is published."""
    mine = set(WorkPhoto.objects.filter(practical__learner=user).values_list("pk", flat=True))
    if photo_ids - mine:
        raise WorkshopError(_("You can show only photos of your own work. Nothing was changed."))
    if publish and not photo_ids:
        raise WorkshopError(_("Choose at least one photo to publish your portfolio. Nothing was changed."))
    with transaction.atomic():
        portfolio, _created = Portfolio.objects.get_or_create(user=user)
        WorkPhoto.objects.filter(pk__in=mine).update(in_portfolio=False)
        WorkPhoto.objects.filter(pk__in=photo_ids).update(in_portfolio=True)
        portfolio.is_public = publish
        portfolio.about = about.strip()[:200]
        portfolio.save()
    return portfolio


def unpublish_portfolio(user: User) -> None:
    if Portfolio.objects.filter(user=user, is_public=True).update(is_public=False, updated_at=timezone.now()):
        consent.record(user.pk, "portfolio", False)


def public_portfolio(key: str) -> Portfolio | None:
    """A published portfolio with .photos and .trades, in three queries; None if not shown."""
    portfolio = (
        Portfolio.objects.filter(key=key, is_public=True, user__is_active=True).select_related("user__district").first()
    )
    if portfolio is None:
        return None
    photos = list(
        WorkPhoto.objects.filter(practical__learner_id=portfolio.user_id, in_portfolio=True)
        .select_related("practical__batch__course__facts__trade")
        .order_by("-uploaded_at", "pk")
    )
    if not photos:
        return None
    passed = Practical.objects.filter(learner_id=portfolio.user_id, result=Practical.Result.PASSED).values_list(
        "batch__course__facts__trade__name_bn", "batch__course__facts__trade__name_en"
    )
    shown = (p.practical.batch.course.facts.trade for p in photos)
    trades = {(trade.name_bn, trade.name_en) for trade in shown}
    # What the page shows, set on the instance (not fields of the model).
    portfolio.photos = photos  # type: ignore[attr-defined]
    portfolio.trades = sorted(trades | set(passed))  # type: ignore[attr-defined]
    return portfolio


def may_see_photo(user: User | AnonymousUser, photo: WorkPhoto) -> bool:
    """Her own work, the batch's trainers and organisers; anyone once it is on a published portfolio."""
    practical = photo.practical
    if user.is_authenticated and (
        practical.learner_id == user.pk or user.has_perm("courses.teach_batch", practical.batch)
    ):
        return True
    if not photo.in_portfolio:
        return False
    return Portfolio.objects.filter(user_id=practical.learner_id, is_public=True, user__is_active=True).exists()
