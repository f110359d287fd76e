"""Certificates: templates, issuing rules, PDF rendering, signing and public verification."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = _("Certificates")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from courses.services import enrolment_completed

        enrolment_completed.connect(_on_completion, dispatch_uid="certificates.issue_on_completion")


def _on_completion(sender, enrolment, **kwargs) -> None:
    from certificates.tasks import issue_for_enrolment
    from jobs.outbox import enqueue_on_commit

    enrolment_id = enrolment.pk
    enqueue_on_commit(issue_for_enrolment, enrolment_id)
