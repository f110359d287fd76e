from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lms.forums.models import Announcement, Membership


class DirectoryForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["in_directory", "trades", "portfolio_url"]
        widgets = {"trades": forms.CheckboxSelectMultiple}
        labels = {"trades": _("my trades")}
        help_texts = {
            "in_directory": _(
                "Other members see your name, district, trades and link to your work. Never your mobile number."
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The trades (courses.Trade) come through the membership's own relation: forums sits
        # below courses and does not import it.
        trades = self.fields["trades"]
        trades.queryset = trades.queryset.order_by("name_en")

    def clean_portfolio_url(self) -> str:
        url = self.cleaned_data["portfolio_url"].strip()
        if url and not url.lower().startswith(("https://", "http://")):
            raise forms.ValidationError(_("Give a web address starting with https://"))
        return url


class AnnouncementForm(forms.ModelForm):
    class Meta:
        model = Announcement
        fields = ["title", "body", "title_en", "body_en"]
        widgets = {"body": forms.Textarea(attrs={"rows": 5}), "body_en": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"title_en": _("Optional: members who read English get this version.")}


class DecisionForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the person"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Sent with a decline or a removal; needed for a removal."),
    )
