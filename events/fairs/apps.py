"""Exhibition fairs: fair pages, exhibitor applications and stalls, check-in, judging with
weighted criteria (offline on the judge's phone), results with medals, and bulk certificates.

Its own app rather than more of events/: a fair is not a class. It has its own pages, its own
people (exhibitors, judges) and its own rules (stalls, conflicts of interest, frozen results);
it meets certificates through the bulk-source registry and forums through forums.services.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FairsConfig(AppConfig):
    name = "events.fairs"
    label = "fairs"
    verbose_name = _("Exhibition fairs")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from certificates import bulk
        from cms.page_cache import bump
        from events.fairs import certificates
        from events.fairs.models import Application, Award

        bulk.register(certificates.FairAwards())
        bulk.register(certificates.FairParticipation())
        # The fair page lists approved exhibitors and published results: drop cached copies.
        for model in (Application, Award):
            post_save.connect(bump, sender=model, dispatch_uid=f"fairs.{model.__name__}.saved.page_cache")
            post_delete.connect(bump, sender=model, dispatch_uid=f"fairs.{model.__name__}.deleted.page_cache")
