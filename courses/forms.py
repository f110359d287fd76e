from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from lms.lib.names import clean_person_name
from lms.lib.phone import normalise_mobile
from lms.lib.tabular import TableFileField
from lms.people.models import District

MAX_IMPORT_BYTES = 2 * 1024 * 1024


class ImportForm(forms.Form):
    file = TableFileField(
        max_bytes=MAX_IMPORT_BYTES,
        label=_("CSV or Excel (.xlsx) file"),
        help_text=_("Columns: name, mobile, district (Bangla or English name); optional: gender, email, name_en."),
    )


# --- one row of the file (lms.lib.tabular checks each with this form) ---------------------------------

ENROLMENT_COLUMNS = ("name", "mobile", "district")  # required; gender, email and name_en may be left out
GENDERS = {
    "female": "female",
    "f": "female",
    "নারী": "female",
    "মহিলা": "female",
    "male": "male",
    "m": "male",
    "পুরুষ": "male",
    "other": "other",
    "অন্যান্য": "other",
    "": "",
}


def district_names() -> dict[str, District]:
    """Every district by its Bangla name and by its English name in lower case, built once per file."""
    table = {}
    for district in District.objects.all():
        table[district.name_bn.strip()] = district
        table[district.name_en.strip().lower()] = district
    return table


class EnrolmentRowForm(forms.Form):
    # Not required at the field level: the name and mobile checks give their own words for an
    # empty cell, and every problem of a line is reported together.
    name = forms.CharField(required=False)
    mobile = forms.CharField(required=False)
    district = forms.CharField(required=False)
    gender = forms.CharField(required=False)
    email = forms.CharField(required=False)
    name_en = forms.CharField(required=False)

    def __init__(self, *args: Any, districts: dict[str, District], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.districts = districts

    def clean_name(self) -> str:
        return clean_person_name(self.cleaned_data["name"])

    def clean_mobile(self) -> str:
        return normalise_mobile(self.cleaned_data["mobile"])

    def clean_district(self) -> District:
        name = self.cleaned_data["district"]
        district = self.districts.get(name) or self.districts.get(name.lower())
        if district is None:
            raise ValidationError(_("Unknown district “%(d)s”."), params={"d": name})
        return district

    def clean_gender(self) -> str:
        gender = GENDERS.get(self.cleaned_data["gender"].lower())
        if gender is None:
            raise ValidationError(_("Gender must be female, male or other."))
        return gender

    def clean_email(self) -> str:
        email = self.cleaned_data["email"]
        if email:
            try:
                validate_email(email)
            except ValidationError:
                raise ValidationError(_("“%(e)s” is not an e-mail address."), params={"e": email}) from None
        return email
