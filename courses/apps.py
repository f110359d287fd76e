"""Courses: catalogue pages (Wagtail), trades, batches, enrolment, progress and completion."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Courses")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from cms.page_cache import bump
        from courses.models import Batch, CourseFacts

        # The catalogue and course pages cached for visitors list batches and show the facts.
        post_save.connect(bump, sender=Batch, dispatch_uid="courses.batch_saved.page_cache")
        post_delete.connect(bump, sender=Batch, dispatch_uid="courses.batch_deleted.page_cache")
        post_save.connect(bump, sender=CourseFacts, dispatch_uid="courses.facts_saved.page_cache")
        post_delete.connect(bump, sender=CourseFacts, dispatch_uid="courses.facts_deleted.page_cache")
        m2m_changed.connect(bump, sender=CourseFacts.trainers.through, dispatch_uid="courses.facts_trainers.page_cache")
