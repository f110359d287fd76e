"""Learners' feedback on a class: once each, after it; anonymous to the trainer."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Avg, Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import Batch, Enrolment
from events.models import ClassSession
from events.trainers.models import Feedback, SubstituteRequest
from events.trainers.services.base import ACTIVE_ENROLMENT, FEEDBACK_WINDOW, TrainerError
from events.trainers.services.booking import teachers_by_session
from lms.people.models import User


def may_give_feedback(user: User, session: ClassSession, now: dt.datetime) -> bool:
    return (
        session.status == ClassSession.Status.SCHEDULED
        and session.has_ended(now)
        and now - session.ends_at <= FEEDBACK_WINDOW
        and Enrolment.objects.filter(user=user, batch_id=session.batch_id, status__in=ACTIVE_ENROLMENT).exists()
    )


def give_feedback(
    user: User, session: ClassSession, rating: int, comment: str = "", *, now: dt.datetime | None = None
) -> Feedback:
    now = now or timezone.now()
    if not 1 <= rating <= 5:
        raise TrainerError(_("Choose from 1 to 5 stars."))
    if session.status != ClassSession.Status.SCHEDULED:
        raise TrainerError(_("This class has been cancelled."))
    if not session.has_ended(now):
        raise TrainerError(_("You can rate the class after it ends."))
    if now - session.ends_at > FEEDBACK_WINDOW:
        raise TrainerError(_("This class was too long ago to rate."))
    if not Enrolment.objects.filter(user=user, batch_id=session.batch_id, status__in=ACTIVE_ENROLMENT).exists():
        raise TrainerError(_("Only learners of this batch can rate its classes."))
    try:
        with transaction.atomic():
            return Feedback.objects.create(
                session=session, learner=user, rating=rating, comment=comment.strip(), created_at=now
            )
    except IntegrityError:
        raise TrainerError(_("You have already rated this class. Thank you!")) from None


def feedback_for(trainer_id: int) -> QuerySet[Feedback]:
    """Feedback on the classes this person taught (by who taught each, substitutes included)."""
    through = Batch.trainers.through
    batch_ids = through.objects.filter(user_id=trainer_id).values("batch_id")
    covered = SubstituteRequest.objects.filter(accepted_by_id=trainer_id, status=SubstituteRequest.Status.FILLED)
    handed = SubstituteRequest.objects.filter(trainer_id=trainer_id, status=SubstituteRequest.Status.FILLED)
    return Feedback.objects.filter(
        Q(session__batch_id__in=batch_ids) & ~Q(session_id__in=handed.values("session_id"))
        | Q(session_id__in=covered.values("session_id"))
    )


@dataclass
class Rating:
    count: int = 0
    average: float | None = None
    by_stars: dict[int, int] = field(default_factory=dict)


def rating_of(trainer_id: int) -> Rating:
    """Hidden comments still count in the rating: hiding is about words, not the score."""
    queryset = feedback_for(trainer_id)
    summary = queryset.aggregate(n=Count("pk"), avg=Avg("rating"))
    stars = dict(queryset.values("rating").annotate(n=Count("pk")).values_list("rating", "n"))
    return Rating(
        count=summary["n"],
        average=round(summary["avg"], 1) if summary["avg"] is not None else None,
        by_stars={n: stars.get(n, 0) for n in range(5, 0, -1)},
    )


def ratings_of(trainer_ids: Iterable[int]) -> dict[int, Rating]:
    """For the public list: each trainer's count and average, in four queries whatever the
    number of trainers (no star breakdown)."""
    trainer_ids = list(trainer_ids)
    sessions = ClassSession.objects.filter(
        Q(batch__trainers__in=trainer_ids) | Q(substitute_requests__accepted_by_id__in=trainer_ids)
    )
    found: dict[int, Rating] = {pk: Rating() for pk in trainer_ids}
    rows = list(sessions.values_list("pk", "batch_id").distinct())
    if not rows:
        return found
    teachers = teachers_by_session([ClassSession(pk=pk, batch_id=batch_id) for pk, batch_id in rows])
    sums: dict[int, list[int]] = defaultdict(list)
    for session_id, rating in Feedback.objects.filter(session_id__in=[pk for pk, _batch in rows]).values_list(
        "session_id", "rating"
    ):
        for user_id in teachers.get(session_id, set()):
            sums[user_id].append(rating)
    for user_id, ratings in sums.items():
        if user_id in found:
            found[user_id] = Rating(count=len(ratings), average=round(sum(ratings) / len(ratings), 1))
    return found


def hide_feedback(feedback: Feedback, *, by: User, hidden: bool = True) -> Feedback:
    feedback.hidden = hidden
    feedback.hidden_by = by if hidden else None
    feedback.save(update_fields=["hidden", "hidden_by"])
    return feedback
