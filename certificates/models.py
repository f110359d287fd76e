"""Certificates: templates organisers edit, and certificates issued from them.

A certificate is rendered once and stored: editing a template or a profile name never
changes one already issued; only an explicit re-issue does (the old one then says "replaced by").
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel


class Kind(models.TextChoices):
    COURSE = "course", _("Course completion")
    WORKSHOP = "workshop", _("Workshop completion")
    FAIR_PARTICIPATION = "fair_participation", _("Fair participation")
    FAIR_AWARD = "fair_award", _("Fair award")
    VOLUNTEER = "volunteer", _("Volunteer service")
    FORUM_CARD = "forum_card", _("Forum membership card")


class CertificateTemplate(ClusterableModel):
    """What every certificate of a kind says; variables like {name} are filled per person."""

    class Language(models.TextChoices):
        BN = "bn", "বাংলা"
        EN = "en", "English"
        BOTH = "both", _("Both (Bangla first)")

    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    is_default = models.BooleanField(_("default for its kind"), default=False)
    language = models.CharField(_("language"), max_length=4, choices=Language.choices, default=Language.BN)
    title_bn = models.CharField(_("title (Bangla)"), max_length=150)
    title_en = models.CharField(_("title (English)"), max_length=150)
    subtitle_bn = models.CharField(_("line above the name (Bangla)"), max_length=150, blank=True)
    subtitle_en = models.CharField(_("line above the name (English)"), max_length=150, blank=True)
    body_bn = models.TextField(
        _("wording (Bangla)"), help_text=_("Variables: {name}, {course}, {date}, {medal}, {hours} …")
    )
    body_en = models.TextField(_("wording (English)"))
    orientation = models.CharField(
        _("page"),
        max_length=10,
        choices=[("landscape", _("A4 landscape")), ("portrait", _("A4 portrait"))],
        default="landscape",
    )
    background = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("background or border image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("kind")]),
        FieldRowPanel([FieldPanel("language"), FieldPanel("orientation"), FieldPanel("is_default")]),
        MultiFieldPanel(
            [FieldPanel("title_bn"), FieldPanel("subtitle_bn"), FieldPanel("body_bn")], heading=_("Bangla")
        ),
        MultiFieldPanel(
            [FieldPanel("title_en"), FieldPanel("subtitle_en"), FieldPanel("body_en")], heading=_("English")
        ),
        MultiFieldPanel([FieldPanel("logo"), FieldPanel("background")], heading=_("Pictures")),
        InlinePanel("signatories", max_num=3, label=_("Signatories")),
    ]

    class Meta:
        verbose_name = _("certificate template")
        verbose_name_plural = _("certificate templates")

    def __str__(self) -> str:
        return self.name


class TemplateSignatory(models.Model):
    template = ParentalKey(CertificateTemplate, on_delete=models.CASCADE, related_name="signatories")
    sort_order = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("name"), max_length=120)
    title = models.CharField(_("title"), max_length=120, blank=True)
    signature = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("signature image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [FieldPanel("name"), FieldPanel("title"), FieldPanel("signature")]

    class Meta:
        ordering = ["sort_order"]

    def __str__(self) -> str:
        return self.name


def _public_code() -> str:
    return secrets.token_urlsafe(16)  # 128 bits, URL-safe


class SerialCounter(models.Model):
    year = models.PositiveSmallIntegerField(unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class Certificate(models.Model):
    class Status(models.TextChoices):
        VALID = "valid", _("Valid")
        REVOKED = "revoked", _("Revoked")

    serial = models.CharField(_("serial number"), max_length=30, unique=True)
    code = models.CharField(max_length=40, unique=True, default=_public_code, editable=False)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    # One certificate per recipient and source ("enrolment:42", "award:7", "volunteer:2026:5").
    source_key = models.CharField(max_length=80)
    template = models.ForeignKey(CertificateTemplate, on_delete=models.PROTECT, related_name="+")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="certificates"
    )
    # What the certificate says, frozen when it was issued.
    recipient_name = models.CharField(_("name on the certificate"), max_length=120)
    title = models.CharField(_("what it certifies"), max_length=200)
    language = models.CharField(max_length=4)
    issued_on = models.DateField(_("issued on"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    pdf = models.FileField(upload_to="certificates/%Y/", blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    # The share picture (og:image), rasterised from the PDF when first asked for (services.share_preview).
    preview = models.FileField(upload_to="certificates/previews/", blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.VALID)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.CharField(_("reason"), max_length=300, blank=True)
    replaced_by = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    status_index = models.PositiveIntegerField(unique=True, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-issued_on", "-pk"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [
            # A re-issue revokes the old one first, so only one valid certificate per source.
            models.UniqueConstraint(
                fields=["source_key"], condition=models.Q(status="valid"), name="one_valid_certificate_per_source"
            )
        ]
        indexes = [models.Index(fields=["recipient", "status"])]

    def __str__(self) -> str:
        return f"{self.serial} — {self.recipient_name}"

    @property
    def is_valid(self) -> bool:
        return self.status == self.Status.VALID
