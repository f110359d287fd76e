from __future__ import annotations

from allauth.account import forms as allauth_forms
from allauth.account.adapter import get_adapter
from allauth.account.utils import filter_users_by_email
from allauth.core import context, ratelimit
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from lms.lib.bangla import to_ascii_digits
from lms.lib.phone import normalise_mobile
from lms.people.admin_views import may_manage
from lms.people.fields import MobileNumberField, PersonNameField
from lms.people.models import District, User
from lms.people.sms import budget as sms_budget


def _district_choices_field(required: bool = False) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        queryset=District.objects.order_by("name_en"),
        required=required,
        label=_("District"),
        empty_label=_("Choose your district"),
    )


class LoginForm(allauth_forms.LoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = _("Mobile number or e-mail")
        self.fields["login"].widget.attrs.update(
            {"placeholder": _("01XXXXXXXXX or e-mail"), "autocomplete": "username"}
        )
        self.fields["password"].label = _("Password")
        self.fields["password"].widget.attrs["placeholder"] = ""
        self.fields["password"].help_text = ""  # the page has its own "forgot your password" links
        if "remember" in self.fields:
            self.fields["remember"].label = _("Remember me")

    def clean(self):
        cleaned_data = super().clean()
        user = getattr(self, "user", None)
        if user is not None and not user.phone_verified and settings.ACCOUNT_PHONE_VERIFICATION_ENABLED:
            # The login goes on to send a code to the number: it counts against the same caps.
            refusal = sms_budget.claim(user.phone)
            if refusal:
                raise ValidationError(refusal)
        return cleaned_data

    def clean_login(self) -> str:
        login = super().clean_login()
        # A mobile number typed as 017… or in Bangla digits still finds the account.
        if "@" not in login:
            field = MobileNumberField(required=True)
            try:
                return field.clean(login)
            except ValidationError:
                return login
        return login


class RequestLoginCodeForm(allauth_forms.RequestLoginCodeForm):
    """One answer for every number: "we have sent a code" whether or not it has an account (an
    unknown one gets no SMS), so the form does not tell who is a member."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._user = None  # allauth sets it only when a number or address was given
        if "phone" in self.fields:
            self.fields["phone"] = MobileNumberField(required=False)
        if "email" in self.fields:
            self.fields["email"].label = _("Or your e-mail address")
            self.fields["email"].required = False

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"]
        if phone:
            self._user = get_adapter().get_user_by_phone(phone)
            _consume_code_limits(phone)
        return phone

    def clean_email(self) -> str:
        email = self.cleaned_data["email"]
        if email:
            users = filter_users_by_email(email, is_active=True, prefer_verified=True, for_login=True)
            self._user = users[0] if users else None
            if not ratelimit.consume(context.request, action="request_login_code", key=email.lower()):
                raise get_adapter().validation_error("too_many_login_attempts")
        return email

    def clean(self):
        cleaned_data = super().clean()
        if not self.errors and not cleaned_data.get("phone") and not cleaned_data.get("email"):
            raise ValidationError(_("Enter your mobile number."))
        return cleaned_data


def _consume_code_limits(phone: str) -> None:
    """allauth's short-term limit per number, then our daily caps; the same for any number."""
    if not ratelimit.consume(context.request, action="request_login_code", key=phone.lower()):
        raise get_adapter().validation_error("too_many_login_attempts")
    refusal = sms_budget.claim(phone)
    if refusal:
        raise ValidationError(refusal)


class SignupForm(allauth_forms.SignupForm):
    full_name = PersonNameField(
        label=_("Full name"),
        help_text=_("As you write it, in Bangla or English. It is printed on your certificates."),
    )
    name_en = PersonNameField(
        label=_("Name in English (optional)"), required=False, help_text=_("Used on English certificates.")
    )
    gender = forms.ChoiceField(label=_("Gender"), choices=User.Gender.choices, required=False)
    birth_year = forms.IntegerField(label=_("Year of birth"), min_value=1920, max_value=2020, required=False)
    district = _district_choices_field()
    language = forms.ChoiceField(label=_("Preferred language"), choices=User.Language.choices, initial="bn")

    field_order = [
        "full_name",
        "phone",
        "password1",
        "password2",
        "email",
        "name_en",
        "gender",
        "birth_year",
        "district",
        "language",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phone"] = MobileNumberField(required=True)
        self.fields["email"].label = _("E-mail (optional)")
        self.fields["email"].required = False
        self.fields["email"].widget.attrs["placeholder"] = ""
        self.fields["password1"].label = _("Password")
        self.fields["password1"].widget.attrs["placeholder"] = ""
        self.fields["password2"].label = _("Password (again)")
        self.fields["password2"].widget.attrs["placeholder"] = ""
        self.order_fields(self.field_order)

    def clean_email(self):
        email = (self.cleaned_data.get("email") or "").strip()
        if not email:
            return ""
        if User.objects.filter(email__iexact=email).exists():
            raise ValidationError(_("Someone is already registered with this e-mail address."))
        return email.lower()

    def clean_phone(self):
        phone = self.cleaned_data["phone"]
        if User.objects.filter(phone=phone).exists():
            raise ValidationError(
                _("Someone is already registered with this mobile number. Log in instead, or use “Log in with a code”.")
            )
        return phone

    def clean(self):
        cleaned_data = super().clean()
        # The account opens only once a code sent to the number comes back. Counted only for an
        # otherwise good form: a typo elsewhere must not use up the day's codes for the number.
        if not self.errors and cleaned_data.get("phone"):
            refusal = sms_budget.claim(cleaned_data["phone"])
            if refusal:
                raise ValidationError(refusal)
        return cleaned_data


class ProfileForm(forms.ModelForm):
    full_name = PersonNameField(label=_("Full name"))
    name_en = PersonNameField(label=_("Name in English (optional)"), required=False)
    email = forms.EmailField(label=_("E-mail (optional)"), required=False)
    district = _district_choices_field()

    class Meta:
        model = User
        fields = ["full_name", "name_en", "email", "gender", "birth_year", "district", "language"]
        labels = {
            "gender": _("Gender"),
            "birth_year": _("Year of birth"),
            "language": _("Preferred language"),
        }

    def clean_email(self):
        email = (self.cleaned_data.get("email") or "").strip().lower()
        if not email:
            return None
        if User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk).exists():
            raise ValidationError(_("Someone is already registered with this e-mail address."))
        return email


class ResetLinkForm(forms.Form):
    phone = MobileNumberField(label=_("Mobile number of the person"))

    def __init__(self, *args, by: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.by = by

    def clean_phone(self):
        phone = self.cleaned_data["phone"]
        self.user = User.objects.filter(phone=phone, is_active=True).first()
        if self.user is None:
            raise ValidationError(_("No account uses this mobile number."))
        if not may_manage(self.by, self.user):
            # A link for an account with staff powers would hand those powers to whoever asked.
            raise ValidationError(_("Only the administrator can make a password link for a staff account."))
        return phone


def _relabel(form: forms.Form, labels: dict) -> None:
    for name, label in labels.items():
        if name in form.fields:
            form.fields[name].label = label
            form.fields[name].widget.attrs.pop("placeholder", None)


class ChangePasswordForm(allauth_forms.ChangePasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _relabel(
            self,
            {
                "oldpassword": _("Current password"),
                "password1": _("New password"),
                "password2": _("New password (again)"),
            },
        )


class SetPasswordForm(allauth_forms.SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _relabel(self, {"password1": _("New password"), "password2": _("New password (again)")})


class ResetPasswordForm(allauth_forms.ResetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _relabel(self, {"email": _("E-mail address")})


class ResetPasswordKeyForm(allauth_forms.ResetPasswordKeyForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _relabel(self, {"password1": _("New password"), "password2": _("New password (again)")})


class _BanglaDigitsCode:
    """Codes typed on a Bangla keyboard come in Bangla digits; accept them."""

    def clean_code(self):
        self.cleaned_data["code"] = to_ascii_digits(self.cleaned_data.get("code", "")).strip()
        return super().clean_code()


class ConfirmLoginCodeForm(_BanglaDigitsCode, allauth_forms.ConfirmLoginCodeForm):
    pass


class VerifyPhoneForm(_BanglaDigitsCode, allauth_forms.VerifyPhoneForm):
    pass


class DeleteAccountForm(forms.Form):
    """Deleting is for good: the person confirms with their password."""

    password = forms.CharField(label=_("Your password"), widget=forms.PasswordInput, strip=False)
    revoke_certificates = forms.BooleanField(
        label=_("Also revoke my certificates (their verification pages will then say revoked)"), required=False
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        if not user.has_usable_password():  # someone who only ever logs in with SMS codes
            self.fields["password"] = forms.CharField(label=_("Type your mobile number to confirm"), max_length=20)

    def clean_password(self) -> str:
        given = self.cleaned_data["password"]
        if self.user.has_usable_password():
            if not self.user.check_password(given):
                raise forms.ValidationError(_("That is not your password."))
        else:
            try:
                same = normalise_mobile(given) == self.user.phone
            except forms.ValidationError:
                same = False
            if not same:
                raise forms.ValidationError(_("That is not your mobile number."))
        return given
