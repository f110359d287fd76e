from django import forms
from django.utils.translation import gettext_lazy as _

from certificates.models import Kind
from lms.people.fields import MobileNumberField
from lms.people.models import User


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Reason (shown on the verification page)"), max_length=300)


class ManualIssueForm(forms.Form):
    phone = MobileNumberField(label=_("Mobile number of the person"))
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    title = forms.CharField(label=_("What it certifies"), max_length=200, help_text=_("e.g. the course or the fair"))
    hours = forms.CharField(label=_("Hours (if any)"), max_length=10, required=False)

    def clean_phone(self):
        phone = self.cleaned_data["phone"]
        self.person = User.objects.filter(phone=phone).first()
        if self.person is None:
            raise forms.ValidationError(_("No account uses this mobile number."))
        return phone
