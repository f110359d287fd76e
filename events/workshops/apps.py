"""Hands-on workshops (block printing, batik, dyeing, painting, nakshi kantha): the facts of an
in-person batch, the trainer's offline attendance sheet, practical assessment with photos, and
learners' public portfolios.

Its own app rather than more of events/: a workshop is a batch (courses) with classes (events),
but what is particular to it — venue facts, a sync log of marks made offline, assessed work and
its photos, a public showcase — has its own models, pages and privacy rules.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkshopsConfig(AppConfig):
    name = "events.workshops"
    label = "workshops"
    verbose_name = _("Hands-on workshops")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from courses.services import completion_inputs
        from events.workshops import services

        # A course that requires a practical asks here whether the learner passed it.
        completion_inputs["practical"] = services.practical_passed
