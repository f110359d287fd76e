from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import ClassSession

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
    file = forms.FileField(label=_("Paper register as CSV (columns: mobile, present)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_REGISTER_BYTES:
            raise forms.ValidationError(_("The file is too large (at most 1 MB)."))
        return upload
