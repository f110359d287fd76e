from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.models import Batch, Trade
from lms.impact.figures import Filters
from lms.impact.models import FollowUp
from lms.people.models import District, Division, User

UNSAID = "unsaid"  # "prefer not to say" is stored as "", which a GET form reads as "any"


def default_period(today: dt.date) -> tuple[dt.date, dt.date]:
    """The last twelve months, whole months: the month chart gets twelve bars."""
    first = today.replace(day=1)
    for _month in range(11):
        first = (first - dt.timedelta(days=1)).replace(day=1)
    return first, today


class FilterForm(forms.Form):
    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    division = forms.ModelChoiceField(Division.objects.all(), label=_("Division"), required=False, empty_label=_("All"))
    district = forms.ModelChoiceField(District.objects.all(), label=_("District"), required=False, empty_label=_("All"))
    trade = forms.ModelChoiceField(Trade.objects.all(), label=_("Trade"), required=False, empty_label=_("All"))
    gender = forms.ChoiceField(
        label=_("Gender"),
        required=False,
        choices=[("", _("All"))] + [(value or UNSAID, label) for value, label in User.Gender.choices],
    )
    delivery = forms.ChoiceField(
        label=_("How it was held"), required=False, choices=[("", _("All")), *Batch.Delivery.choices]
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            raise forms.ValidationError(_("The start of the period must come before its end."))
        district, division = data.get("district"), data.get("division")
        if district and division and district.division_id != division.pk:
            self.add_error("district", _("This district is not in the division you chose."))
        return data

    def filters(self, today: dt.date | None = None) -> Filters:
        """The filters asked for; what is missing or wrong falls back to the default period."""
        first, last = default_period(today or timezone.localdate())
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        gender = data.get("gender") or None
        return Filters(
            start=data.get("start") or first,
            end=data.get("end") or last,
            division_id=data["division"].pk if data.get("division") else None,
            district_id=data["district"].pk if data.get("district") else None,
            trade_id=data["trade"].pk if data.get("trade") else None,
            gender="" if gender == UNSAID else gender,
            delivery=data.get("delivery") or None,
        )


class SurveyForm(forms.ModelForm):
    class Meta:
        model = FollowUp
        fields = [
            "business",
            "trade",
            "sells_facebook",
            "sells_marketplace",
            "sells_livestream",
            "income",
            "registered",
        ]
        widgets = {
            "business": forms.RadioSelect,
            "income": forms.RadioSelect,
            "registered": forms.RadioSelect,
        }
        help_texts = {"sells_facebook": _("Do you sell online? Tick all that apply.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["trade"].empty_label = _("Choose a trade")
        self.fields["income"].choices = FollowUp.Income.choices
        self.fields["registered"].choices = FollowUp.Registered.choices

    def clean(self):
        data = super().clean()
        if data.get("business") in (FollowUp.Business.STARTED, FollowUp.Business.GREW) and not data.get("trade"):
            self.add_error("trade", _("Choose the trade of your business."))
        return data
