"""The audit log: who did what that matters, when, and what it was before and after."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "lms.audit"
    label = "audit"
    verbose_name = _("Audit log")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.contrib.auth import get_user_model
        from django.db.models.signals import m2m_changed

        from lms.audit.services import groups_changed

        # Roles are groups: however they change (the organisers' pages, the admin, a
        # service), the change is logged.
        m2m_changed.connect(groups_changed, sender=get_user_model().groups.through, dispatch_uid="audit.groups")
