"""Applying to teach, the organisers' queue, and the public profile."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from courses.models import Trade
from events.trainers import services
from events.trainers.models import TrainerProfile
from lms.notifications.models import Notification
from lms.people.models import District
from lms.people.roles import TRAINER, user_has_role
from tests.events.trainers.conftest import approved_profile
from tests.factories import UserFactory


def _photo(fmt="JPEG", size=(40, 30), exif=True) -> SimpleUploadedFile:
    out = io.BytesIO()
    image = Image.new("RGB", size, (200, 40, 40))
    kwargs = {}
    if exif and fmt == "JPEG":
        data = Image.Exif()
        data[0x8825] = {2: (23.0, 45.0, 0.0)}  # a GPS position: where the applicant lives
        kwargs["exif"] = data.tobytes()
    image.save(out, fmt, **kwargs)
    return SimpleUploadedFile("work.jpg", out.getvalue(), content_type="image/jpeg")


def _application(**changes) -> dict:
    data = {
        "trades": [Trade.objects.get(slug="batik").pk, Trade.objects.get(slug="dyeing").pk],
        "experience": "দশ বছর বাটিকের কাজ করছি, মেলায় বিক্রি করি।",
        "language_choices": ["bn"],
        "platform_choices": ["zoom", "in_person"],
        "district": District.objects.get(name_en="Jashore").pk,
        "sample_links": "https://www.facebook.com/batik.by.salma",
        "bio": "ঘরে বসে বাটিক শেখাই।",
        "times-TOTAL_FORMS": "2",
        "times-INITIAL_FORMS": "0",
        "times-MIN_NUM_FORMS": "0",
        "times-MAX_NUM_FORMS": "21",
        "times-0-weekday": "6",
        "times-0-start": "19:00",
        "times-0-end": "23:00",
        "times-1-weekday": "",
        "times-1-start": "",
        "times-1-end": "",
    }
    data.update(changes)
    return data


def test_anyone_signed_in_applies_with_photos_that_are_made_safe(client, learner, organiser):
    client.force_login(learner)

    response = client.post("/en/trainers/apply/", {**_application(), "samples": [_photo(), _photo("PNG")]})

    assert response.status_code == 302
    profile = TrainerProfile.objects.get(user=learner)
    assert profile.status == "pending"
    assert {t.slug for t in profile.trades.all()} == {"batik", "dyeing"}
    assert profile.platform_list == ["zoom", "in_person"]
    assert [str(a) for a in profile.availability.all()] == ["Saturday 19:00–23:00"]
    assert profile.samples.count() == 2
    for sample in profile.samples.all():
        assert sample.image.name.endswith(".jpg") and "work" not in sample.image.name
        with Image.open(sample.image) as stored:
            assert stored.format == "JPEG"
            assert not stored.getexif()  # the GPS position is gone
    assert Notification.objects.filter(user=organiser, kind="trainer_applied").exists()
    assert not user_has_role(learner, TRAINER)


@pytest.mark.parametrize(
    "upload, message",
    [
        (SimpleUploadedFile("x.jpg", b"<?php echo 'hi'; ?>", content_type="image/jpeg"), "Upload a photo"),
        (SimpleUploadedFile("x.gif", b"GIF89a" + b"\0" * 20, content_type="image/gif"), "Upload a photo"),
    ],
)
def test_a_file_that_is_not_a_photo_is_refused(client, learner, upload, message):
    client.force_login(learner)

    response = client.post("/en/trainers/apply/", {**_application(), "samples": [upload]})

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not TrainerProfile.objects.filter(user=learner).exists()


def test_availability_must_end_after_it_starts(client, learner):
    client.force_login(learner)

    response = client.post("/en/trainers/apply/", _application(**{"times-0-start": "22:00", "times-0-end": "20:00"}))

    assert "The end must be after the start" in response.content.decode()


def test_links_must_be_web_addresses(client, learner):
    client.force_login(learner)

    response = client.post("/en/trainers/apply/", _application(sample_links="javascript:alert(1)"))

    assert "is not a web address" in response.content.decode()


def _pending(user) -> TrainerProfile:
    client_profile = TrainerProfile.objects.create(
        user=user, experience="অভিজ্ঞতা", district=District.objects.get(name_en="Jashore")
    )
    client_profile.trades.set(Trade.objects.filter(slug="batik"))
    return client_profile


def test_approval_grants_the_role_and_tells_the_applicant_in_her_language(organiser):
    english = UserFactory(full_name="Salma Khatun", language="en")
    profile = _pending(english)

    services.approve(profile, by=organiser)

    assert user_has_role(english, TRAINER)
    told = Notification.objects.get(user=english, kind="trainer_approved")
    assert told.title == "You are now a volunteer trainer"


def test_decline_needs_a_note_and_tells_the_applicant_in_bangla(organiser, learner):
    profile = _pending(learner)
    with pytest.raises(services.TrainerError, match="Write a note"):
        services.decline(profile, by=organiser, note=" ")

    services.decline(profile, by=organiser, note="নমুনা ছবি পাঠান।")

    told = Notification.objects.get(user=learner, kind="trainer_declined")
    assert told.title == "প্রশিক্ষক হওয়ার আবেদন সম্পর্কে"
    assert "নমুনা ছবি পাঠান।" in told.body
    assert not user_has_role(learner, TRAINER)


def test_organiser_reviews_from_the_queue(client, organiser, learner):
    profile = _pending(learner)
    client.force_login(organiser)

    queue = client.get("/en/organise/trainers/").content.decode()
    assert learner.full_name in queue
    page = client.get(f"/en/organise/trainers/{profile.pk}/").content.decode()
    assert learner.national_phone in page  # organisers may call the applicant
    response = client.post(f"/en/organise/trainers/{profile.pk}/", {"decision": "approve", "note": ""}, follow=True)

    assert "is a volunteer trainer now" in response.content.decode()
    assert user_has_role(learner, TRAINER)


def test_a_declined_applicant_can_apply_again(client, organiser, learner):
    profile = _pending(learner)
    services.decline(profile, by=organiser, note="আরও অভিজ্ঞতা দরকার")
    client.force_login(learner)
    assert "আরও অভিজ্ঞতা দরকার" in client.get("/en/trainers/apply/").content.decode()

    client.post("/en/trainers/apply/", _application())

    profile.refresh_from_db()
    assert profile.status == "pending"


# --- public profile --------------------------------------------------------------------------------


def test_public_profile_shows_only_what_the_trainer_published_and_never_the_mobile(client, trainer):
    profile = approved_profile(trainer, is_public=True, bio="বাটিক শেখাই", show_district=False, show_rating=False)

    page = client.get(f"/en/trainers/{profile.pk}/").content.decode()

    assert trainer.full_name in page and "বাটিক শেখাই" in page
    assert trainer.national_phone not in page and trainer.phone not in page
    assert str(trainer.district.name_en) not in page
    assert "Learners&#x27; rating" not in page and "Learners' rating" not in page


def test_an_unpublished_profile_is_not_found(client, trainer):
    profile = approved_profile(trainer, is_public=False)

    assert client.get(f"/en/trainers/{profile.pk}/").status_code == 404
    assert trainer.full_name not in client.get("/en/trainers/").content.decode()


def test_a_pending_application_is_never_public(client, learner):
    profile = _pending(learner)
    profile.is_public = True
    profile.save()

    assert client.get(f"/en/trainers/{profile.pk}/").status_code == 404
