"""Bangladeshi mobile numbers: parse what people type, store E.164 (+8801XXXXXXXXX)."""

from __future__ import annotations

import re

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from lms.lib.bangla import to_ascii_digits

_SEPARATORS = re.compile(r"[\s\-().]")
# Operators' prefixes: 013–019 (Grameenphone, Banglalink, Robi, Airtel, Teletalk).
_BD_MOBILE = re.compile(r"^\+8801[3-9]\d{8}$")


def normalise_mobile(raw: str) -> str:
    """Return +8801XXXXXXXXX for any way a Bangladeshi mobile number is written.

    Accepts 01712345678, +8801712345678, 8801712345678, 008801712345678, with spaces
    or dashes, in Bangla or ASCII digits. Raises ValidationError with a message a
    person can act on for anything else.
    """
    text = _SEPARATORS.sub("", to_ascii_digits((raw or "").strip()))
    if not text:
        raise ValidationError(_("Enter your mobile number."), code="required")
    if text.startswith("00"):
        text = "+" + text[2:]
    elif text.startswith("880"):
        text = "+" + text
    if not re.fullmatch(r"\+?\d+", text):
        raise ValidationError(_("A mobile number has only digits, like 01712345678."), code="invalid_phone")
    try:
        number = phonenumbers.parse(text, "BD")
    except phonenumbers.NumberParseException:
        raise ValidationError(_("Enter a Bangladeshi mobile number, like 01712345678."), code="invalid_phone") from None
    if number.country_code != 880:
        raise ValidationError(_("Only Bangladeshi mobile numbers (+880) can be used."), code="not_bangladeshi")
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    if not _BD_MOBILE.match(e164) or not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _("This is not a valid Bangladeshi mobile number: it has 11 digits and starts with 013–019."),
            code="invalid_phone",
        )
    return e164


def mask_mobile(e164: str) -> str:
    """+8801712345678 → +88017******78, for logs and lists that must not leak numbers."""
    if len(e164) < 8:
        return "*" * len(e164)
    return e164[:6] + "*" * (len(e164) - 8) + e164[-2:]


def national(e164: str) -> str:
    """+8801712345678 → 01712345678, the way people read their own number."""
    return "0" + e164[4:] if e164.startswith("+880") else e164
