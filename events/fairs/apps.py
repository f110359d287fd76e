"""Exhibition fairs: fair pages, exhibitor applications and stalls, check-in, judging with
weighted criteria (offline on the judge's phone), results with medals, and the button that asks
for their certificates.

Its own app rather than more of events/: a fair is not a class. It has its own pages, its own
people (exhibitors, judges) and its own rules (stalls, conflicts of interest, frozen results);
it uses forums through forums.services, and certificates (a layer above) answers its signal
(signals.certificates_requested) and reads its models for the award and participation lists.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FairsConfig(AppConfig):
    name = "events.fairs"
    label = "fairs"
    verbose_name = _("Exhibition fairs")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Imported here: models exist only once the app registry is ready.
        from django.db.models.signals import post_delete, post_save

        from cms.page_cache import bump
        from events.fairs.models import Application, Award

        # The fair page lists approved exhibitors and published results: drop cached copies.
        for model in (Application, Award):
            post_save.connect(bump, sender=model, dispatch_uid=f"fairs.{model.__name__}.saved.page_cache")
            post_delete.connect(bump, sender=model, dispatch_uid=f"fairs.{model.__name__}.deleted.page_cache")
