"""The account adapter: how allauth reads and writes our user model's mobile number,
sends codes by SMS, and words its messages (in our catalogue, so they are in Bangla too)."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from allauth.account.models import EmailAddress
from allauth.core import context
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lms.lib.client import client_address
from lms.lib.phone import normalise_mobile
from lms.people.fields import MobileNumberField
from lms.people.models import User
from lms.people.sms import send_sms


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "email_password_mismatch": _("The e-mail address and/or password you gave are not correct."),
        "phone_password_mismatch": _("The mobile number and/or password you gave are not correct."),
        "email_taken": _("Someone is already registered with this e-mail address."),
        "phone_taken": _(
            "Someone is already registered with this mobile number. Log in instead, or use “Log in with a code”."
        ),
        "too_many_login_attempts": _(
            "Too many failed attempts to log in. Please try again in 15 minutes, "
            "or log in with a code sent to your mobile."
        ),
        "unknown_email": _("No account uses this e-mail address."),
        "unknown_phone": _("No account uses this mobile number. Sign up first."),
        "invalid_login": _("Enter your mobile number or e-mail address."),
        "incorrect_code": _("That code is not right. Check the SMS and try again."),
        "account_inactive": _("This account is not active."),
    }

    # --- who is trying: the keys of the login limits ----------------------------------

    def get_client_ip(self, request) -> str:
        # allauth's per-address limits see the address our own limits see (lms/lib/client.py).
        return client_address(request)

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        # allauth keys "login_failed" on credentials["email"] or ["username"] only; a phone login
        # passes credentials["phone"], so every mobile number shared one bucket and five wrong
        # passwords for one number locked every number. One bucket per number (however typed)
        # or e-mail address. Password reset clears the same key through this method.
        login = credentials.get("phone") or ""
        if login:
            try:
                login = normalise_mobile(login)
            except ValidationError:
                pass
        else:
            login = (credentials.get("email") or credentials.get("username") or "").lower()
        return f"{super()._get_login_attempts_cache_key(request)}{login}"

    # --- the mobile number lives on the user row ---------------------------------------

    def phone_form_field(self, **kwargs):
        return MobileNumberField(**kwargs)

    def clean_phone(self, phone: str) -> str:
        return normalise_mobile(phone)

    def set_phone(self, user: User, phone: str, verified: bool) -> None:
        user.phone = normalise_mobile(phone)
        user.phone_verified = verified
        if user.pk:
            user.save(update_fields=["phone", "phone_verified"])

    def get_phone(self, user: User) -> tuple[str, bool] | None:
        return (user.phone, user.phone_verified) if user.phone else None

    def set_phone_verified(self, user: User, phone: str) -> None:
        if user.phone == phone:
            # An account with no password (imported by an organiser) has nothing to take over.
            if not user.phone_verified and user.has_usable_password() and self.proved_by_login_code(user):
                self.replace_unconfirmed_account(user)
            user.phone_verified = True
            user.save(update_fields=["phone_verified"])

    def proved_by_login_code(self, user: User) -> bool:
        """Was the number just proved by "log in with a code" (not by this person's own sign-up)?
        The code login records itself before it marks the number verified."""
        records = get_authentication_records(context.request, user) if context.request else []
        return bool(records) and records[-1].get("method") == "code"

    def replace_unconfirmed_account(self, user: User) -> None:
        """Whoever signed up with this number never proved it; its owner just did. She gets the
        account, not a shared one: the sign-up's password and e-mail address stop working (a new
        password hash also ends any session made with the old one)."""
        user.set_unusable_password()
        user.email = None
        user.save(update_fields=["password", "email"])
        EmailAddress.objects.filter(user=user).delete()

    def get_user_by_phone(self, phone: str) -> User | None:
        try:
            phone = normalise_mobile(phone)
        except ValidationError:
            return None
        return User.objects.filter(phone=phone).first()

    def send_verification_code_sms(self, user: User, phone: str, code: str, **kwargs) -> None:
        # Short and in the person's language: SMS in Bangla costs more per character.
        from django.utils import translation

        with translation.override(getattr(user, "language", None) or "bn"):
            text = gettext("Udyokta code: %(code)s. It expires in 5 minutes. Do not share it.") % {"code": code}
        send_sms(phone, text)

    def send_unknown_account_sms(self, phone: str, **kwargs) -> None:
        return None

    def send_account_already_exists_sms(self, phone: str) -> None:
        return None

    # --- sign-up -----------------------------------------------------------------------

    def save_user(self, request, user: User, form, commit: bool = True) -> User:
        data = form.cleaned_data
        user.full_name = data["full_name"]
        user.name_en = data.get("name_en", "")
        user.gender = data.get("gender", "")
        user.birth_year = data.get("birth_year")
        user.district = data.get("district")
        user.language = data.get("language") or "bn"
        user.email = data.get("email") or None
        user.phone = data["phone"]
        user.set_password(data["password1"])
        if commit:
            user.save()
        return user

    def add_message(self, request, level, message_template=None, message_context=None, extra_tags="", message=None):
        # allauth's own messages are only in English; ours say the same thing in both.
        text = _OUR_MESSAGES.get(message_template or "")
        if text is not None:
            messages.add_message(request, level, text, extra_tags=extra_tags)
            return
        if message is not None:
            messages.add_message(request, level, message, extra_tags=extra_tags)


_OUR_MESSAGES = {
    "account/messages/logged_in.txt": _("You are logged in."),
    "account/messages/logged_out.txt": _("You have logged out."),
    "account/messages/password_changed.txt": _("Your password has been changed."),
    "account/messages/password_set.txt": _("Your password has been set."),
    "account/messages/login_code_sent.txt": _("We have sent a code to your mobile. Enter it below."),
    "account/messages/phone_verified.txt": _("Your mobile number is verified."),
    "account/messages/phone_verification_sent.txt": _("We have sent a code to your mobile to verify it."),
}
