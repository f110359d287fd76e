from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cms.templatetags.site_tags import when
from events.workshops.models import MAX_PHOTOS, Practical, WorkshopDetails
from lms.lib.bangla import localise_digits
from lms.lib.phone import normalise_mobile
from lms.lib.uploads import clean_photo

MAX_PHOTO_BYTES = 10 * 1024 * 1024


class DetailsForm(forms.ModelForm):
    class Meta:
        model = WorkshopDetails
        fields = ["address", "map_url", "materials_to_bring", "materials_provided", "contact_phone"]
        widgets = {
            "address": forms.Textarea(attrs={"rows": 2}),
            "materials_to_bring": forms.Textarea(attrs={"rows": 3}),
            "materials_provided": forms.Textarea(attrs={"rows": 3}),
            "map_url": forms.URLInput(attrs={"placeholder": "https://maps.google.com/…"}),
        }
        help_texts = {
            "materials_to_bring": _("One item a line."),
            "materials_provided": _("One item a line."),
        }

    def clean_contact_phone(self) -> str:
        value = self.cleaned_data.get("contact_phone", "").strip()
        return normalise_mobile(value) if value else ""


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Up to MAX_PHOTOS files, each checked by its content and re-encoded (EXIF gone)."""

    widget = MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"})

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(files) > MAX_PHOTOS:
            raise ValidationError(_("At most %(n)s photos at a time.") % {"n": MAX_PHOTOS})
        cleaned = []
        for number, upload in enumerate(files, start=1):
            upload = super().clean(upload, initial)
            try:
                cleaned.append(clean_photo(upload, max_bytes=MAX_PHOTO_BYTES))
            except ValidationError as error:
                raise ValidationError(
                    _("Photo %(n)s (%(name)s): %(problem)s")
                    % {"n": number, "name": upload.name[:60], "problem": error.messages[0]}
                ) from None
        return cleaned


class PracticalForm(forms.Form):
    result = forms.ChoiceField(label=_("Result"), choices=Practical.Result.choices, widget=forms.RadioSelect)
    session = forms.IntegerField(label=_("Class in which you saw the work"), widget=forms.Select)
    comment = forms.CharField(
        label=_("Comment for the learner"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What is good and what to practise; the learner reads it."),
    )
    photos = PhotosField(
        label=_("Photos of the piece (up to 5)"),
        required=False,
        help_text=_("JPEG, PNG or WebP, at most 10 MB each. Location data is removed."),
    )

    def __init__(self, *args, sessions=(), now=None, **kwargs):
        """sessions: the batch's classes that are not cancelled; only those held are offered."""
        super().__init__(*args, **kwargs)
        self.sessions = {s.pk: s for s in sessions}
        self.now = now
        held = sorted((s for s in sessions if s.starts_at <= now), key=lambda s: s.starts_at, reverse=True)
        self.fields["session"].widget.choices = [(s.pk, _session_label(s)) for s in held]
        if held and not self.is_bound:
            self.initial.setdefault("session", held[0].pk)

    def clean_session(self):
        session = self.sessions.get(self.cleaned_data["session"])
        if session is None:
            raise ValidationError(_("Choose a class of this workshop."))
        if session.starts_at > self.now:
            raise ValidationError(
                _("That class has not been held yet: a result can be recorded only for a class that has taken place.")
            )
        return session


def _session_label(session) -> str:
    return f"{localise_digits(session.sequence, get_language())} · {when(session.starts_at)}"


class PortfolioForm(forms.Form):
    about = forms.CharField(label=_("A line about your work"), max_length=200, required=False)
    photos = forms.TypedMultipleChoiceField(
        label=_("Photos to show"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, photos=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["photos"].choices = [(p.pk, str(p.pk)) for p in photos]
