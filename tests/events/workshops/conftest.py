"""Shared pieces for workshop tests: a running workshop taught by the trainer persona with the
learner persona enrolled, and photos made the way phones make them."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.factories import make_workshop


@pytest.fixture
def workshop(trainer, learner, other_learner):
    return make_workshop(trainers=[trainer], learners=[learner, other_learner])


def photo_bytes(fmt: str = "JPEG", size=(64, 48), gps: bool = True) -> bytes:
    image = Image.new("RGB", size, (180, 60, 40))
    out = io.BytesIO()
    kwargs = {}
    if gps and fmt == "JPEG":
        exif = Image.Exif()
        exif[0x8825] = {2: (23.0, 10.0, 0.0), 4: (89.0, 12.0, 0.0)}  # where the learner lives
        exif[0x010F] = "PhoneMaker"
        kwargs["exif"] = exif.tobytes()
    image.save(out, fmt, **kwargs)
    return out.getvalue()


def upload(name: str = "work.jpg", fmt: str = "JPEG", **kwargs) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, photo_bytes(fmt, **kwargs), content_type="image/jpeg")
