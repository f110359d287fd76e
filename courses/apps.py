"""Courses: catalogue pages (Wagtail), trades, batches, enrolment, progress and completion."""

from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext_lazy as _

from cms.page_cache import bump
from lms.forums import signals as forums
from lms.people.signals import collect_personal_data


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Courses")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Imported here, not at the top: they import models, which must wait for the app registry.
        from courses import privacy, receivers
        from courses.models import Batch, CourseFacts

        # The catalogue and course pages cached for visitors list batches and show the facts.
        post_save.connect(bump, sender=Batch, dispatch_uid="courses.batch_saved.page_cache")
        post_delete.connect(bump, sender=Batch, dispatch_uid="courses.batch_deleted.page_cache")
        post_save.connect(bump, sender=CourseFacts, dispatch_uid="courses.facts_saved.page_cache")
        post_delete.connect(bump, sender=CourseFacts, dispatch_uid="courses.facts_deleted.page_cache")
        m2m_changed.connect(bump, sender=CourseFacts.trainers.through, dispatch_uid="courses.facts_trainers.page_cache")
        # A forum's page lists its members-only batches.
        forums.offerings.connect(receivers.forum_offerings, dispatch_uid="courses.forum_offerings")
        # A person's data download and account deletion (lms/people/privacy.py).
        collect_personal_data.connect(privacy.personal_data, dispatch_uid="courses.privacy.data")
