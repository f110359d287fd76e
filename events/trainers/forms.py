from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.models import Batch, Trade
from events.trainers.models import Availability, Feedback, HoursEntry, Platform, TrainerProfile
from lms.lib.bangla import to_ascii_digits
from lms.lib.phone import normalise_mobile
from lms.lib.tabular import TableFileField
from lms.lib.uploads import clean_photo
from lms.people.models import District, User

MAX_SAMPLES = 6
MAX_LINKS = 10
MAX_IMPORT_BYTES = 1024 * 1024


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if len(files) > MAX_SAMPLES:
            raise ValidationError(_("At most %(n)s photos at a time.") % {"n": MAX_SAMPLES})
        return [clean_photo(super(MultiplePhotoField, self).clean(f, initial)) for f in files]


class ApplicationForm(forms.ModelForm):
    trades = forms.ModelMultipleChoiceField(
        queryset=Trade.objects.order_by("name_en"),
        widget=forms.CheckboxSelectMultiple,
        label=_("Trades you can teach"),
    )
    language_choices = forms.MultipleChoiceField(
        choices=settings.LANGUAGES, widget=forms.CheckboxSelectMultiple, label=_("Languages you teach in")
    )
    platform_choices = forms.MultipleChoiceField(
        choices=Platform.choices, widget=forms.CheckboxSelectMultiple, label=_("Where you can teach")
    )
    district = forms.ModelChoiceField(
        queryset=District.objects.order_by("name_en"), label=_("District"), empty_label=_("Choose your district")
    )
    samples = MultiplePhotoField(
        required=False,
        label=_("Photos of your work (optional)"),
        help_text=_("JPEG, PNG or WebP, up to 5 MB each, at most 6 at a time."),
    )
    photo = forms.FileField(
        required=False,
        label=_("Your photo (optional)"),
        help_text=_("Shown on your public profile only if you choose to show it."),
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    class Meta:
        model = TrainerProfile
        fields = [
            "trades",
            "experience",
            "sample_links",
            "district",
            "bio",
            "is_public",
            "show_photo",
            "show_district",
            "show_batches",
            "show_rating",
        ]
        widgets = {
            "experience": forms.Textarea(attrs={"rows": 4}),
            "sample_links": forms.Textarea(attrs={"rows": 3, "inputmode": "url"}),
            "bio": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["samples"].widget.attrs["accept"] = "image/jpeg,image/png,image/webp"
        if self.instance.pk:
            self.fields["language_choices"].initial = self.instance.language_list
            self.fields["platform_choices"].initial = self.instance.platform_list
        elif self.initial.get("district") is None:
            self.fields["language_choices"].initial = ["bn"]

    def clean_sample_links(self) -> str:
        lines = [line.strip() for line in self.cleaned_data["sample_links"].splitlines() if line.strip()]
        if len(lines) > MAX_LINKS:
            raise ValidationError(_("At most %(n)s links.") % {"n": MAX_LINKS})
        validate = URLValidator(schemes=["https", "http"])
        for line in lines:
            try:
                validate(line)
            except ValidationError:
                raise ValidationError(
                    _("“%(link)s” is not a web address (it starts with https://).") % {"link": line}
                ) from None
        return "\n".join(lines)

    def clean_photo(self):
        upload = self.cleaned_data.get("photo")
        return clean_photo(upload) if upload else None

    def save(self, commit: bool = True) -> TrainerProfile:
        profile = super().save(commit=False)
        profile.languages = ",".join(self.cleaned_data["language_choices"])
        profile.platforms = ",".join(self.cleaned_data["platform_choices"])
        if self.cleaned_data.get("photo"):
            profile.photo.save("photo.jpg", self.cleaned_data["photo"], save=False)
        if commit:
            profile.save()
            self.save_m2m()
            for content in self.cleaned_data.get("samples") or []:
                sample = profile.samples.model(profile=profile)
                sample.image.save("sample.jpg", content, save=True)
        return profile


class AvailabilityForm(forms.ModelForm):
    class Meta:
        model = Availability
        fields = ["weekday", "start", "end"]
        widgets = {
            "start": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "end": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }


AvailabilityFormSet = forms.inlineformset_factory(
    TrainerProfile, Availability, form=AvailabilityForm, extra=2, max_num=21, can_delete=True
)


class DecisionForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the applicant"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed when you decline: say what is missing, or why not now."),
    )


class SubstituteForm(forms.Form):
    reason = forms.CharField(label=_("Reason (optional)"), required=False, max_length=300)


class TaughtForm(forms.Form):
    minutes = forms.CharField(label=_("Minutes you taught"), max_length=4)

    def clean_minutes(self) -> int:
        value = to_ascii_digits(self.cleaned_data["minutes"].strip())
        if not value.isdigit() or not 1 <= int(value) <= 600:
            raise ValidationError(_("Give the minutes you taught, from 1 to 600."))
        return int(value)


class HoursEntryForm(forms.ModelForm):
    class Meta:
        model = HoursEntry
        fields = ["date", "hours", "kind", "description"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"})}

    def clean_date(self) -> dt.date:
        value = self.cleaned_data["date"]
        if value > timezone.localdate():
            raise ValidationError(_("Record hours once you have done the work."))
        return value


class FeedbackForm(forms.ModelForm):
    rating = forms.TypedChoiceField(
        label=_("How was this class?"),
        choices=[
            (5, _("5 — excellent")),
            (4, _("4 — good")),
            (3, _("3 — all right")),
            (2, _("2 — poor")),
            (1, _("1 — bad")),
        ],
        coerce=int,
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Feedback
        fields = ["rating", "comment"]
        widgets = {"comment": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"comment": _("The trainer reads it without your name.")}


class ImportForm(forms.Form):
    file = TableFileField(
        max_bytes=MAX_IMPORT_BYTES,
        label=_("CSV or Excel (.xlsx) file"),
        help_text=_("Columns: batch (its number), mobile (the trainer's)."),
    )


# --- one row of the assignments file (lms.lib.tabular checks each with this form) ----------------------

ASSIGNMENT_COLUMNS = ("batch", "mobile")


class AssignmentRowForm(forms.Form):
    batch = forms.CharField(required=False)
    mobile = forms.CharField(required=False)

    def clean_batch(self) -> Batch:
        number = self.cleaned_data["batch"]
        # isascii: "²" is a digit to Python but not a number; 18 digits stay inside every database's integer
        is_number = number.isascii() and number.isdigit() and len(number) <= 18
        batch = Batch.objects.filter(pk=int(number)).select_related("course").first() if is_number else None
        if batch is None:
            raise ValidationError(_("There is no batch number “%(n)s”."), params={"n": number})
        return batch

    def clean_mobile(self) -> User:
        number = self.cleaned_data["mobile"]
        try:
            return User.objects.get(phone=normalise_mobile(number))
        except (ValidationError, User.DoesNotExist):  # a bad number and an unknown one read the same here
            raise ValidationError(_("Nobody has the mobile number “%(m)s”."), params={"m": number}) from None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "mobile" in data:
            data["trainer"] = data.pop("mobile")  # the column holds a number; the row means a person
        return data


class PeriodForm(forms.Form):
    first = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    last = forms.DateField(label=_("Until"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("first") and data.get("last") and data["first"] > data["last"]:
            raise ValidationError(_("The period must end after it starts."))
        return data
