"""Jobs: the one shared mechanism for long work started from a page (bulk certificates,
imports): a job id, its progress, a page that follows it, and its result file."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "lms.jobs"
    label = "jobs"
    verbose_name = _("Background jobs")
    default_auto_field = "django.db.models.BigAutoField"
