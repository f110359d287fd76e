import datetime as dt
import subprocess
import tempfile
import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.utils import timezone, translation

from certificates import services
from certificates.models import Certificate, CertificateTemplate
from courses.models import Enrolment
from courses.services import enrol, evaluate_completion
from lms.notifications.models import Notification
from tests.factories import UserFactory, make_batch, make_course
from tests.helpers import en


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _completed(learner, **course_fields):
    course = make_course("বাটিক শিল্পের হাতেখড়ি", min_attendance_percent=0, **course_fields)
    enrolment = enrol(learner, make_batch(course)).enrolment
    Enrolment.objects.filter(pk=enrolment.pk).update(status=Enrolment.Status.COMPLETED)
    enrolment.refresh_from_db()
    return enrolment


def _pdf_text(certificate) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(certificate.pdf.read())
        handle.flush()
        return subprocess.run(["pdftotext", handle.name, "-"], capture_output=True, text=True, check=True).stdout


def test_completion_issues_a_certificate_once_and_tells_the_learner(learner, django_capture_on_commit_callbacks):
    course = make_course("বাটিক শিল্পের হাতেখড়ি", min_attendance_percent=0)
    enrolment = enrol(learner, make_batch(course)).enrolment
    with django_capture_on_commit_callbacks(execute=True):
        evaluate_completion(enrolment)
        evaluate_completion(enrolment)
    certificate = Certificate.objects.get()
    assert certificate.recipient == learner and certificate.serial.startswith(f"UDY-{timezone.localdate().year}-")
    text = _pdf_text(certificate)
    assert "মোছাঃ রাবেয়া খাতুন" in text and "বাটিক শিল্পের হাতেখড়ি" in text and certificate.serial in text
    assert Notification.objects.filter(user=learner, kind="certificate_issued").count() == 1
    assert len(certificate.code) >= 22 and f"/{certificate.pk}/" not in en("certificates:verify", code=certificate.code)


def test_issuing_twice_gives_the_same_certificate(learner):
    enrolment = _completed(learner)
    first, created = services.issue_for_enrolment(enrolment)
    again, created_again = services.issue_for_enrolment(enrolment)
    assert created and not created_again and first.pk == again.pk
    assert Certificate.objects.count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL; CI runs it")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_organisers_clicking_at_once_make_one_certificate():
    enrolment = _completed(UserFactory())
    barrier = threading.Barrier(4)

    def click():
        barrier.wait()
        try:
            services.issue_for_enrolment(Enrolment.objects.select_related("user", "batch__course").get(pk=enrolment.pk))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=click) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Certificate.objects.filter(source_key=f"enrolment:{enrolment.pk}").count() == 1


def test_stored_pdf_does_not_change_when_template_or_name_changes(learner):
    certificate, _ = services.issue_for_enrolment(_completed(learner))
    before = certificate.pdf.read()
    CertificateTemplate.objects.filter(kind="course").update(title_bn="নতুন শিরোনাম")
    learner.full_name = "রাবেয়া খাতুন"
    learner.save()
    certificate.refresh_from_db()
    assert certificate.pdf.read() == before
    assert Client().get(en("certificates:verify", code=certificate.code)).content.decode().count("মোছাঃ রাবেয়া খাতুন")


def test_reissue_keeps_history_and_the_old_code_says_replaced(learner, organiser):
    certificate, _ = services.issue_for_enrolment(_completed(learner))
    learner.full_name = "মোছাম্মৎ রাবেয়া খাতুন"
    learner.save()
    client = Client()
    client.force_login(organiser)
    client.post(en("certificates:reissue", code=certificate.code))
    old = Certificate.objects.get(pk=certificate.pk)
    new = old.replaced_by
    assert old.status == "revoked" and new.recipient_name == "মোছাম্মৎ রাবেয়া খাতুন" and new.serial != old.serial
    html = Client().get(en("certificates:verify", code=old.code)).content.decode()
    assert "Revoked." in html and f"/verify/{new.code}/" in html
    assert "Valid." in Client().get(en("certificates:verify", code=new.code)).content.decode()


def test_revoked_certificate_shows_date_and_reason(learner, organiser):
    certificate, _ = services.issue_for_enrolment(_completed(learner))
    client = Client()
    client.force_login(organiser)
    client.post(en("certificates:revoke", code=certificate.code), {"reason": "Issued by mistake"})
    html = Client().get(en("certificates:verify", code=certificate.code)).content.decode()
    assert "Revoked." in html and "Issued by mistake" in html


