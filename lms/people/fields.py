from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lms.lib.names import NAME_MAX_LENGTH, clean_person_name
from lms.lib.phone import normalise_mobile


class MobileNumberField(forms.CharField):
    """Takes a Bangladeshi mobile number as people write it; cleans to +8801XXXXXXXXX."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Mobile number"))
        kwargs.setdefault("max_length", 32)
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel", "placeholder": _("01XXXXXXXXX")}
            ),
        )
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value in self.empty_values:
            return value
        return normalise_mobile(value)


class PersonNameField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", NAME_MAX_LENGTH)
        # Do not strip inner characters: zero-width joiners are part of Bangla spelling.
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value in self.empty_values:
            return value
        return clean_person_name(value)
