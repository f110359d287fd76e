"""Django's password rules, worded for our people and translated in our catalogue (Django's
own Bangla catalogue does not cover them)."""

from django.contrib.auth import password_validation as django_rules
from django.utils.translation import gettext as _


class MinimumLengthValidator(django_rules.MinimumLengthValidator):
    def get_error_message(self):
        return _("This password is too short: use at least %(min_length)d characters.") % {
            "min_length": self.min_length
        }

    def get_help_text(self):
        return _("At least %(min_length)d characters.") % {"min_length": self.min_length}


class UserAttributeSimilarityValidator(django_rules.UserAttributeSimilarityValidator):
    DEFAULT_USER_ATTRIBUTES = ("full_name", "name_en", "phone", "email")

    def __init__(self, user_attributes=DEFAULT_USER_ATTRIBUTES, max_similarity=0.7):
        super().__init__(user_attributes, max_similarity)

    def get_error_message(self):
        return _("The password is too like your %(verbose_name)s.")

    def get_help_text(self):
        return _("Not like your name, mobile number or e-mail.")


class CommonPasswordValidator(django_rules.CommonPasswordValidator):
    def get_error_message(self):
        return _("This password is too common; choose one that is harder to guess.")

    def get_help_text(self):
        return _("Not a common password.")


class NumericPasswordValidator(django_rules.NumericPasswordValidator):
    def get_error_message(self):
        return _("The password cannot be only numbers.")

    def get_help_text(self):
        return _("Not only numbers.")
