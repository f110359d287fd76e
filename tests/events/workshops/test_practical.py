"""Practical assessment: the trainer records a result, a comment and photos; the learner sees them;
passing with enough attendance completes the workshop and issues its certificate."""

from __future__ import annotations

import pytest
from django.utils import timezone
from PIL import Image

from certificates.models import Certificate, Kind
from courses.models import Enrolment
from events.models import Attendance
from events.services import record_attendance
from events.workshops.models import Practical, WorkPhoto
from lms.notifications.models import Notification
from tests.events.workshops.conftest import photo_bytes, upload
from tests.helpers import bn, en

pytestmark = pytest.mark.django_db


def _url(workshop, learner):
    return en("workshops:practical", batch_id=workshop.pk, user_id=learner.pk)


def _held(workshop):
    return workshop.sessions.order_by("starts_at")[0]


def _post(client, workshop, learner, **data):
    data.setdefault("result", "passed")
    data.setdefault("session", _held(workshop).pk)
    data.setdefault("comment", "রঙের মিল খুব সুন্দর।")
    return client.post(_url(workshop, learner), data)


def test_trainer_records_a_result_with_photos_made_safe(client, trainer, learner, workshop):
    client.force_login(trainer)
    photos = [upload("a.jpg", size=(4000, 3000)), upload("b.png", fmt="PNG"), upload("c.webp", fmt="WEBP")]
    response = _post(client, workshop, learner, photos=photos)
    assert response.status_code == 302
    practical = Practical.objects.get(batch=workshop, learner=learner)
    assert practical.passed and practical.comment == "রঙের মিল খুব সুন্দর।" and practical.assessed_by == trainer
    stored = list(practical.photos.all())
    assert len(stored) == 3
    for photo in stored:
        with Image.open(photo.image) as image:
            assert image.format == "JPEG" and max(image.size) <= 1600
            assert not image.getexif()  # no GPS, no phone maker
        with Image.open(photo.thumb) as thumb:
            assert max(thumb.size) <= 480
    # Random names, never the uploaded ones (a random name may well end in "a.jpg": compare whole names).
    assert not {photo.image.name.rsplit("/", 1)[-1] for photo in stored} & {"a.jpg", "b.png", "c.webp"}


@pytest.mark.parametrize(
    "bad, message",
    [
        (
            lambda: upload("notes.jpg").__class__("notes.jpg", b"%PDF-1.4 not a photo", "image/jpeg"),
            "JPEG, PNG or WebP",
        ),
        (lambda: upload("anim.gif", fmt="GIF"), "JPEG, PNG or WebP"),
        (
            lambda: upload("big.jpg").__class__("big.jpg", photo_bytes() + b"\0" * (10 * 1024 * 1024), "image/jpeg"),
            "10 MB",
        ),
    ],
    ids=["not-an-image", "gif", "over-10-mb"],
)
def test_a_bad_upload_is_refused_and_nothing_is_stored(client, trainer, learner, workshop, bad, message):
    client.force_login(trainer)
    response = _post(client, workshop, learner, photos=[upload("good.jpg"), bad()])
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "Photo 2" in response.content.decode()
    assert not Practical.objects.exists() and not WorkPhoto.objects.exists()


def test_at_most_five_photos_of_a_piece(client, trainer, learner, workshop):
    client.force_login(trainer)
    _post(client, workshop, learner, photos=[upload(f"{n}.jpg") for n in range(4)])
    response = _post(client, workshop, learner, result="more_practice", photos=[upload("5.jpg"), upload("6.jpg")])
    assert "At most 5 photos" in response.content.decode()
    practical = Practical.objects.get()
    assert practical.result == "passed" and practical.photos.count() == 4  # nothing changed


def test_a_result_for_a_class_not_yet_held_is_refused(client, trainer, learner, workshop):
    future = workshop.sessions.order_by("-starts_at")[0]
    assert future.starts_at > timezone.now()
    client.force_login(trainer)
    response = _post(client, workshop, learner, session=future.pk, photos=[upload()])
    assert response.status_code == 400
    assert "has not been held yet" in response.content.decode()
    assert not Practical.objects.exists() and not WorkPhoto.objects.exists()


def test_a_photo_for_someone_not_in_the_batch_is_refused(client, trainer, judge, workshop):
    client.force_login(trainer)
    response = _post(client, workshop, judge, photos=[upload()])
    assert response.status_code == 302
    follow = client.get(response["Location"])
    assert "not a learner in this batch. Nothing was saved." in follow.content.decode()
    assert not Practical.objects.exists() and not WorkPhoto.objects.exists()


def test_another_batchs_trainer_cannot_assess(client, other_trainer, learner, workshop):
    client.force_login(other_trainer)
    assert _post(client, workshop, learner).status_code == 403
    assert not Practical.objects.exists()


def test_learner_sees_result_comment_and_photos_in_her_language(
    client, trainer, learner, other_learner, workshop, django_capture_on_commit_callbacks
):
    client.force_login(trainer)
    with django_capture_on_commit_callbacks(execute=True):
        _post(client, workshop, learner, result="more_practice", photos=[upload()])
    note = Notification.objects.get(user=learner, kind="practical_assessed")
    assert note.title == "আপনার প্রশিক্ষক আপনার কাজ দেখেছেন"

    client.force_login(learner)
    page = client.get(bn("workshops:mine", batch_id=workshop.pk)).content.decode()
    assert "আরও অনুশীলন দরকার" in page and "রঙের মিল খুব সুন্দর।" in page
    photo = WorkPhoto.objects.get()
    assert client.get(bn("workshops:photo", photo_id=photo.pk)).status_code == 200
    english = client.get(en("workshops:mine", batch_id=workshop.pk)).content.decode()
    assert "Needs more practice" in english

    client.force_login(other_learner)  # another learner of the same batch sees neither
    assert client.get(bn("workshops:mine", batch_id=workshop.pk)).status_code == 200
    assert client.get(bn("workshops:photo", photo_id=photo.pk)).status_code == 404


def test_attendance_and_a_passed_practical_issue_the_workshop_certificate(
    client, trainer, learner, workshop, django_capture_on_commit_callbacks
):
    held = list(workshop.sessions.filter(starts_at__lte=timezone.now()))
    with django_capture_on_commit_callbacks(execute=True):
        for session in held:  # 2 of 3 classes: at least the course's 50 %
            record_attendance(session, learner, Attendance.Source.SHEET, present=True, by=trainer)
    assert Enrolment.objects.get(user=learner).status == "enrolled"  # practical not passed yet

    client.force_login(trainer)
    with django_capture_on_commit_callbacks(execute=True):
        _post(client, workshop, learner)

    enrolment = Enrolment.objects.get(user=learner)
    assert enrolment.status == "completed"
    certificate = Certificate.objects.get(recipient=learner)
    assert certificate.kind == Kind.WORKSHOP and certificate.source_key == f"enrolment:{enrolment.pk}"


def test_needs_more_practice_does_not_complete(client, trainer, learner, workshop):
    for session in workshop.sessions.filter(starts_at__lte=timezone.now()):
        record_attendance(session, learner, Attendance.Source.SHEET, present=True, by=trainer)
    client.force_login(trainer)
    _post(client, workshop, learner, result="more_practice")
    assert Enrolment.objects.get(user=learner).status == "enrolled"
