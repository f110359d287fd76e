from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImpactConfig(AppConfig):
    """Numbers for the reports organisers send to government offices and funders, and the
    follow-up survey that finds out who became self-employed. Its own app because it reads every
    other app (courses, events, certificates, trainers, workshops, fairs) and none of them reads it."""

    name = "lms.impact"
    label = "impact"
    verbose_name = _("Impact and reports")
