"""Notifications: one place that tells a person something — in-app always, e-mail where they
have an address, SMS where the message is urgent. Every other app calls notify(); the
channels (in-app, e-mail, SMS) share one small interface."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "lms.notifications"
    label = "notifications"
    verbose_name = _("Notifications")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from lms.notifications import privacy
        from lms.people.signals import collect_personal_data, erase_personal_data

        # A person's data download and account deletion (lms/people/privacy.py).
        collect_personal_data.connect(privacy.personal_data, dispatch_uid="notifications.privacy.data")
        erase_personal_data.connect(privacy.erase, dispatch_uid="notifications.privacy.erase")
