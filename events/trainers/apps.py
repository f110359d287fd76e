"""Volunteer trainers: applying, review, public profiles, availability, assignment without
double-booking, substitutes, volunteer hours and learner feedback.

Its own app because it is one concept — the association's ~21 volunteers and what the platform
owes them — that cuts across courses (batches) and events (classes) without belonging to either;
those apps stay unaware of it except through two small registries in events.services.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainersConfig(AppConfig):
    name = "events.trainers"
    label = "trainers"
    verbose_name = _("Volunteer trainers")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from events import services as events
        from events.trainers import services

        # events asks who teaches one class (a substitute may have taken it) and whether a
        # class may move to a new time without double-booking its trainers.
        if services.teachers_of_session not in events.class_teachers:
            events.class_teachers.append(services.teachers_of_session)
        if services.check_new_class_time not in events.class_time_checks:
            events.class_time_checks.append(services.check_new_class_time)

        from events.trainers import privacy
        from lms.people.signals import collect_personal_data, erase_personal_data

        # A person's data download and account deletion (lms/people/privacy.py).
        collect_personal_data.connect(privacy.personal_data, dispatch_uid="trainers.privacy.data")
        erase_personal_data.connect(privacy.erase, dispatch_uid="trainers.privacy.erase")
