"""A person downloads everything we hold about them, or deletes their account."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.test import Client
from django.utils import translation

from certificates.models import Certificate, Kind
from certificates.services import issue_certificate
from courses.models import Enrolment
from courses.services import enrol
from events import services as events
from events.room.models import Question
from lms.notifications.services import notify
from lms.people.models import User
from tests.factories import PASSWORD, UserFactory, make_batch
from tests.helpers import en


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def rabeya(db):
    person = UserFactory(full_name="মোছাঃ রাবেয়া খাতুন", email="rabeya@example.org")
    batch = make_batch()
    enrol(person, batch)
    session = batch.sessions.order_by("starts_at").first()
    events.record_attendance(session, person, "checkin", present=True, minutes=60)
    Question.objects.create(session=session, author=person, text="রং কতক্ষণ শুকাতে হয়?")
    notify(person, "certificate_issued", context={"certificate": None}, url="/me/certificates/", dedupe_key="t")
    certificate, _ = issue_certificate(
        recipient=person, kind=Kind.COURSE, source_key="privacy", values={"course": "বাটিক"}, title="বাটিক"
    )
    return person, certificate, batch


def _client(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def test_the_download_holds_her_data_and_her_certificate_pdfs(rabeya):
    person, certificate, batch = rabeya
    response = _client(person).get(en("people:download_data"))
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    data = json.loads(archive.read("data.json"))
    assert data["profile"]["full_name"] == "মোছাঃ রাবেয়া খাতুন" and data["profile"]["mobile"] == person.phone
    assert data["enrolments"][0]["batch"] == batch.name
    assert data["attendance"][0]["minutes"] == 60
    assert data["questions_asked"][0]["question"] == "রং কতক্ষণ শুকাতে হয়?"
    assert data["certificates"][0]["serial"] == certificate.serial
    assert archive.read(f"certificates/{certificate.serial}.pdf") == certificate.pdf.read()


def test_a_wrong_password_deletes_nothing(rabeya):
    person, _, _ = rabeya
    response = _client(person).post(en("people:delete_account"), {"password": "not-it"})
    assert response.status_code == 400 and "That is not your password." in response.content.decode()
    person.refresh_from_db()
    assert person.is_active and person.full_name == "মোছাঃ রাবেয়া খাতুন"


def test_deleting_removes_what_is_personal_and_keeps_certificates_verifiable(rabeya):
    person, certificate, batch = rabeya
    phone = person.phone
    other_device = _client(person)
    response = _client(person).post(en("people:delete_account"), {"password": PASSWORD}, follow=True)
    assert "Your account has been deleted." in response.content.decode()
    person = User.objects.get(pk=person.pk)
    assert not person.is_active and not person.has_usable_password()
    assert person.full_name == "—" and person.email is None and person.phone != phone
    assert person.birth_year is None and person.district is None
    assert not Question.objects.filter(author=person).exists()
    assert not person.notifications.exists()
    # The batch keeps its numbers; the name is gone.
    assert Enrolment.objects.filter(batch=batch).count() == 1
    # Logged out everywhere; the number can sign up again as someone new.
    assert other_device.get(en("people:profile")).status_code == 302
    assert not Client().login(username=phone, password=PASSWORD)
    # A printed certificate still checks out as issued, with the name printed on it.
    page = Client().get(en("certificates:verify", code=certificate.code)).content.decode()
    assert "মোছাঃ রাবেয়া খাতুন" in page
    assert Certificate.objects.get(pk=certificate.pk).status == Certificate.Status.VALID


def test_she_can_ask_for_her_certificates_to_be_revoked_too(rabeya):
    person, certificate, _ = rabeya
    _client(person).post(en("people:delete_account"), {"password": PASSWORD, "revoke_certificates": "on"})
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REVOKED
    assert certificate.revoked_reason == "Revoked at the holder's request."


def test_someone_who_logs_in_only_with_codes_confirms_with_her_mobile_number(db):
    person = UserFactory()
    person.set_unusable_password()
    person.save()
    client = _client(person)
    assert client.post(en("people:delete_account"), {"password": "01700000000"}).status_code == 400
    national = "0" + person.phone.removeprefix("+880")
    client.post(en("people:delete_account"), {"password": national})
    assert not User.objects.get(pk=person.pk).is_active


def test_her_work_photos_and_portfolio_go_with_the_account(trainer):
    from pathlib import Path

    from events.workshops import services as workshops
    from lms.lib.uploads import clean_photo
    from tests.events.workshops.conftest import upload
    from tests.factories import make_workshop

    learner = UserFactory()
    batch = make_workshop(trainers=[trainer], learners=[learner])
    practical = workshops.record_practical(
        batch,
        learner,
        trainer,
        session=batch.sessions.order_by("starts_at")[0],
        result="passed",
        photos=[clean_photo(upload())],
    )
    photo = practical.photos.get()
    portfolio = workshops.update_portfolio(learner, publish=True, photo_ids={photo.pk})
    files = [Path(photo.image.path), Path(photo.thumb.path)]
    archive = zipfile.ZipFile(io.BytesIO(_client(learner).get(en("people:download_data")).content))
    assert f"work-photos/{photo.pk}.jpg" in archive.namelist()
    _client(learner).post(en("people:delete_account"), {"password": PASSWORD})
    assert not any(f.exists() for f in files)
    assert Client().get(f"/portfolio/{portfolio.key}/").status_code == 404


def test_publishing_and_withdrawing_are_recorded_as_consent(trainer):
    from events.workshops import services as workshops
    from events.workshops.models import Portfolio
    from lms.people.models import Consent
    from tests.events.trainers.conftest import approved_profile

    profile = approved_profile(trainer)
    profile.is_public = True
    profile.save()
    profile.is_public = False
    profile.save()
    Portfolio.objects.create(user=trainer, is_public=True)  # as update_portfolio() publishes it
    workshops.unpublish_portfolio(trainer)
    recorded = list(Consent.objects.filter(user=trainer).order_by("pk").values_list("purpose", "given"))
    assert recorded == [
        ("trainer_profile", True),
        ("trainer_profile", False),
        ("portfolio", True),
        ("portfolio", False),
    ]
    html = _client(trainer).get(en("people:my_data")).content.decode()
    assert "Public portfolio of work: taken back" in html
