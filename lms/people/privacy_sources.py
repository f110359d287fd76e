"""What each part of the platform holds about a person, for people/privacy.py.

Registered at start-up by PeopleConfig.ready(). An app added later registers its own exporter
and eraser the same way (privacy.exporters / privacy.erasers / privacy.file_exporters).
"""

from __future__ import annotations

from typing import Any

from lms.people import privacy


def consents(user) -> dict[str, Any]:
    return {
        "consents": [{"for": c.purpose, "given": c.given, "at": c.at, "detail": c.detail} for c in user.consents.all()]
    }


def courses(user) -> dict[str, Any]:
    from courses.models import Enrolment, LessonProgress

    enrolments = Enrolment.objects.filter(user=user).select_related("batch")
    return {
        "enrolments": [
            {
                "batch": e.batch.name,
                "status": e.status,
                "queued_at": e.queued_at,
                "enrolled_at": e.enrolled_at,
                "completed_at": e.completed_at,
                "withdrawn_at": e.withdrawn_at,
            }
            for e in enrolments
        ],
        "lessons_done": [
            {"lesson": p.lesson.title, "done_at": p.done_at}
            for p in LessonProgress.objects.filter(user=user).select_related("lesson")
        ],
    }


def events(user) -> dict[str, Any]:
    from events.models import Attendance, JoinClick

    return {
        "attendance": [
            {"class": str(a.session), "present": a.present, "minutes": a.minutes, "sources": a.sources}
            for a in Attendance.objects.filter(user=user).select_related("session__batch")
        ],
        "join_clicks": [
            {"class": str(c.session), "at": c.clicked_at}
            for c in JoinClick.objects.filter(user=user).select_related("session__batch")
        ],
    }


def erase_events(user) -> None:
    from events.models import CalendarFeed, JoinClick

    CalendarFeed.objects.filter(user=user).delete()  # the private calendar address stops working
    JoinClick.objects.filter(user=user).delete()


def certificates(user) -> dict[str, Any]:
    from certificates.models import Certificate

    return {
        "certificates": [
            {
                "serial": c.serial,
                "title": c.title,
                "name_on_it": c.recipient_name,
                "issued_on": c.issued_on,
                "status": c.status,
                "verify": f"/verify/{c.code}/",
            }
            for c in Certificate.objects.filter(recipient=user)
        ]
    }


def certificate_files(user) -> list[tuple[str, bytes]]:
    from certificates.models import Certificate

    files = []
    for certificate in Certificate.objects.filter(recipient=user).exclude(pdf=""):
        with certificate.pdf.open("rb") as pdf:
            files.append((f"certificates/{certificate.serial}.pdf", pdf.read()))
    return files


def notifications(user) -> dict[str, Any]:
    from lms.notifications.models import Notification

    return {
        "notifications": [
            {"title": n.title, "message": n.body, "at": n.created_at, "read_at": n.read_at}
            for n in Notification.objects.filter(user=user)
        ]
    }


def erase_notifications(user) -> None:
    from lms.notifications.models import Notification

    Notification.objects.filter(user=user).delete()


def room(user) -> dict[str, Any]:
    from events.room.models import Question

    return {
        "questions_asked": [
            {"class": str(q.session_id), "question": q.text, "at": q.created_at}
            for q in Question.objects.filter(author=user)
        ]
    }


def erase_room(user) -> None:
    from events.room.models import Question

    Question.objects.filter(author=user).delete()  # her words; the class keeps the others'


def trainers(user) -> dict[str, Any]:
    from events.trainers.models import TrainerProfile

    profile = TrainerProfile.objects.filter(user=user).first()
    if profile is None:
        return {}
    return {
        "trainer_profile": {
            "status": profile.status,
            "experience": profile.experience,
            "sample_links": profile.sample_links,
            "bio": profile.bio,
            "public": profile.is_public,
        }
    }


def erase_trainers(user) -> None:
    from events.trainers.models import TrainerProfile

    for profile in TrainerProfile.objects.filter(user=user):
        for sample in profile.samples.all():
            sample.image.delete(save=False)
            sample.delete()
        if profile.photo:
            profile.photo.delete(save=False)
        TrainerProfile.objects.filter(pk=profile.pk).update(
            is_public=False, bio="", experience="", sample_links="", photo=""
        )


def workshops(user) -> dict[str, Any]:
    from events.workshops.models import Portfolio, Practical

    portfolio = Portfolio.objects.filter(user=user).first()
    return {
        "practical_assessments": [
            {"workshop": p.batch.name, "result": p.result, "comment": p.comment, "photos": p.photos.count()}
            for p in Practical.objects.filter(learner=user).select_related("batch")
        ],
        "portfolio": {"published": portfolio.is_public, "about": portfolio.about} if portfolio else None,
    }


def work_photo_files(user) -> list[tuple[str, bytes]]:
    from events.workshops.models import WorkPhoto

    files = []
    for photo in WorkPhoto.objects.filter(practical__learner=user):
        with photo.image.open("rb") as image:
            files.append((f"work-photos/{photo.pk}.jpg", image.read()))
    return files


def erase_workshops(user) -> None:
    from events.workshops.models import Portfolio, WorkPhoto

    Portfolio.objects.filter(user=user).delete()  # the public page is gone at once
    for photo in WorkPhoto.objects.filter(practical__learner=user):
        photo.image.delete(save=False)
        photo.thumb.delete(save=False)
        photo.delete()


def erase_email_addresses(user) -> None:
    from allauth.account.models import EmailAddress

    EmailAddress.objects.filter(user=user).delete()


def register() -> None:
    for exporter in (consents, courses, events, certificates, notifications, room, trainers, workshops):
        if exporter not in privacy.exporters:
            privacy.exporters.append(exporter)
    erasers = (erase_events, erase_notifications, erase_room, erase_trainers, erase_workshops, erase_email_addresses)
    for eraser in erasers:
        if eraser not in privacy.erasers:
            privacy.erasers.append(eraser)
    for files in (certificate_files, work_photo_files):
        if files not in privacy.file_exporters:
            privacy.file_exporters.append(files)
