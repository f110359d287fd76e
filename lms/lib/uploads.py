"""Photos people upload (their own photo, photos of their work), made safe before they are stored.

We never keep what was uploaded: the file must decode as a JPEG, PNG or WebP image of sane size,
and is then re-encoded as a fresh JPEG at most 1600 px wide. That drops whatever rode along
(EXIF with the GPS position of someone's home, scripts in a polyglot file, a wrong extension)
and keeps pages light on mobile data.
"""

from __future__ import annotations

import io

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from lms.lib.bangla import localise_digits

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a 40 MP phone photo; more is a decompression bomb, not a photo
MAX_SIDE = 1600
ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP"}


def clean_photo(upload: UploadedFile, *, max_bytes: int = MAX_UPLOAD_BYTES) -> ContentFile:
    """A re-encoded JPEG of the uploaded image, or ValidationError saying what is wrong."""
    if (upload.size or 0) > max_bytes:  # an upload always has a size; the stubs allow None
        raise ValidationError(
            _("The photo is too large (at most %(mb)s MB).")
            % {"mb": localise_digits(max_bytes // 2**20, get_language())}
        )
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            if probe.format not in ALLOWED_FORMATS:
                raise ValidationError(_("Upload a photo (JPEG, PNG or WebP)."))
            width, height = probe.size
            if width * height > MAX_PIXELS:
                raise ValidationError(_("The photo has too many pixels. Send a smaller one."))
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as opened:
            image = ImageOps.exif_transpose(opened)  # phones store "rotate me" in EXIF, which we drop
            image = image.convert("RGB")
            image.thumbnail((MAX_SIDE, MAX_SIDE))
            out = io.BytesIO()
            image.save(out, "JPEG", quality=82, optimize=True)
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as error:
        raise ValidationError(_("Upload a photo (JPEG, PNG or WebP).")) from error
    return ContentFile(out.getvalue(), name="photo.jpg")
