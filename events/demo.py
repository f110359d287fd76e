"""Demo classes: every demo batch gets its sessions (events.services.generate_sessions: saving a
batch makes none); past ones have attendance, the Facebook batch its live link, and Zoom batches
meetings (from the fake Zoom under `make run`)."""

from __future__ import annotations

from django.utils import timezone

from courses.demo import COURSES
from courses.models import Batch, Enrolment
from events import services
from events.models import Attendance, ClassSession, Provider

FACEBOOK_LIVE = "https://www.facebook.com/groups/udyokta/live"


def seed() -> list[str]:
    now = timezone.now()
    # Only the demo's own batches: on a database with real classes, seed_demo must never invent
    # attendance (and so completions and certificates) for real learners.
    demo = Batch.objects.filter(course__slug__in=[spec[0] for spec in COURSES], course__locale__language_code="bn")
    for batch in demo.exclude(status__in=[Batch.Status.DRAFT, Batch.Status.CANCELLED]):
        services.generate_sessions(batch)
    for session in ClassSession.objects.filter(batch__in=demo, provider=Provider.FACEBOOK, link=""):
        services.set_link(session, FACEBOOK_LIVE)
    trainer_of = {}
    for session in ClassSession.objects.filter(batch__in=demo, starts_at__lt=now).select_related("batch"):
        if Attendance.objects.filter(session=session).exists():
            continue
        trainer = trainer_of.setdefault(session.batch_id, session.batch.trainers.first())
        enrolled = list(
            Enrolment.objects.filter(batch=session.batch, status__in=services.ACTIVE)
            .order_by("pk")
            .select_related("user")
        )
        for number, enrolment in enumerate(enrolled):
            # Most come; every fourth learner misses every other class.
            present = not (number % 4 == 3 and session.sequence % 2 == 0)
            services.record_attendance(
                session,
                enrolment.user,
                Attendance.Source.SHEET,
                present=present,
                minutes=80 if present else 0,
                by=trainer,
            )
    return ["  classes        each batch has its weekly classes; the trainer's page is under /teach/"]
