"""Forums: the women's forum, the youth forum and any other an organiser adds — eligibility,
membership with approval, forum admins, members-only batches, announcements, an opt-in member
directory and membership cards.

Its own app because membership is one concept that courses (members-only batches),
certificates (the card) and later fairs use without owning it. It sits at the bottom: courses
calls its services directly; what forums needs from the apps above it (the offerings a forum's
page lists, the card) it asks through lms.forums.signals, which they answer.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from lms.forums import signals


class ForumsConfig(AppConfig):
    name = "lms.forums"
    label = "forums"
    verbose_name = _("Forums")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Imported here, not at the top: it imports models, which must wait for the app registry.
        from lms.forums import tasks

        signals.announcement_posted.connect(tasks.queue_announcement, dispatch_uid="forums.queue_announcement")
