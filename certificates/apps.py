"""Certificates: templates, issuing rules, PDF rendering, signing and public verification.

The top layer: it reads courses, events and their sub-apps (certificates/sources/) and answers
their signals (certificates/receivers.py); none of them imports it.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = _("Certificates")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Imported here, not at the top of the module: they import models, which exist only once
        # the app registry is ready, and ready() is when that is so.
        from django.db.models.signals import post_delete, post_save

        from certificates import forum_cards, privacy, receivers
        from certificates.models import Certificate
        from cms.page_cache import bump_certificates
        from courses.signals import enrolment_completed
        from events.fairs.models import FairPage
        from events.fairs.signals import certificates_requested
        from events.trainers.models import HoursEntry
        from events.trainers.signals import volunteer_certificates_requested
        from lms.forums import signals as forums
        from lms.people.signals import collect_personal_data, collect_personal_files, erase_personal_data

        enrolment_completed.connect(receivers.issue_on_completion, dispatch_uid="certificates.issue_on_completion")
        certificates_requested.connect(
            receivers.start_fair_certificates, sender=FairPage, dispatch_uid="certificates.fair_certificates"
        )
        volunteer_certificates_requested.connect(
            receivers.start_volunteer_certificates, sender=HoursEntry, dispatch_uid="certificates.volunteer_year"
        )
        # The forum membership card is a certificate: issued when a member asks, revoked when she leaves.
        forums.membership_card.connect(forum_cards.card, dispatch_uid="certificates.forum_card")
        forums.membership_ended.connect(forum_cards.revoke_card, dispatch_uid="certificates.forum_card_revoked")
        # Verification pages are cached for visitors (cms/page_cache.py): a change shows at once.
        post_save.connect(bump_certificates, sender=Certificate, dispatch_uid="certificates.page_cache.saved")
        post_delete.connect(bump_certificates, sender=Certificate, dispatch_uid="certificates.page_cache.deleted")

        # A person's data download and account deletion (lms/people/privacy.py).
        collect_personal_data.connect(privacy.personal_data, dispatch_uid="certificates.privacy.data")
        collect_personal_files.connect(privacy.personal_files, dispatch_uid="certificates.privacy.files")
        erase_personal_data.connect(privacy.erase, dispatch_uid="certificates.privacy.erase")
