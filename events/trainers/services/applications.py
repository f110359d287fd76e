"""Applying to teach and the organisers' review."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from events.trainers.models import TrainerProfile
from events.trainers.services.base import TrainerError
from lms.audit import services as audit
from lms.audit.models import Action
from lms.notifications.services import notify
from lms.people.models import User
from lms.people.roles import TRAINER, grant_role


def submit_application(profile: TrainerProfile, *, now: dt.datetime | None = None) -> TrainerProfile:
    """Called after the application form saved the profile: a new or declined application
    goes (back) to the organisers' queue. An approved trainer's edits take effect at once."""
    now = now or timezone.now()
    if profile.status != TrainerProfile.Status.APPROVED:
        profile.status = TrainerProfile.Status.PENDING
        profile.submitted_at = now
        profile.save(update_fields=["status", "submitted_at"])
    return profile


def approve(profile: TrainerProfile, *, by: User, note: str = "", now: dt.datetime | None = None) -> TrainerProfile:
    now = now or timezone.now()
    with transaction.atomic():
        locked = TrainerProfile.objects.select_for_update().select_related("user").get(pk=profile.pk)
        if locked.status == TrainerProfile.Status.APPROVED:
            return locked
        locked.status = TrainerProfile.Status.APPROVED
        locked.reviewed_at, locked.reviewed_by, locked.decision_note = now, by, note
        locked.save(update_fields=["status", "reviewed_at", "reviewed_by", "decision_note"])
        grant_role(locked.user, TRAINER)
        audit.record(Action.APPROVED, locked, actor=by, after={"status": locked.status}, note=note)
        notify(
            locked.user,
            "trainer_approved",
            context={"profile": locked, "note": note},
            url=reverse("trainers:dashboard"),
            dedupe_key=f"trainer-approved:{locked.pk}:{int(now.timestamp())}",
            sms=True,
        )
    return locked


def decline(profile: TrainerProfile, *, by: User, note: str, now: dt.datetime | None = None) -> TrainerProfile:
    now = now or timezone.now()
    if not note.strip():
        raise TrainerError(_("Write a note to the applicant: what is missing, or why not now."))
    with transaction.atomic():
        locked = TrainerProfile.objects.select_for_update().select_related("user").get(pk=profile.pk)
        if locked.status != TrainerProfile.Status.PENDING:
            raise TrainerError(_("Only an application waiting for review can be declined."))
        locked.status = TrainerProfile.Status.DECLINED
        locked.reviewed_at, locked.reviewed_by, locked.decision_note = now, by, note.strip()
        locked.save(update_fields=["status", "reviewed_at", "reviewed_by", "decision_note"])
        audit.record(Action.DECLINED, locked, actor=by, after={"status": locked.status}, note=locked.decision_note)
        notify(
            locked.user,
            "trainer_declined",
            context={"profile": locked, "note": locked.decision_note},
            url=reverse("trainers:apply"),
            dedupe_key=f"trainer-declined:{locked.pk}:{int(now.timestamp())}",
            sms=True,
        )
    return locked
