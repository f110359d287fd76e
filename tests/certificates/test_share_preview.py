"""The verify page's share picture: the real PDF rasterised, stored on first request, none when revoked."""

import io
import re

import pytest
from django.test import Client
from django.utils import translation
from PIL import Image

from certificates import services
from certificates.models import Certificate
from certificates.render.preview import PREVIEW_SIZE
from courses.models import Enrolment
from courses.services import enrol
from tests.factories import make_batch, make_course
from tests.helpers import bn, en


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def certificate(learner) -> Certificate:
    enrolment = enrol(learner, make_batch(make_course("বাটিক শিল্পের হাতেখড়ি", min_attendance_percent=0))).enrolment
    Enrolment.objects.filter(pk=enrolment.pk).update(status=Enrolment.Status.COMPLETED)
    enrolment.refresh_from_db()
    return services.issue_for_enrolment(enrolment)[0]


def _og_image(html: str) -> str | None:
    match = re.search(r'<meta property="og:image" content="([^"]+)"', html)
    return match and match.group(1)


def test_verify_page_points_to_a_png_preview_of_the_certificate(certificate):
    html = Client().get(en("certificates:verify", code=certificate.code)).content.decode()
    url = _og_image(html)
    assert url == "http://testserver" + bn("certificates:verify_preview", code=certificate.code)
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert f'content="{PREVIEW_SIZE[0]}"' in html and f'content="{PREVIEW_SIZE[1]}"' in html
    response = Client().get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    png = b"".join(response.streaming_content)
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.size == PREVIEW_SIZE
    assert len(png) < 80 * 1024
    # The certificate itself, not an empty card: the middle has ink (dark pixels) in it.
    darkest = image.convert("L").crop((300, 150, 900, 480)).getextrema()[0]
    assert darkest < 80


def test_the_preview_is_stored_on_first_request_and_served_from_storage_after(certificate, monkeypatch):
    assert not certificate.preview
    first = b"".join(Client().get(en("certificates:verify_preview", code=certificate.code)).streaming_content)
    certificate.refresh_from_db()
    assert certificate.preview and certificate.preview.name.endswith(f"{certificate.code}.png")
    with certificate.preview.open("rb") as stored:
        assert stored.read() == first

    def render_again(pdf):
        raise AssertionError("rasterised again")

    monkeypatch.setattr(services, "preview_png", render_again)
    again = Client().get(en("certificates:verify_preview", code=certificate.code))
    assert b"".join(again.streaming_content) == first


def test_a_revoked_certificate_has_no_preview(certificate, organiser, django_capture_on_commit_callbacks):
    Client().get(en("certificates:verify_preview", code=certificate.code))
    certificate.refresh_from_db()
    storage, name = certificate.preview.storage, certificate.preview.name
    client = Client()
    client.force_login(organiser)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(en("certificates:revoke", code=certificate.code), {"reason": "Issued by mistake"})
    assert not storage.exists(name)
    html = Client().get(en("certificates:verify", code=certificate.code)).content.decode()
    assert _og_image(html) is None and '<meta name="twitter:card" content="summary">' in html
    assert Client().get(en("certificates:verify_preview", code=certificate.code)).status_code == 404


def test_an_unknown_code_has_no_preview(db):
    assert Client().get(en("certificates:verify_preview", code="no-such-code")).status_code == 404
