"""A person downloads everything we hold about them, or deletes their account."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

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


def test_her_work_photos_and_portfolio_go_with_the_account(trainer, django_capture_on_commit_callbacks):
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
    # The files go once the deletion is committed.
    with django_capture_on_commit_callbacks(execute=True):
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


@pytest.fixture
def everywhere(trainer):
    """A learner every app holds something about: a workshop place and a class attended, a
    question asked, a notice, an assessed practical with a photo and a published portfolio, a
    trainer profile of her own with a photo of her work, a certificate."""
    from events.trainers.models import SamplePhoto
    from events.workshops import services as workshops
    from lms.lib.uploads import clean_photo
    from tests.events.trainers.conftest import approved_profile
    from tests.events.workshops.conftest import upload
    from tests.factories import make_workshop

    person = UserFactory(full_name="সুমাইয়া আক্তার")
    batch = make_workshop(trainers=[trainer], learners=[person])
    session = batch.sessions.order_by("starts_at")[0]
    events.record_attendance(session, person, "checkin", present=True, minutes=90)
    Question.objects.create(session=session, author=person, text="মোম কতটা গরম হবে?")
    notify(person, "certificate_issued", context={"certificate": None}, url="/me/certificates/", dedupe_key="t")
    practical = workshops.record_practical(
        batch, person, trainer, session=session, result="passed", photos=[clean_photo(upload())]
    )
    photo = practical.photos.get()
    workshops.update_portfolio(person, publish=True, photo_ids={photo.pk}, about="বাটিকের শাড়ি")
    profile = approved_profile(person, bio="যশোরের বাটিক শিল্পী")
    SamplePhoto.objects.create(profile=profile, image=clean_photo(upload("sample.jpg")))
    certificate, _ = issue_certificate(
        recipient=person, kind=Kind.WORKSHOP, source_key="privacy", values={"course": "বাটিক"}, title="বাটিক"
    )
    return person, certificate, photo, profile


def test_the_download_has_a_section_from_every_app_that_holds_her_data(everywhere):
    person, certificate, photo, _ = everywhere
    archive = zipfile.ZipFile(io.BytesIO(_client(person).get(en("people:download_data")).content))
    data = json.loads(archive.read("data.json"))
    assert data["enrolments"][0]["status"] == Enrolment.Status.ENROLLED  # courses
    assert data["attendance"][0]["minutes"] == 90  # events
    assert data["questions_asked"][0]["question"] == "মোম কতটা গরম হবে?"  # the class room
    assert data["notifications"] and data["consents"]  # notices; publishing her portfolio
    assert data["practical_assessments"][0]["photos"] == 1  # workshops
    assert data["portfolio"] == {"published": True, "about": "বাটিকের শাড়ি"}
    assert data["trainer_profile"]["bio"] == "যশোরের বাটিক শিল্পী"  # trainers
    assert data["certificates"][0]["serial"] == certificate.serial  # certificates
    # Her own sections first, then every app's by name: the file reads the same on every server.
    apps_sections = list(data)[3:]
    assert list(data)[:3] == ["exported_at", "profile", "consents"] and apps_sections == sorted(apps_sections)
    assert archive.namelist() == ["data.json", f"certificates/{certificate.serial}.pdf", f"work-photos/{photo.pk}.jpg"]


def test_an_app_failing_to_erase_its_part_undoes_the_whole_deletion(everywhere, django_capture_on_commit_callbacks):
    from events.workshops.models import Portfolio
    from lms.people import privacy
    from lms.people.signals import erase_personal_data

    person, certificate, photo, profile = everywhere
    files = [photo.image.path, photo.thumb.path, profile.samples.get().image.path]

    def broken(sender, user, **kwargs):
        raise RuntimeError("the forum's database is away")

    # Connected last, it fails after every app has erased its part.
    erase_personal_data.connect(broken, dispatch_uid="tests.privacy.broken")
    try:
        with pytest.raises(RuntimeError), django_capture_on_commit_callbacks(execute=True) as callbacks:
            privacy.erase(person, revoke_certificates=True)
    finally:
        erase_personal_data.disconnect(dispatch_uid="tests.privacy.broken")
    assert callbacks == []  # nothing was committed, so no file is deleted
    person.refresh_from_db()
    assert person.is_active and person.full_name == "সুমাইয়া আক্তার" and person.has_usable_password()
    assert Question.objects.filter(author=person).exists() and person.notifications.exists()
    assert Portfolio.objects.filter(user=person).exists() and photo.__class__.objects.filter(pk=photo.pk).exists()
    profile.refresh_from_db()
    assert profile.bio == "যশোরের বাটিক শিল্পী" and profile.samples.exists()
    assert Certificate.objects.get(pk=certificate.pk).status == Certificate.Status.VALID
    assert all(Path(f).exists() for f in files)


def test_her_trainer_profile_stays_for_her_classes_but_loses_its_words_and_photos(
    everywhere, django_capture_on_commit_callbacks
):
    person, _, _, profile = everywhere
    sample = Path(profile.samples.get().image.path)
    with django_capture_on_commit_callbacks(execute=True):
        _client(person).post(en("people:delete_account"), {"password": PASSWORD})
    profile.refresh_from_db()
    assert (profile.bio, profile.experience, profile.is_public) == ("", "", False)
    assert not profile.samples.exists() and not sample.exists()


def test_two_apps_exporting_the_same_section_is_a_mistake_caught_at_once(db):
    from django.core.exceptions import ImproperlyConfigured

    from lms.people import privacy
    from lms.people.signals import collect_personal_data

    def again(sender, user, **kwargs):
        return {"certificates": []}

    collect_personal_data.connect(again, dispatch_uid="tests.privacy.again")
    try:
        with pytest.raises(ImproperlyConfigured, match="certificates"):
            privacy.collect(UserFactory())
    finally:
        collect_personal_data.disconnect(dispatch_uid="tests.privacy.again")
