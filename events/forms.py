from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import ClassSession
from lms.lib.phone import normalise_mobile
from lms.lib.tabular import TableFileField

MAX_REGISTER_BYTES = 1024 * 1024


class LinkForm(forms.Form):
    link = forms.URLField(label=_("Class link (Zoom, Facebook live or other)"), max_length=500)


class DetailsForm(forms.ModelForm):
    class Meta:
        model = ClassSession
        fields = ["recording_url", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


class MoveForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=_("New date and time (Dhaka)"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )

    def clean_starts_at(self):
        value = self.cleaned_data["starts_at"]
        return timezone.make_aware(value.replace(tzinfo=None)) if value.tzinfo is None else value


class RegisterForm(forms.Form):
    file = TableFileField(
        max_bytes=MAX_REGISTER_BYTES, label=_("Paper register as CSV or Excel (.xlsx) (columns: mobile, present)")
    )


# --- one row of the register (lms.lib.tabular checks each with this form) ------------------------------

REGISTER_COLUMNS = ("mobile", "present")
YES = {"1", "yes", "y", "present", "p", "হ্যাঁ", "উপস্থিত", "true"}
NO = {"0", "no", "n", "absent", "a", "না", "অনুপস্থিত", "false"}


class RegisterRowForm(forms.Form):
    mobile = forms.CharField(required=False)  # normalise_mobile words an empty cell itself
    present = forms.CharField(required=False)

    def __init__(self, *args: Any, enrolled: dict[str, Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.enrolled = enrolled  # the batch's learners by mobile number, looked up once per file

    def clean_mobile(self) -> str:
        phone = normalise_mobile(self.cleaned_data["mobile"])
        if phone not in self.enrolled:
            raise ValidationError(_("Nobody with this mobile number is enrolled in this batch."))
        return phone

    def clean_present(self) -> bool:
        answer = self.cleaned_data["present"].lower()
        if answer not in YES | NO:
            raise ValidationError(_("Write yes or no in the present column."))
        return answer in YES

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "mobile" in data:
            data["learner"] = self.enrolled[data["mobile"]]
        return data
