"""Sample layouts and pictures for certificate rendering tests: no database, no files in the repository."""

from __future__ import annotations

import io
import math

import pytest
from PIL import Image, ImageDraw

from certificates.render import CertificateLayout, Signatory

RABEYA_BN = "মোছাঃ রাবেয়া খাতুন"
RABEYA_EN = "Mst. Rabeya Khatun"
COURSE_BN = "নকশিকাঁথা: ক্ষুদ্র উদ্যোক্তার জন্য Python-এর প্রাথমিক পাঠ"
COURSE_EN = "Nakshi Kantha for small entrepreneurs"
SERIAL = "UDY-2026-000123"
VERIFY_URL = "https://udyokta.org.bd/c/UDY-2026-000123"


def logo_png() -> bytes:
    """A round emblem: eight white petals on madder red, a gold heart."""
    size = 240
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((8, 8, size - 8, size - 8), fill=(122, 31, 43, 255))
    draw.ellipse((26, 26, size - 26, size - 26), outline=(176, 141, 60, 255), width=5)
    c = size / 2
    for k in range(8):
        x, y = c + 52 * math.cos(k * math.pi / 4), c + 52 * math.sin(k * math.pi / 4)
        draw.ellipse((x - 20, y - 20, x + 20, y + 20), fill=(255, 255, 255, 255))
    draw.ellipse((c - 26, c - 26, c + 26, c + 26), fill=(176, 141, 60, 255))
    return _png(image)


def signature_png(seed: int) -> bytes:
    """A scribble in blue ink on a transparent background."""
    image = Image.new("RGBA", (360, 110), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    points = []
    for i in range(160):
        t = i / 159
        y = 60 + 28 * math.sin(t * (9 + seed) * math.pi) * (1 - t / 2) + 10 * math.cos(t * 23 * math.pi + seed)
        points.append((20 + 320 * t, y))
    draw.line(points, fill=(25, 40, 110, 255), width=4, joint="curve")
    draw.line([(40, 92), (300, 84)], fill=(25, 40, 110, 255), width=3)
    return _png(image)


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def bn_layout(**changes) -> CertificateLayout:
    fields = {
        "title": "প্রশিক্ষণ সনদপত্র",
        "subtitle": "এই মর্মে প্রত্যয়ন করা যাচ্ছে যে",
        "body": (
            "উদ্যোক্তা আয়োজিত “{course_title}” কোর্সটি তিনি সফলভাবে সম্পন্ন করেছেন। "
            "স্বেচ্ছাসেবী প্রশিক্ষকদের সাথে {hours} ঘণ্টার হাতে-কলমে প্রশিক্ষণ নিয়েছেন। আমরা তাঁর সাফল্য কামনা করি।"
        ),
        "organisation": "বাংলাদেশ হস্তশিল্প প্রস্তুতকারক ও রপ্তানিকারক সমিতি",
        "subject": "{course_title}",
        "signatories": (
            Signatory("শাহানা পারভীন", "স্বেচ্ছাসেবী প্রশিক্ষক"),
            Signatory("রোকসানা বেগম", "প্রোগ্রাম সমন্বয়কারী"),
            Signatory("মোঃ রফিকুল ইসলাম", "সভাপতি"),
        ),
    }
    fields.update(changes)
    return CertificateLayout(**fields)


def en_layout(**changes) -> CertificateLayout:
    fields = {
        "title": "Certificate of Completion",
        "subtitle": "This is to certify that",
        "body": (
            "has successfully completed the course “{course_title}” run by Udyokta, "
            "with {hours} hours of hands-on training alongside volunteer trainers."
        ),
        "organisation": "Bangladesh Handicrafts Manufacturers and Exporters Association",
        "subject": "{course_title}",
        "signatories": (
            Signatory("Shahana Parvin", "Volunteer Trainer"),
            Signatory("Roksana Begum", "Programme Coordinator"),
            Signatory("Md. Rafiqul Islam", "President"),
        ),
    }
    fields.update(changes)
    return CertificateLayout(**fields)


def bn_values(**changes: str) -> dict[str, str]:
    values = {
        "recipient_name": RABEYA_BN,
        "course_title": COURSE_BN,
        "hours": "২৪",
        "date": "১৫ মার্চ ২০২৬",
        "serial": SERIAL,
        "verify_url": VERIFY_URL,
    }
    values.update(changes)
    return values


def en_values(**changes: str) -> dict[str, str]:
    values = {
        "recipient_name": RABEYA_EN,
        "course_title": COURSE_EN,
        "hours": "24",
        "date": "15 March 2026",
        "serial": SERIAL,
        "verify_url": VERIFY_URL,
    }
    values.update(changes)
    return values


@pytest.fixture(scope="session")
def logo() -> bytes:
    return logo_png()


@pytest.fixture(scope="session")
def signatures() -> list[bytes]:
    return [signature_png(seed) for seed in (1, 3, 5)]
