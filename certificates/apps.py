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
        from django.db.models.signals import post_delete, post_save

        from certificates.models import Certificate
        from cms.page_cache import bump_certificates

        # Verification pages are cached for visitors (cms/page_cache.py): a change shows at once.
        post_save.connect(bump_certificates, sender=Certificate, dispatch_uid="certificates.page_cache.saved")
        post_delete.connect(bump_certificates, sender=Certificate, dispatch_uid="certificates.page_cache.deleted")

        from certificates import privacy
        from lms.people.signals import collect_personal_data, collect_personal_files, erase_personal_data

        # A person's data download and account deletion (lms/people/privacy.py).
        collect_personal_data.connect(privacy.personal_data, dispatch_uid="certificates.privacy.data")
        collect_personal_files.connect(privacy.personal_files, dispatch_uid="certificates.privacy.files")
        erase_personal_data.connect(privacy.erase, dispatch_uid="certificates.privacy.erase")


def _on_completion(sender, enrolment, **kwargs) -> None:
    from certificates.tasks import issue_for_enrolment
    from lms.jobs.outbox import enqueue_on_commit

    enrolment_id = enrolment.pk
    enqueue_on_commit(issue_for_enrolment, enrolment_id)
