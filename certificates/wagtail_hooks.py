"""Organisers edit certificate templates (with a preview) and look up issued certificates."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from certificates.models import Certificate, CertificateTemplate


class CertificateTemplateViewSet(SnippetViewSet):
    model = CertificateTemplate
    icon = "doc-full"
    menu_label = _("Certificate templates")
    list_display = ["name", "kind", "language", "is_default"]


register_snippet(CertificateTemplateViewSet)


class CertificateViewSet(ModelViewSet):
    model = Certificate
    icon = "tick-inverse"
    menu_label = _("Certificates")
    menu_order = 220
    add_to_admin_menu = True
    list_display = ["serial", "recipient_name", "title", "issued_on", "status"]
    list_filter = ["status", "kind"]
    search_fields = ["serial", "recipient_name", "title"]
    form_fields = ["revoked_reason"]  # issuing and revoking go through the certificate pages
    inspect_view_enabled = True


@hooks.register("register_admin_viewset")
def register_certificate_viewset():
    return CertificateViewSet("issued_certificates")


@hooks.register("register_admin_menu_item")
def issue_menu_item():
    return MenuItem(_("Issue a certificate"), reverse("certificates:issue"), icon_name="plus", order=221)
