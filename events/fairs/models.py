"""Fairs: the words are Wagtail pages (fair index → fair); the facts that change by the minute
(applications, stalls, check-ins, scores, awards) are Django models pointing at the fair page
in the default language (Bangla), as batches point at course pages.
"""

from __future__ import annotations

import secrets
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator, URLValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import BodyBlock, ImageBlock
from cms.page_cache import CachedForVisitorsMixin
from courses.catalogue import source_page


class SponsorBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("Name"))
    logo = ImageChooserBlock(label=_("Logo"), required=False)
    link = blocks.URLBlock(label=_("Link"), required=False)

    class Meta:
        icon = "group"
        template = "fairs/blocks/sponsor.html"


class FairIndexPage(CachedForVisitorsMixin, Page):
    intro = models.CharField(_("introduction"), max_length=300, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    # cms.HomePage lists its allowed children; until it names this page, editors add the index
    # under a standard page (the demo adds it under the home page directly).
    parent_page_types = ["cms.HomePage", "cms.StandardPage"]
    subpage_types = ["fairs.FairPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("fair list")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        today = timezone.localdate()
        fairs = list(FairPage.objects.child_of(self).live().select_related("district").order_by("starts_on"))
        context["upcoming"] = [f for f in fairs if f.ends_on >= today]
        context["past"] = sorted((f for f in fairs if f.ends_on < today), key=lambda f: f.starts_on, reverse=True)
        return context


class FairPage(CachedForVisitorsMixin, Page):
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    venue = models.CharField(_("venue"), max_length=200)
    district = models.ForeignKey(
        "people.District", verbose_name=_("district"), on_delete=models.PROTECT, related_name="+"
    )
    summary = models.CharField(_("summary"), max_length=300)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("description"))
    gallery = StreamField([("image", ImageBlock())], blank=True, verbose_name=_("gallery"))
    sponsors = StreamField([("sponsor", SponsorBlock())], blank=True, verbose_name=_("sponsors"))
    map_url = models.URLField(_("map link"), max_length=500, blank=True, validators=[URLValidator(schemes=["https"])])
    application_deadline = models.DateTimeField(
        _("applications close"), help_text=_("Stall applications are refused after this moment.")
    )
    stalls = models.PositiveSmallIntegerField(_("number of stalls"), default=40, validators=[MinValueValidator(1)])
    forum = models.ForeignKey(
        "forums.Forum",
        verbose_name=_("only for members of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Leave empty for a fair open to every entrepreneur."),
    )
    results_intro = models.TextField(_("words above the results"), max_length=1000, blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
                FieldPanel("venue"),
                FieldPanel("district"),
                FieldPanel("map_url"),
            ],
            heading=_("When and where"),
        ),
        MultiFieldPanel(
            [FieldPanel("application_deadline"), FieldPanel("stalls"), FieldPanel("forum")], heading=_("Stalls")
        ),
        FieldPanel("body"),
        FieldPanel("gallery"),
        FieldPanel("sponsors"),
        FieldPanel("results_intro"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("venue"),
        index.SearchField("body"),
        index.FilterField("locale"),
    ]
    parent_page_types = ["fairs.FairIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("fair")

    @property
    def source(self) -> FairPage:
        """The fair page in the default language: the one facts point at."""
        return source_page(self)

    def is_open(self, now) -> bool:
        return now <= self.application_deadline

    def get_context(self, request, *args, **kwargs):
        from events.fairs.pages import fair_context

        context = super().get_context(request, *args, **kwargs)
        context.update(fair_context(self, request))
        return context


def _product_path(instance, filename: str) -> str:
    # Never the uploaded name: the file was re-encoded (trainers.uploads.clean_photo).
    return f"fairs/products/{uuid.uuid4().hex}.jpg"


def _pass_code() -> str:
    return secrets.token_urlsafe(12)  # 96 bits: the exhibitor pass's QR, not guessable


class Application(models.Model):
    """An entrepreneur's request for a stall; one per person and fair."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        APPROVED = "approved", _("Approved")
        WAITLISTED = "waitlisted", _("On the waiting list")
        DECLINED = "declined", _("Declined")

    fair = models.ForeignKey(
        FairPage,
        verbose_name=_("fair"),
        on_delete=models.PROTECT,
        related_name="applications",
        limit_choices_to={"locale__language_code": settings.LANGUAGE_CODE},
    )
    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="fair_applications")
    business_name = models.CharField(_("business name"), max_length=120)
    trade = models.ForeignKey(
        "courses.Trade", verbose_name=_("trade"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    bscic_number = models.CharField(
        _("BSCIC registration number"), max_length=40, blank=True, help_text=_("If you are registered with BSCIC.")
    )
    stall_preference = models.CharField(
        _("stall preference"), max_length=200, blank=True, help_text=_("e.g. near the entrance, beside my forum")
    )
    needs_electricity = models.BooleanField(_("needs electricity"), default=False)
    needs_table = models.BooleanField(_("needs a table"), default=False)
    other_needs = models.CharField(_("other needs"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    # "" until a stall is given; unique per fair once given (the constraint below).
    stall = models.CharField(_("stall number"), max_length=10, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    # In the QR of the exhibitor's pass: what the check-in page looks her up by.
    pass_code = models.CharField(max_length=24, unique=True, null=True, default=_pass_code, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("stall application")
        verbose_name_plural = _("stall applications")
        constraints = [
            models.UniqueConstraint(fields=["fair", "applicant"], name="fairs_one_application_per_person"),
            models.UniqueConstraint(fields=["fair", "stall"], condition=~Q(stall=""), name="fairs_stall_given_once"),
        ]
        indexes = [models.Index(fields=["fair", "status"])]

    def __str__(self) -> str:
        return f"{self.business_name} ({self.fair_id})"

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED


class Product(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="products")
    name = models.CharField(_("product"), max_length=120)
    photo = models.ImageField(_("photo"), upload_to=_product_path, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class AwardCategory(ClusterableModel):
    """An award of one fair (best nakshi kantha …), judged on weighted criteria by its judges."""

    fair = models.ForeignKey(
        FairPage,
        verbose_name=_("fair"),
        on_delete=models.PROTECT,
        related_name="award_categories",
        limit_choices_to={"locale__language_code": settings.LANGUAGE_CODE},
    )
    name_bn = models.CharField(_("name in Bangla"), max_length=120)
    name_en = models.CharField(_("name in English"), max_length=120)
    trade = models.ForeignKey(
        "courses.Trade",
        verbose_name=_("only exhibitors of this trade"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty: every approved exhibitor competes."),
    )
    scale_max = models.PositiveSmallIntegerField(
        _("highest mark"), default=10, validators=[MinValueValidator(1)], help_text=_("Marks go from 0 to this.")
    )
    judges = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("judges"),
        blank=True,
        related_name="judged_categories",
        limit_choices_to={"groups__name": "Judges"},
    )
    finalised_at = models.DateTimeField(_("results finalised"), null=True, blank=True, editable=False)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [
        FieldPanel("fair"),
        FieldRowPanel([FieldPanel("name_bn"), FieldPanel("name_en")]),
        FieldRowPanel([FieldPanel("trade"), FieldPanel("scale_max"), FieldPanel("sort_order")]),
        FieldPanel("judges"),
        InlinePanel("criteria", min_num=1, label=_("Criteria")),
    ]

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("award category")
        verbose_name_plural = _("award categories")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "bn").startswith("en") else self.name_bn

    @property
    def is_finalised(self) -> bool:
        return self.finalised_at is not None


class Criterion(models.Model):
    category = ParentalKey(AwardCategory, on_delete=models.CASCADE, related_name="criteria")
    name_bn = models.CharField(_("name in Bangla"), max_length=80)
    name_en = models.CharField(_("name in English"), max_length=80)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1, validators=[MinValueValidator(1)])
    sort_order = models.PositiveSmallIntegerField(default=0)

    panels = [FieldRowPanel([FieldPanel("name_bn"), FieldPanel("name_en"), FieldPanel("weight")])]

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "bn").startswith("en") else self.name_bn


class Conflict(models.Model):
    """A judge is linked to an exhibitor (family, business partner …) and so cannot score her."""

    judge = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="fair_conflicts")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="conflicts")
    note = models.CharField(_("how you are linked"), max_length=200, blank=True)
    declared_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["judge", "application"], name="fairs_one_conflict_per_pair")]

    def __str__(self) -> str:
        return f"{self.judge_id} ↔ {self.application_id}"


class Score(models.Model):
    """One judge's marks for one exhibitor in one category: given once, never changed.

    client_id is made on the judge's phone (or in the no-JavaScript form) when the form is
    filled: it is what makes sending the same score twice harmless."""

    client_id = models.UUIDField(unique=True)
    category = models.ForeignKey(AwardCategory, on_delete=models.PROTECT, related_name="scores")
    judge = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="fair_scores")
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="scores")
    # {criterion id (as text): mark}; checked against the category's criteria and scale on entry.
    marks = models.JSONField()
    weighted = models.DecimalField(max_digits=7, decimal_places=3)
    scored_at = models.DateTimeField(default=timezone.now)
    received_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["category", "judge", "application"], name="fairs_one_score_per_judge"),
            models.CheckConstraint(condition=Q(weighted__gte=Decimal(0)), name="fairs_score_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.judge_id} → {self.application_id} in {self.category_id}: {self.weighted}"


class Medal(models.TextChoices):
    GOLD = "gold", _("Gold medal")
    SILVER = "silver", _("Silver medal")
    BRONZE = "bronze", _("Bronze medal")
    SPECIAL = "special", _("Special mention")


class Award(models.Model):
    """A medal given when a category's results are finalised (the frozen result)."""

    category = models.ForeignKey(AwardCategory, on_delete=models.CASCADE, related_name="awards")
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="awards")
    medal = models.CharField(_("medal"), max_length=10, choices=Medal.choices)
    rank = models.PositiveSmallIntegerField(_("place"))
    score = models.DecimalField(_("score"), max_digits=7, decimal_places=3)

    class Meta:
        ordering = ["category", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["category", "application"], name="fairs_one_award_per_exhibitor"),
            models.UniqueConstraint(
                fields=["category", "medal"], condition=~Q(medal="special"), name="fairs_one_medal_each"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_medal_display()}: {self.application_id}"
