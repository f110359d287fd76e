"""Validation of people's names as they write them — usually in Bangla."""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

NAME_MAX_LENGTH = 120

# Zero-width (non-)joiners shape Bangla conjuncts (e.g. র‍্যা) and must be kept exactly.
_ALLOWED_FORMAT_CHARS = {"\u200c", "\u200d"}
_ALLOWED_PUNCTUATION = set(" .-'’:()ঃ")


def validate_person_name(value: str) -> None:
    """Letters, marks and a little punctuation; no emoji, symbols, digits or control codes."""
    if len(value) > NAME_MAX_LENGTH:
        raise ValidationError(
            _("A name can be at most %(max)d characters long."),
            code="too_long",
            params={"max": NAME_MAX_LENGTH},
        )
    if not value.strip():
        raise ValidationError(_("Enter a name."), code="required")
    for char in value:
        if char in _ALLOWED_FORMAT_CHARS or char in _ALLOWED_PUNCTUATION:
            continue
        category = unicodedata.category(char)
        if category[0] in {"L", "M"}:
            continue
        if category[0] == "C":
            raise ValidationError(
                _("The name contains an invisible control character; please type it again."),
                code="control_char",
            )
        raise ValidationError(
            _("A name can contain only letters (Bangla or English), spaces, dots and dashes — not “%(char)s”."),
            code="bad_char",
            params={"char": char},
        )


def clean_person_name(value: str) -> str:
    """Collapse runs of spaces and trim, leaving every other character exactly as typed."""
    cleaned = " ".join(part for part in value.split(" ") if part)
    validate_person_name(cleaned)
    return cleaned
