"""The membership card: a PDF with the member's Bangla name shaped and extractable, the forum and
the member number, issued through the certificates service so its QR verifies like a certificate."""

from __future__ import annotations

import subprocess
import tempfile

from certificates.models import Certificate, Kind
from lms.forums import services
from tests.helpers import bn
from tests.lms.forums.conftest import member_of

NAME = "মোছাঃ রাবেয়া খাতুন"


def _text(pdf: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        return subprocess.run(["pdftotext", handle.name, "-"], capture_output=True, text=True, check=True).stdout


def test_member_downloads_a_card_with_her_bangla_name_forum_and_number(client, women, learner, organiser):
    membership = member_of(learner, women, organiser=organiser)
    client.force_login(learner)
    response = client.get(bn("forums:card", slug="womens-forum"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = b"".join(response.streaming_content)
    text = _text(pdf)
    assert NAME in text
    assert "নারী ফোরাম" in text and membership.member_no in text

    card = Certificate.objects.get(kind=Kind.FORUM_CARD)
    assert card.recipient == learner and card.recipient_name == NAME and card.title == "নারী ফোরাম"
    # Downloading again gives the same stored card.
    client.get(bn("forums:card", slug="womens-forum"))
    assert Certificate.objects.filter(kind=Kind.FORUM_CARD).count() == 1
    verify = client.get(bn("certificates:verify", code=card.code)).content.decode()
    assert NAME in verify


def test_leaving_revokes_the_card_and_rejoining_issues_a_new_one(youth, learner):
    membership = member_of(learner, youth)
    first = services.card(membership)
    services.leave(learner, youth)
    first.refresh_from_db()
    assert first.status == Certificate.Status.REVOKED
    again = services.card(member_of(learner, youth))
    assert again.pk != first.pk and again.is_valid


def test_non_members_have_no_card(client, women, learner):
    client.force_login(learner)
    assert client.get(bn("forums:card", slug="womens-forum")).status_code == 403
