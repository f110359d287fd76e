from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from courses.models import Trade
from events.fairs.models import Application
from lms.lib.bangla import to_ascii_digits
from lms.lib.uploads import clean_photo

PHOTO_ACCEPT = {"accept": "image/jpeg,image/png,image/webp"}


class ApplicationForm(forms.ModelForm):
    """The stall application with up to three products, each with an optional photo."""

    product_1 = forms.CharField(label=_("Product 1"), max_length=120, help_text=_("e.g. nakshi kantha bed cover"))
    photo_1 = forms.ImageField(label=_("Photo of product 1"), required=False, widget=forms.FileInput(PHOTO_ACCEPT))
    product_2 = forms.CharField(label=_("Product 2"), max_length=120, required=False)
    photo_2 = forms.ImageField(label=_("Photo of product 2"), required=False, widget=forms.FileInput(PHOTO_ACCEPT))
    product_3 = forms.CharField(label=_("Product 3"), max_length=120, required=False)
    photo_3 = forms.ImageField(label=_("Photo of product 3"), required=False, widget=forms.FileInput(PHOTO_ACCEPT))

    class Meta:
        model = Application
        fields = [
            "business_name",
            "trade",
            "bscic_number",
            "stall_preference",
            "needs_electricity",
            "needs_table",
            "other_needs",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["trade"].queryset = Trade.objects.order_by("name_en")
        self.fields["trade"].required = True
        self.fields["trade"].label = _("Trade")

    def _photo(self, name: str):
        upload = self.cleaned_data.get(name)
        if not upload:
            return None
        try:
            return clean_photo(upload)
        except ValidationError as error:
            raise ValidationError(error.messages) from None

    def clean_photo_1(self):
        return self._photo("photo_1")

    def clean_photo_2(self):
        return self._photo("photo_2")

    def clean_photo_3(self):
        return self._photo("photo_3")

    def clean_bscic_number(self) -> str:
        return to_ascii_digits(self.cleaned_data.get("bscic_number", "")).strip().upper()

    def products(self) -> list[tuple[str, object]]:
        data = self.cleaned_data
        return [(data.get(f"product_{i}") or "", data.get(f"photo_{i}")) for i in (1, 2, 3)]


class DecisionForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (Application.Status.APPROVED, _("Approve")),
            (Application.Status.WAITLISTED, _("Waiting list")),
            (Application.Status.DECLINED, _("Decline")),
        ],
        widget=forms.RadioSelect,
    )
    stall = forms.CharField(label=_("Stall number"), max_length=10, required=False, help_text=_("e.g. A-12"))
    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        required=False,
        help_text=_("Required when declining; the applicant reads it."),
    )

    def clean_stall(self) -> str:
        return to_ascii_digits(self.cleaned_data.get("stall", "")).strip().upper()


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Why reopen?"), max_length=300)


class AwardCategoryAdminForm(WagtailAdminModelForm):
    """The admin's form for an award category: once its results are final, what decides them
    (criteria and weights, the scale, which trade competes) stays as it was until reopened."""

    FROZEN_FIELDS = ("scale_max", "trade", "fair")

    def clean(self):
        cleaned = super().clean()
        category = self.instance
        if category.pk and category.is_finalised:
            criteria = self.formsets.get("criteria")
            if (criteria is not None and criteria.has_changed()) or any(
                name in self.changed_data for name in self.FROZEN_FIELDS
            ):
                raise ValidationError(
                    _(
                        "The results of this category are final, so its criteria, weights, scale and trade "
                        "cannot change. Reopen the results on the judging page first (the reopening is logged)."
                    ),
                    code="finalised",
                )
        return cleaned
