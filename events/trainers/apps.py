"""Volunteer trainers: applying, review, public profiles, availability, assignment without
double-booking, substitutes, volunteer hours and learner feedback.

Its own app because it is one concept — the association's ~21 volunteers and what the platform
owes them — that cuts across courses (batches) and events (classes) without belonging to either;
those apps stay unaware of it except through a small registry in events.services (who teaches
a class, substitutes included, is a rule of lms.permissions).
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
        from events.trainers import (
            certificates,  # noqa: F401 (registers the volunteer-year bulk source)
            services,
        )

        # events asks whether a class may move to a new time without double-booking its trainers.
        if services.check_new_class_time not in events.class_time_checks:
            events.class_time_checks.append(services.check_new_class_time)
