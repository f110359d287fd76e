"""Forums: the facts (who may join, who is a member, what was announced) are Django models;
the words and pictures of each forum are a Wagtail ForumPage that points at its Forum.

A membership is one row per person and forum for life: leaving and coming back reuses it,
so a member keeps her number and the history of decisions stays in one place.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import BodyBlock
from lms.lib.bangla import localise_digits


def _bangla() -> bool:
    return (get_language() or "bn").startswith("bn")


class Forum(models.Model):
    """A forum and its eligibility rules. Organisers add forums as snippets in the admin."""

    class Gender(models.TextChoices):
        ANYONE = "", _("Anyone")
        FEMALE = "female", _("Women only")
        MALE = "male", _("Men only")

    name_bn = models.CharField(_("name in Bangla"), max_length=100)
    name_en = models.CharField(_("name in English"), max_length=100)
    slug = models.SlugField(_("short name for links"), unique=True)
    code = models.CharField(
        _("member number prefix"),
        max_length=6,
        unique=True,
        help_text=_("Letters that start every member number, e.g. NF for NF-2026-0042."),
    )
    gender = models.CharField(_("who may join"), max_length=10, choices=Gender.choices, blank=True)
    min_age = models.PositiveSmallIntegerField(_("youngest age"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("oldest age"), null=True, blank=True)
    needs_approval = models.BooleanField(
        _("joining needs approval"),
        default=True,
        help_text=_("If not, an eligible person becomes a member as soon as they apply."),
    )
    is_open = models.BooleanField(_("taking applications"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    panels = [
        FieldRowPanel([FieldPanel("name_bn"), FieldPanel("name_en")]),
        FieldRowPanel([FieldPanel("slug"), FieldPanel("code")]),
        MultiFieldPanel(
            [
                FieldPanel("gender"),
                FieldRowPanel([FieldPanel("min_age"), FieldPanel("max_age")]),
                FieldPanel("needs_approval"),
                FieldPanel("is_open"),
            ],
            heading=_("Who may join"),
        ),
    ]

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("forum")
        verbose_name_plural = _("forums")

    def __str__(self) -> str:
        return self.name_bn if _bangla() else self.name_en

    def get_absolute_url(self) -> str:
        return reverse("forums:detail", kwargs={"slug": self.slug})

    def name_for(self, language: str) -> str:
        return self.name_en if language.startswith("en") else self.name_bn

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        super().clean()
        if self.min_age is not None and self.max_age is not None and self.min_age > self.max_age:
            raise ValidationError({"max_age": _("The oldest age must not be below the youngest.")})
        self.code = self.code.strip().upper()

    def rules(self) -> list[str]:
        """Who may join, in words, for the forum page."""
        language = get_language()
        lines = []
        if self.gender:
            lines.append(self.get_gender_display())
        low, high = (localise_digits(a, language) if a is not None else None for a in (self.min_age, self.max_age))
        if low and high:
            lines.append(gettext("Aged %(low)s to %(high)s") % {"low": low, "high": high})
        elif low:
            lines.append(gettext("Aged %(low)s or over") % {"low": low})
        elif high:
            lines.append(gettext("Aged %(high)s or under") % {"high": high})
        lines.append(gettext("Joining needs approval") if self.needs_approval else gettext("Members join at once"))
        return lines

    def refusal(self, user, today: dt.date) -> str | None:
        """Why this person may not join (None when she may). Age is the age she turns this year:
        we store only the year of birth, so a rule "18 to 35" counts whole calendar years."""
        if self.gender and user.gender != self.gender:
            only = (
                gettext("This forum is for women only.")
                if self.gender == self.Gender.FEMALE
                else gettext("This forum is for men only.")
            )
            if not user.gender:
                return only + " " + gettext("If that is you, add your gender to your profile.")
            return only
        if self.min_age is not None or self.max_age is not None:
            if not user.birth_year:
                return gettext("This forum has an age rule. Add your year of birth to your profile to apply.")
            age = today.year - user.birth_year
            language = get_language()
            if self.min_age is not None and age < self.min_age:
                return gettext("This forum is for people aged %(low)s or over; you are %(age)s this year.") % {
                    "low": localise_digits(self.min_age, language),
                    "age": localise_digits(age, language),
                }
            if self.max_age is not None and age > self.max_age:
                return gettext("This forum is for people aged up to %(high)s; you are %(age)s this year.") % {
                    "high": localise_digits(self.max_age, language),
                    "age": localise_digits(age, language),
                }
        return None


class Membership(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        ACTIVE = "active", _("Member")
        DECLINED = "declined", _("Declined")
        LEFT = "left", _("Left")

    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        ADMIN = "admin", _("Forum admin")

    forum = models.ForeignKey(Forum, verbose_name=_("forum"), on_delete=models.PROTECT, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="forum_memberships"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    # Given once, at the first approval, counted per forum; never reused.
    number = models.PositiveIntegerField(_("member number"), null=True, blank=True)
    member_since = models.DateField(_("member since"), null=True, blank=True)
    applied_at = models.DateTimeField(_("applied"))
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.CharField(_("note to the person"), max_length=300, blank=True)
    left_at = models.DateTimeField(_("left"), null=True, blank=True)
    # The member directory, opt-in: nothing of hers is listed until she ticks it.
    in_directory = models.BooleanField(_("show me in the member directory"), default=False)
    trades = models.ManyToManyField("courses.Trade", verbose_name=_("my trades"), blank=True, related_name="+")
    portfolio_url = models.URLField(
        _("link to my work"), blank=True, help_text=_("A Facebook page, shop page or photo album.")
    )

    class Meta:
        verbose_name = _("forum membership")
        verbose_name_plural = _("forum memberships")
        constraints = [
            models.UniqueConstraint(fields=["forum", "user"], name="one_membership_per_person_and_forum"),
            models.UniqueConstraint(
                fields=["forum", "number"], condition=models.Q(number__isnull=False), name="member_number_once"
            ),
        ]
        indexes = [models.Index(fields=["forum", "status"])]

    def __str__(self) -> str:
        return f"{self.user} — {self.forum}"

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def is_admin(self) -> bool:
        return self.is_active and self.role == self.Role.ADMIN

    @property
    def member_no(self) -> str:
        if self.number is None or self.member_since is None:
            return ""
        return f"{self.forum.code}-{self.member_since.year}-{self.number:04d}"


class Announcement(models.Model):
    """News from a forum's admins to its members; an English version is optional."""

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="announcements")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    title = models.CharField(_("title"), max_length=150)
    body = models.TextField(_("message"), max_length=4000)
    title_en = models.CharField(_("title in English"), max_length=150, blank=True)
    body_en = models.TextField(_("message in English"), max_length=4000, blank=True)
    created_at = models.DateTimeField(_("posted"))

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        indexes = [models.Index(fields=["forum", "created_at"])]

    def __str__(self) -> str:
        return self.title

    def title_for(self, language: str) -> str:
        return self.title_en if language.startswith("en") and self.title_en else self.title

    def body_for(self, language: str) -> str:
        return self.body_en if language.startswith("en") and self.body_en else self.body

    @property
    def shown_title(self) -> str:
        return self.title_for(get_language() or "bn")

    @property
    def shown_body(self) -> str:
        return self.body_for(get_language() or "bn")


class ForumPage(Page):
    """The words and pictures of one forum; the facts come from its Forum."""

    forum = models.ForeignKey(Forum, verbose_name=_("forum"), on_delete=models.PROTECT, related_name="+")
    intro = models.CharField(_("introduction"), max_length=300, blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("picture"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [
        FieldPanel("forum"),
        FieldPanel("intro"),
        FieldPanel("image"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    # Under the home page (the demo puts them there) or any standard page.
    parent_page_types = ["cms.HomePage", "cms.StandardPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("forum page")
