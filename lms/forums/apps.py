"""Forums: the women's forum, the youth forum and any other an organiser adds — eligibility,
membership with approval, forum admins, members-only batches, announcements, an opt-in member
directory and membership cards.

Its own app because membership is one concept that courses (members-only batches),
certificates (the card) and later fairs use without owning it; they meet it through two small
registries: courses.services.forum_audience and forums.offerings.providers.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumsConfig(AppConfig):
    name = "lms.forums"
    label = "forums"
    verbose_name = _("Forums")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from courses import services as courses
        from lms.forums import offerings, services

        # courses asks which forum a members-only batch is for, and whether someone is a member.
        courses.forum_audience["forum_of"] = services.forum_of_batch
        courses.forum_audience["is_member"] = services.is_member
        if offerings.batch_offerings not in offerings.providers:
            offerings.providers.append(offerings.batch_offerings)
