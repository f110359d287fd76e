"""Hands-on workshops (block printing, batik, dyeing, painting, nakshi kantha): the facts of an
in-person batch, the trainer's offline attendance sheet, practical assessment with photos, and
learners' public portfolios.

Its own app rather than more of events/: a workshop is a batch (courses) with classes (events),
but what is particular to it — venue facts, a sync log of marks made offline, assessed work and
its photos, a public showcase — has its own models, pages and privacy rules.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from courses.signals import practical_passed
from lms.people.signals import collect_personal_data, collect_personal_files, erase_personal_data


class WorkshopsConfig(AppConfig):
    name = "events.workshops"
    label = "workshops"
    verbose_name = _("Hands-on workshops")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Imported here, not at the top: it imports models, which must wait for the app registry.
        from events.workshops import privacy, receivers

        # A course that requires a practical asks here whether the learner passed it.
        practical_passed.connect(receivers.practical_passed, dispatch_uid="workshops.practical_passed")
        # A person's data download and account deletion (lms/people/privacy.py).
        collect_personal_data.connect(privacy.personal_data, dispatch_uid="workshops.privacy.data")
        collect_personal_files.connect(privacy.personal_files, dispatch_uid="workshops.privacy.files")
        erase_personal_data.connect(privacy.erase, dispatch_uid="workshops.privacy.erase")
