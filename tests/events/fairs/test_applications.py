"""An entrepreneur applies for a stall; organisers approve, waitlist or decline and give stalls."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from courses.models import Trade
from events.fairs import services
from events.fairs.models import Application
from lms.audit.models import Entry
from lms.notifications.models import Notification
from tests.events.workshops.conftest import upload
from tests.factories import UserFactory, make_exhibitor, make_fair


def form_data(**extra) -> dict:
    data = {
        "business_name": "রাবেয়া নকশিঘর",
        "trade": Trade.objects.get(slug="nakshi-kantha").pk,
        "bscic_number": "বিসিক-১২৩",
        "stall_preference": "প্রবেশপথের কাছে",
        "needs_electricity": "on",
        "product_1": "নকশিকাঁথা",
        "product_2": "কুশন কভার",
    }
    return {**data, **extra}


def test_learner_applies_with_products_and_a_safe_photo(client, learner, fair):
    client.force_login(learner)
    response = client.post(reverse("fairs:apply", args=[fair.pk]), form_data(photo_1=upload()))
    assert response.status_code == 302
    application = Application.objects.get(applicant=learner)
    assert application.status == "pending"
    assert application.bscic_number == "বিসিক-123".upper()
    assert [p.name for p in application.products.all()] == ["নকশিকাঁথা", "কুশন কভার"]
    photo = application.products.first().photo
    with Image.open(photo.open("rb")) as image:
        assert image.format == "JPEG"
        assert not image.getexif().get(0x8825)  # the GPS position of her home is gone
    page = client.get(reverse("fairs:apply", args=[fair.pk]))
    assert "রাবেয়া নকশিঘর" in page.content.decode()


def test_applying_after_the_deadline_is_refused_and_nothing_stored(client, learner):
    fair = make_fair(open_days=-1)
    client.force_login(learner)
    response = client.post(reverse("fairs:apply", args=[fair.pk]), form_data())
    assert response.status_code == 400
    assert "closed" in response.content.decode() or "বন্ধ" in response.content.decode()
    assert not Application.objects.exists()


def test_a_second_application_to_the_same_fair_is_refused(learner, fair):
    services.apply(learner, fair, business_name="এক", products=[("কাঁথা", None)])
    with pytest.raises(services.FairError, match="already applied"):
        services.apply(learner, fair, business_name="দুই", products=[("কাঁথা", None)])


def test_a_photo_that_is_not_a_picture_is_refused(client, learner, fair):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(learner)
    fake = SimpleUploadedFile("kantha.jpg", b"<script>alert(1)</script>", content_type="image/jpeg")
    response = client.post(reverse("fairs:apply", args=[fair.pk]), form_data(photo_1=fake))
    assert response.status_code == 400
    assert not Application.objects.exists()


def test_members_only_fair_refuses_someone_outside_the_forum(learner):
    from tests.lms.forums.conftest import womens_forum

    fair = make_fair(forum=womens_forum())
    with pytest.raises(services.FairError, match="members of"):
        services.apply(learner, fair, business_name="এক", products=[("কাঁথা", None)])


def test_approval_gives_the_stall_and_tells_her_in_her_language(organiser, fair):
    from wagtail.models import Locale

    from tests.factories import fair_index

    fair_index("en")
    translated = fair.copy_for_translation(Locale.objects.get(language_code="en"))
    translated.title = "Jashore Handicrafts Fair"
    translated.save_revision().publish()
    english = UserFactory(full_name="রিনা", name_en="Rina", language="en")
    application = services.apply(english, fair, business_name="Rina Crafts", products=[("Kantha", None)])
    services.decide(application, "approved", by=organiser, stall="a-12")
    application.refresh_from_db()
    assert (application.status, application.stall) == ("approved", "A-12")
    note = Notification.objects.get(user=english)
    assert note.title == "Your stall at Jashore Handicrafts Fair is approved" and "A-12" in note.body
    assert Entry.objects.filter(action="approved", target_id=str(application.pk)).exists()


def test_a_stall_number_given_twice_is_refused_with_who_has_it(organiser, fair):
    make_exhibitor(fair, stall="A-1", business="নকশিঘর")
    other = services.apply(UserFactory(), fair, business_name="বাটিক বাড়ি", products=[("শাড়ি", None)])
    with pytest.raises(services.FairError, match="A-1 is already given to নকশিঘর"):
        services.decide(other, "approved", by=organiser, stall="A-1")
    other.refresh_from_db()
    assert (other.status, other.stall) == ("pending", "")


def test_stall_taken_through_the_review_page_says_so(client, organiser, fair):
    make_exhibitor(fair, stall="B-2")
    other = services.apply(UserFactory(), fair, business_name="বাটিক বাড়ি", products=[("শাড়ি", None)])
    client.force_login(organiser)
    response = client.post(reverse("fairs:review", args=[other.pk]), {"status": "approved", "stall": "B-2"})
    assert response.status_code == 400
    assert "B-2" in response.content.decode()


def test_declining_needs_a_reason_the_applicant_reads(organiser, learner, fair):
    application = services.apply(learner, fair, business_name="এক", products=[("কাঁথা", None)])
    with pytest.raises(services.FairError, match="reason"):
        services.decide(application, "declined", by=organiser)
    services.decide(application, "declined", by=organiser, reason="স্টল শেষ")
    assert "স্টল শেষ" in Notification.objects.get(user=learner).body


def test_waitlisted_gets_no_stall(organiser, learner, fair):
    application = services.apply(learner, fair, business_name="এক", products=[("কাঁথা", None)])
    with pytest.raises(services.FairError):
        services.decide(application, "waitlisted", by=organiser, stall="C-1")


def test_fair_page_lists_only_approved_exhibitors(client, organiser, fair):
    make_exhibitor(fair, stall="A-1", business="নকশিঘর")
    services.apply(UserFactory(), fair, business_name="অপেক্ষমাণ দোকান", products=[("শাড়ি", None)])
    html = client.get(fair.url).content.decode()
    assert "নকশিঘর" in html and "A-1" in html
    assert "অপেক্ষমাণ দোকান" not in html


def test_check_in_twice_is_harmless(organiser, fair):
    application = make_exhibitor(fair)
    now = timezone.now()
    assert services.check_in(application, by=organiser, now=now) is True
    assert services.check_in(application, by=organiser, now=now + dt.timedelta(hours=1)) is False
    assert application.checked_in_at == now
