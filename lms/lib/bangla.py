"""Bangla digits and the small text helpers the rest of the code shares."""

from __future__ import annotations

BN_DIGITS = "০১২৩৪৫৬৭৮৯"
_TO_BN = str.maketrans("0123456789", BN_DIGITS)
# Bangla and Arabic-Indic digits both appear in what people type on phones.
_TO_ASCII = str.maketrans(BN_DIGITS + "٠١٢٣٤٥٦٧٨٩" + "۰۱۲۳۴۵۶۷۸۹", "0123456789" * 3)


def to_bn_digits(value: object) -> str:
    return str(value).translate(_TO_BN)


def to_ascii_digits(value: str) -> str:
    return value.translate(_TO_ASCII)


def localise_digits(value: object, language: str | None) -> str:
    """Bangla digits when the reader reads Bangla; the value as text otherwise."""
    text = str(value)
    return to_bn_digits(text) if (language or "").startswith("bn") else text
