"""Certificates: templates, issuing rules, PDF rendering, signing and public verification."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = _("Certificates")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from certificates import forum_cards
        from courses.signals import enrolment_completed
        from lms.forums import signals as forums

        enrolment_completed.connect(_on_completion, dispatch_uid="certificates.issue_on_completion")
        # The forum membership card is a certificate: issued when a member asks, revoked when she leaves.
        forums.membership_card.connect(forum_cards.card, dispatch_uid="certificates.forum_card")
        forums.membership_ended.connect(forum_cards.revoke_card, dispatch_uid="certificates.forum_card_revoked")
        from django.db.models.signals import post_delete, post_save

        from certificates.models import Certificate
        from cms.page_cache import bump_certificates

        # Verification pages are cached for visitors (cms/page_cache.py): a change shows at once.
        post_save.connect(bump_certificates, sender=Certificate, dispatch_uid="certificates.page_cache.saved")
        post_delete.connect(bump_certificates, sender=Certificate, dispatch_uid="certificates.page_cache.deleted")


def _on_completion(sender, enrolment, **kwargs) -> None:
    from certificates.tasks import issue_for_enrolment
    from lms.jobs.outbox import enqueue_on_commit

    enrolment_id = enrolment.pk
    enqueue_on_commit(issue_for_enrolment, enrolment_id)