def test_unknown_code_gets_a_plain_not_found_and_the_page_is_rate_limited(db):
    client = Client()
    response = client.get(en("certificates:verify", code="no-such-code"))
    assert response.status_code == 404 and "No certificate has this code" in response.content.decode()
    statuses = [client.get(en("certificates:verify", code=f"guess-{n}")).status_code for n in range(40)]
    assert statuses.count(429) >= 9
    limited = client.get(en("certificates:verify", code="x"))
    assert "try again in" in limited.content.decode() and int(limited["Retry-After"]) <= 60


def test_verify_page_has_preview_tags_and_no_personal_data(learner):
    certificate, _ = services.issue_for_enrolment(_completed(learner))
    html = Client().get(en("certificates:verify", code=certificate.code)).content.decode()
    assert 'property="og:title"' in html and "মোছাঃ রাবেয়া খাতুন" in html
    assert learner.national_phone not in html and learner.email not in html


def test_learner_lists_and_downloads_own_certificates(learner, other_learner):
    certificate, _ = services.issue_for_enrolment(_completed(learner))
    client = Client()
    client.force_login(learner)
    assert certificate.serial in client.get(en("certificates:mine")).content.decode()
    client.force_login(other_learner)
    assert certificate.serial not in client.get(en("certificates:mine")).content.decode()
    pdf = Client().get(en("certificates:verify_pdf", code=certificate.code))
    assert pdf["Content-Type"] == "application/pdf" and int(pdf["Content-Length"]) <= 300 * 1024


def test_organiser_issues_one_by_mobile_number_and_previews_templates(organiser, other_learner):
    client = Client()
    client.force_login(organiser)
    response = client.post(
        en("certificates:issue"),
        {"phone": other_learner.national_phone, "kind": "volunteer", "title": "Volunteer trainer 2026", "hours": "48"},
    )
    assert response.status_code == 302
    certificate = Certificate.objects.get(recipient=other_learner)
    assert "48" in _pdf_text(certificate) or "৪৮" in _pdf_text(certificate)
    template = CertificateTemplate.objects.get(kind="fair_award")
    preview = client.get(en("certificates:preview", template_id=template.pk) + "?language=bn")
    assert preview["Content-Type"] == "application/pdf" and preview.content.startswith(b"%PDF")


def test_every_default_template_renders_in_both_languages_to_png(tmp_path, db):
    from certificates.variables import sample_values

    for template in CertificateTemplate.objects.all():
        for language in ("bn", "en"):
            values = {**sample_values(language), "verify_url": "https://udyokta.example/verify/sample"}
            values["recipient_name"] = values["name"]
            pdf = tmp_path / f"{template.kind}-{language}.pdf"
            pdf.write_bytes(services.render_pdf(template, values, language))
            subprocess.run(["pdftoppm", "-png", "-r", "50", str(pdf), str(pdf.with_suffix(""))], check=True)
    assert len(list(tmp_path.glob("*.png"))) == 2 * CertificateTemplate.objects.count()


def test_certificate_waits_for_a_completed_enrolment(learner):
    from certificates.tasks import issue_for_enrolment

    course = make_course(min_attendance_percent=100)
    enrolment = enrol(learner, make_batch(course, first_date=timezone.localdate() + dt.timedelta(days=2))).enrolment
    assert issue_for_enrolment.delay(enrolment.pk).get() is None
    assert not Certificate.objects.exists()


def test_issued_certificate_downloads_as_an_open_badge_that_verifies_and_reports_revocation(learner, organiser):
    import base64
    import gzip

    from joserfc import jwt
    from joserfc.jwk import KeySet

    certificate, _ = services.issue_for_enrolment(_completed(learner))
    client = Client()
    token = client.get(f"/certificates/{certificate.code}/badge.jwt").content.decode()
    keys = KeySet.import_key_set(client.get("/badges/jwks.json").json())
    claims = jwt.decode(token, keys).claims
    credential = claims.get("vc") or claims
    assert "OpenBadgeCredential" in credential["type"]
    assert "বাটিক শিল্পের হাতেখড়ি" in credential["credentialSubject"]["achievement"]["name"]
    assert learner.national_phone not in token and learner.full_name not in str(credential)
    status = credential["credentialStatus"]
    index = int(status["statusListIndex"])

    def revoked() -> bool:
        listing = jwt.decode(client.get("/badges/status.jwt").content.decode(), keys).claims
        subject = (listing.get("vc") or listing)["credentialSubject"]
        encoded = subject["encodedList"].lstrip("u")
        bits = gzip.decompress(base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)))
        return bool(bits[index // 8] & (0x80 >> (index % 8)))

    assert revoked() is False
    services.revoke(certificate, "Issued by mistake")
    from django.core.cache import cache

    cache.clear()  # the status list is cached for five minutes
    assert revoked() is True
