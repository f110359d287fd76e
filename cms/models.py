from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import BodyBlock
from cms.page_cache import CachedForVisitorsMixin


class HomePage(CachedForVisitorsMixin, Page):
    intro = models.CharField(_("introduction"), max_length=300, blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    subpage_types = ["cms.StandardPage", "courses.CourseIndexPage", "forums.ForumPage", "fairs.FairIndexPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")


class StandardPage(CachedForVisitorsMixin, Page):
    intro = models.CharField(_("introduction"), max_length=300, blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["cms.HomePage", "cms.StandardPage"]

    class Meta:
        verbose_name = _("standard page")


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """What the footer and the header say about the organisation; organisers edit it."""

    organisation_name = models.CharField(
        _("organisation name (Bangla)"), max_length=150, default="উদ্যোক্তা — হস্তশিল্প ও উদ্যোক্তা সমিতি"
    )
    organisation_name_en = models.CharField(
        _("organisation name (English)"), max_length=150, default="Udyokta — Handicrafts and Entrepreneurs Association"
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("logo"),
    )
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    address = models.CharField(_("address (Bangla)"), max_length=255, blank=True)
    address_en = models.CharField(_("address (English)"), max_length=255, blank=True)
    facebook_url = models.URLField(_("Facebook page or group"), blank=True)
    youtube_url = models.URLField(_("YouTube channel"), blank=True)
    whatsapp_url = models.URLField(_("WhatsApp link"), blank=True)

    panels = [
        MultiFieldPanel(
            [FieldPanel("organisation_name"), FieldPanel("organisation_name_en"), FieldPanel("logo")],
            heading=_("Organisation"),
        ),
        MultiFieldPanel(
            [FieldPanel("contact_phone"), FieldPanel("contact_email"), FieldPanel("address"), FieldPanel("address_en")],
            heading=_("Contact"),
        ),
        MultiFieldPanel(
            [FieldPanel("facebook_url"), FieldPanel("youtube_url"), FieldPanel("whatsapp_url")],
            heading=_("Social links"),
        ),
    ]

    class Meta:
        verbose_name = _("site settings")

    def name_for(self, language: str) -> str:
        return self.organisation_name_en if language.startswith("en") else self.organisation_name

    def address_for(self, language: str) -> str:
        return (self.address_en or self.address) if language.startswith("en") else self.address
