"""Substitutes: asking, telling the free trainers of the trade, the first to accept wins."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import Enrolment
from events.models import ClassSession
from events.services import resync_zoom
from events.trainers.models import SubstituteRequest, TrainerProfile
from events.trainers.services.base import ACTIVE_ENROLMENT, TrainerError
from events.trainers.services.booking import (
    Slot,
    _is_trainer,
    _lock_trainers,
    check_free,
    commitments,
    first_clash,
    is_available,
    teachers_by_session,
)
from lms.notifications.services import notify
from lms.people.models import User
from lms.people.roles import GROUP_NAMES, ORGANISER, TRAINER
from lms.permissions import organises

_PLATFORM_OF_PROVIDER = {"zoom": "zoom", "link": "zoom", "facebook": "facebook", "in_person": "in_person"}


def free_substitutes(session: ClassSession, now: dt.datetime) -> list[User]:
    """Approved trainers who teach the class's trade, in its language and on its platform (in
    its district when in person), whose weekly times cover it and who are not booked then."""
    batch = session.batch
    teaching = teachers_by_session([session])[session.pk]
    profiles = list(
        TrainerProfile.objects.filter(
            status=TrainerProfile.Status.APPROVED,
            trades=batch.course.facts.trade_id,
            user__is_active=True,
            user__groups__name=GROUP_NAMES[TRAINER],
        )
        .exclude(user_id__in=teaching)
        .select_related("user")
        .prefetch_related("availability")
        .distinct()
    )
    platform = _PLATFORM_OF_PROVIDER.get(session.provider, "zoom")
    profiles = [
        p
        for p in profiles
        if batch.language in p.language_list
        and platform in p.platform_list
        and (platform != "in_person" or p.district_id == batch.district_id)
        and is_available(p, session.starts_at, session.ends_at)
    ]
    booked = commitments([p.user_id for p in profiles], now)
    wanted = [Slot(session.starts_at, session.ends_at, batch.name, session.pk)]
    return [p.user for p in profiles if not first_clash(wanted, booked[p.user_id])]


def request_substitute(
    session: ClassSession, trainer: User, *, reason: str = "", now: dt.datetime | None = None
) -> SubstituteRequest:
    """The trainer cannot take this class: tell every free trainer of its trade (and the
    organisers when there is none)."""
    now = now or timezone.now()
    if session.status != ClassSession.Status.SCHEDULED:
        raise TrainerError(_("This class has been cancelled."))
    if session.starts_at <= now:
        raise TrainerError(_("This class has already started; ask an organiser for help."))
    with transaction.atomic():
        if trainer.pk not in teachers_by_session([session])[session.pk]:
            raise TrainerError(_("You do not teach this class."))
        if SubstituteRequest.objects.filter(
            session=session, trainer=trainer, status=SubstituteRequest.Status.OPEN
        ).exists():
            raise TrainerError(_("You have already asked for a substitute for this class."))
        request = SubstituteRequest.objects.create(session=session, trainer=trainer, reason=reason, created_at=now)
        invited = free_substitutes(session, now)
        request.invited.set(invited)
        url = reverse("trainers:dashboard")
        context = {"session": session, "batch": session.batch, "request": request, "trainer": trainer}
        for person in invited:
            notify(
                person, "substitute_wanted", context=context, url=url, dedupe_key=f"sub-wanted:{request.pk}", sms=True
            )
        if not invited:
            for organiser in organisers():
                notify(
                    organiser,
                    "substitute_none",
                    context=context,
                    url=reverse("trainers:assign", kwargs={"batch_id": session.batch_id}),
                    dedupe_key=f"sub-none:{request.pk}",
                )
    return request


def organisers() -> list[User]:
    return list(User.objects.filter(groups__name=GROUP_NAMES[ORGANISER], is_active=True))


def accept_substitute(request_id: int, trainer: User, *, now: dt.datetime | None = None) -> SubstituteRequest:
    """The first trainer to accept takes the class. The request row is locked, so of two
    pressing Accept at once exactly one gets it and the other is told it is taken."""
    now = now or timezone.now()
    with transaction.atomic():
        request = (
            SubstituteRequest.objects.select_for_update(of=("self",))
            .select_related("session__batch__course", "trainer")
            .get(pk=request_id)
        )
        session = request.session
        if request.status == SubstituteRequest.Status.FILLED:
            if request.accepted_by_id == trainer.pk:
                return request
            raise TrainerError(_("Another trainer has already taken this class. Thank you for offering!"))
        if request.status == SubstituteRequest.Status.CANCELLED:
            raise TrainerError(_("This request was withdrawn: the class no longer needs a substitute."))
        if session.status != ClassSession.Status.SCHEDULED or session.starts_at <= now:
            raise TrainerError(_("This class has started or was cancelled."))
        if not _can_substitute(trainer, request):
            raise TrainerError(_("Only volunteer trainers of this trade can take this class."))
        if trainer.pk in teachers_by_session([session])[session.pk]:
            raise TrainerError(_("You already teach this class."))
        _lock_trainers([trainer.pk])
        check_free(trainer, [Slot(session.starts_at, session.ends_at, session.batch.name, session.pk)], now)
        request.status = SubstituteRequest.Status.FILLED
        request.accepted_by, request.accepted_at = trainer, now
        request.save(update_fields=["status", "accepted_by", "accepted_at"])
        _handed_over(request, now)
    return request


def _can_substitute(trainer: User, request: SubstituteRequest) -> bool:
    if not _is_trainer(trainer):
        return False
    if request.invited.filter(pk=trainer.pk).exists():
        return True
    return TrainerProfile.objects.filter(
        user=trainer, status=TrainerProfile.Status.APPROVED, trades=request.session.batch.course.facts.trade_id
    ).exists()


def _handed_over(request: SubstituteRequest, now: dt.datetime) -> None:
    """The class has a new trainer: Zoom's alternative hosts follow, the trainer who asked and
    the learners are told who teaches. Reminders are per class, so they still go out at the
    same times, through the same class page."""
    session = request.session
    resync_zoom(session)
    context = {"session": session, "batch": session.batch, "request": request, "substitute": request.accepted_by}
    notify(
        request.trainer,
        "substitute_found",
        context=context,
        url=reverse("trainers:dashboard"),
        dedupe_key=f"sub-found:{request.pk}",
    )
    class_url = reverse("events:class", kwargs={"session_id": session.pk})
    for enrolment in Enrolment.objects.filter(batch_id=session.batch_id, status__in=ACTIVE_ENROLMENT).select_related(
        "user"
    ):
        notify(
            enrolment.user,
            "class_new_trainer",
            context=context,
            url=class_url,
            dedupe_key=f"class-new-trainer:{request.pk}",
        )


def cancel_substitute_request(request: SubstituteRequest, by: User) -> SubstituteRequest:
    with transaction.atomic():
        locked = SubstituteRequest.objects.select_for_update().get(pk=request.pk)
        if locked.trainer_id != by.pk and not organises(by, locked.session):
            raise TrainerError(_("Only the trainer who asked, or an organiser, can withdraw this request."))
        if locked.status != SubstituteRequest.Status.OPEN:
            raise TrainerError(_("This request is no longer open."))
        locked.status = SubstituteRequest.Status.CANCELLED
        locked.save(update_fields=["status"])
    return locked
