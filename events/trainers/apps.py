"""Volunteer trainers: applying, review, public profiles, availability, assignment without
double-booking, substitutes, volunteer hours and learner feedback.

Its own app because it is one concept — the association's ~21 volunteers and what the platform
owes them — that cuts across courses (batches) and events (classes) without belonging to either;
those apps stay unaware of it: events asks whether a class may move through events.signals, which
this app answers (who teaches a class, substitutes included, is a rule of lms.permissions).
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from events import signals
from lms.people.signals import collect_personal_data, erase_personal_data


class TrainersConfig(AppConfig):
    name = "events.trainers"
    label = "trainers"
    verbose_name = _("Volunteer trainers")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Imported here, not at the top: they import models, which must wait for the app registry.
        from events.trainers import privacy, receivers

        # events asks whether a class may move to a new time without double-booking its trainers.
        signals.class_time_check.connect(receivers.class_time_check, dispatch_uid="trainers.class_time_check")
        # A person's data download and account deletion (lms/people/privacy.py).
        collect_personal_data.connect(privacy.personal_data, dispatch_uid="trainers.privacy.data")
        erase_personal_data.connect(privacy.erase, dispatch_uid="trainers.privacy.erase")
