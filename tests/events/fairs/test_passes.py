"""The approved exhibitor's PDF pass: her Bangla name shaped right, the stall, and a QR that opens
the organisers' check-in page for her."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from django.urls import reverse

from events.fairs.models import Application
from events.fairs.passes import check_in_url
from tests.factories import make_exhibitor


def _pdf(client, application) -> bytes:
    response = client.get(reverse("fairs:exhibitor_pass", args=[application.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return response.content


def test_pass_prints_her_name_stall_and_a_qr_to_check_her_in(client, learner, fair, tmp_path):
    application = make_exhibitor(fair, learner, stall="A-7", business="রাবেয়া নকশিঘর")
    client.force_login(learner)
    path = tmp_path / "pass.pdf"
    path.write_bytes(_pdf(client, application))
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "মোছাঃ রাবেয়া খাতুন" in text and "রাবেয়া নকশিঘর" in text and "A-7" in text
    if shutil.which("zbarimg") and shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "200", "-singlefile", str(path), str(tmp_path / "pass")], check=True)
        decoded = subprocess.run(
            ["zbarimg", "--quiet", "--raw", str(tmp_path / "pass.png")], capture_output=True, text=True
        ).stdout.strip()
        assert decoded == check_in_url(application)


def test_only_she_and_organisers_get_the_pass_and_only_once_approved(client, learner, other_learner, organiser, fair):
    application = make_exhibitor(fair, learner)
    client.force_login(other_learner)
    assert client.get(reverse("fairs:exhibitor_pass", args=[application.pk])).status_code == 403
    client.force_login(organiser)
    assert client.get(reverse("fairs:exhibitor_pass", args=[application.pk])).status_code == 200
    Application.objects.filter(pk=application.pk).update(status="pending")
    client.force_login(learner)
    assert client.get(reverse("fairs:exhibitor_pass", args=[application.pk])).status_code == 404


@pytest.mark.parametrize("twice", [False, True])
def test_scanning_the_pass_checks_her_in_once(client, organiser, fair, twice):
    application = make_exhibitor(fair)
    client.force_login(organiser)
    url = reverse("fairs:scan", args=[application.pass_code])
    assert application.business_name in client.get(url).content.decode()
    client.post(url)
    first = Application.objects.get(pk=application.pk).checked_in_at
    if twice:
        client.post(url)
    assert first is not None and Application.objects.get(pk=application.pk).checked_in_at == first
