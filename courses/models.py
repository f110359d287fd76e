"""Courses: the words are Wagtail pages (catalogue → course → lesson), one copy per language;
what a course is (CourseFacts: trade, delivery, length, trainers, completion rule) and the facts
that change by the minute (batches, enrolments, lesson progress) are Django models.

Every language copy of a course page points at the same CourseFacts. A batch points at the course
page in the default language (Bangla); a translated page shares its translation_key, so what a
batch shows is the same whatever language a person reads in.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.page_cache import CachedForVisitorsMixin
from courses.blocks import CourseBodyBlock, LessonBodyBlock
from courses.panels import CourseFactsPanel, CoursePageForm
from lms.lib.pages import source_page

DHAKA = ZoneInfo("Asia/Dhaka")


class Trade(models.Model):
    """A trade or topic (block printing, F-commerce …): organisers manage them as snippets."""

    name_bn = models.CharField(_("name in Bangla"), max_length=80)
    name_en = models.CharField(_("name in English"), max_length=80)
    slug = models.SlugField(_("short name for links"), unique=True)
    is_craft = models.BooleanField(_("hands-on craft"), default=False)

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("trade")
        verbose_name_plural = _("trades")

    def __str__(self) -> str:
        return self.name_en if (get_language() or "bn").startswith("en") else self.name_bn


class Level(models.TextChoices):
    BEGINNER = "beginner", _("Beginner")
    INTERMEDIATE = "intermediate", _("Intermediate")
    ADVANCED = "advanced", _("Advanced")


class DeliveryMode(models.TextChoices):
    LIVE = "live", _("Weekly live class online")
    WORKSHOP = "workshop", _("Hands-on workshop")
    SELF_PACED = "self_paced", _("Self-paced")


class CourseIndexPage(CachedForVisitorsMixin, Page):
    intro = models.CharField(_("introduction"), max_length=300, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["courses.CoursePage"]
    parent_page_types = ["cms.HomePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("course catalogue")

    def get_context(self, request, *args, **kwargs):
        from courses.catalogue import catalogue_context

        context = super().get_context(request, *args, **kwargs)
        context.update(catalogue_context(self, request))
        return context


class CourseFacts(models.Model):
    """What a course is, whatever the language it is read in: trade, level, delivery, length,
    trainers and the completion rule. Untranslated, so organisers change a fact once.

    Every language copy of a course page points here (CoursePage.facts): a translation made
    with copy_for_translation copies the foreign key, so it shares the facts of its source.
    """

    trade = models.ForeignKey(Trade, verbose_name=_("trade"), on_delete=models.PROTECT, related_name="+")
    level = models.CharField(_("level"), max_length=20, choices=Level.choices, default=Level.BEGINNER)
    delivery_mode = models.CharField(
        _("delivery"), max_length=20, choices=DeliveryMode.choices, default=DeliveryMode.LIVE
    )
    duration_weeks = models.PositiveSmallIntegerField(_("duration in weeks"), default=4)
    hours_per_week = models.DecimalField(_("hours per week"), max_digits=4, decimal_places=1, default=2)
    trainers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trainers"),
        blank=True,
        related_name="+",
        limit_choices_to={"groups__name": "Volunteer trainers"},
    )
    # The completion rule: any combination; a rule with nothing required is met on enrolment.
    min_attendance_percent = models.PositiveSmallIntegerField(
        _("minimum share of classes attended (%)"), default=75, validators=[MaxValueValidator(100)]
    )
    require_all_lessons = models.BooleanField(_("all lessons done"), default=False)
    require_practical = models.BooleanField(_("practical assessment passed"), default=False)

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("trade"),
                FieldPanel("level"),
                FieldPanel("delivery_mode"),
                FieldPanel("duration_weeks"),
                FieldPanel("hours_per_week"),
                FieldPanel("trainers"),
            ],
            heading=_("About the course"),
        ),
        MultiFieldPanel(
            [FieldPanel("min_attendance_percent"), FieldPanel("require_all_lessons"), FieldPanel("require_practical")],
            heading=_("Completion rule"),
        ),
    ]

    class Meta:
        verbose_name = _("course facts")
        verbose_name_plural = _("course facts")

    def __str__(self) -> str:
        # The admin listing and chooser annotate the title; elsewhere it costs one query.
        if hasattr(self, "course_title"):
            title = self.course_title
        else:
            pages = self.pages.filter(locale__language_code=settings.LANGUAGE_CODE) if self.pk else None
            title = pages.values_list("title", flat=True).first() if pages is not None else None
        return title or self.describe()

    def describe(self) -> str:
        """Trade, delivery and length: how the admin tells apart facts no page uses yet."""
        weeks = ngettext("%(n)s week", "%(n)s weeks", self.duration_weeks) % {"n": self.duration_weeks}
        return " · ".join([str(self.trade), str(self.get_delivery_mode_display()), weeks])

    def duplicate(self) -> CourseFacts:
        """A copy with its own row, for a course page copied to make a new course."""
        trainers = list(self.trainers.all())
        twin = CourseFacts.objects.get(pk=self.pk)
        twin.pk = None
        twin.save()
        twin.trainers.set(trainers)
        return twin


class CoursePage(CachedForVisitorsMixin, Page):
    """A course's words, in one language. Its facts are shared by every language copy."""

    summary = models.CharField(_("summary"), max_length=300)
    body = StreamField(CourseBodyBlock(), blank=True, verbose_name=_("description"))
    facts = models.ForeignKey(
        CourseFacts, verbose_name=_("course facts"), on_delete=models.PROTECT, related_name="pages"
    )
    # Words, not a fact: the name of the certificate in this page's language.
    certificate_title = models.CharField(
        _("certificate it leads to"), max_length=150, blank=True, help_text=_("e.g. Certificate of completion")
    )

    base_form_class = CoursePageForm
    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("certificate_title"),
        CourseFactsPanel(
            "facts",
            heading=_("About the course"),
            help_text=_(
                "Trade, delivery, length, trainers and the completion rule: make them in the chooser’s "
                "Create tab. Every translation of this page shares them."
            ),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("locale"),
    ]
    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.LessonPage"]

    class Meta:
        verbose_name = _("course")

    def get_context(self, request, *args, **kwargs):
        from courses.catalogue import course_context

        context = super().get_context(request, *args, **kwargs)
        context.update(course_context(self, request))
        return context

    def with_content_json(self, content: dict) -> CoursePage:
        # Facts are not part of a revision: a draft, an old revision or one saved before the
        # facts moved off the page never points the page at other facts.
        page = super().with_content_json(content)
        page.facts_id = self.facts_id
        return page

    @property
    def source(self) -> CoursePage:
        """The course page in the default language: the one facts point at."""
        return source_page(self)


class LessonPage(Page):
    body = StreamField(LessonBodyBlock(), blank=True, verbose_name=_("lesson"))
    estimated_minutes = models.PositiveSmallIntegerField(_("estimated minutes"), default=20)

    content_panels = Page.content_panels + [FieldPanel("estimated_minutes"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("body")]
    parent_page_types = ["courses.CoursePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("lesson")

    def get_context(self, request, *args, **kwargs):
        from courses.catalogue import lesson_context

        context = super().get_context(request, *args, **kwargs)
        context.update(lesson_context(self, request))
        return context


class Batch(models.Model):
    class Delivery(models.TextChoices):
        ZOOM = "zoom", _("Zoom")
        FACEBOOK = "facebook", _("Facebook live")
        IN_PERSON = "in_person", _("In person")

    class Audience(models.TextChoices):
        EVERYONE = "everyone", _("Everyone")
        WOMEN = "women", _("Women only")
        WOMENS_FORUM = "womens_forum", _("Women's forum members")
        YOUTH_FORUM = "youth_forum", _("Youth forum members")
        FORUM = "forum", _("Members of the forum chosen below")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open for enrolment")
        RUNNING = "running", _("Running")
        FINISHED = "finished", _("Finished")
        CANCELLED = "cancelled", _("Cancelled")

    course = models.ForeignKey(
        CoursePage,
        verbose_name=_("course"),
        on_delete=models.PROTECT,
        related_name="batches",
        limit_choices_to={"locale__language_code": settings.LANGUAGE_CODE},
    )
    name = models.CharField(_("name"), max_length=120, help_text=_("e.g. Batik — Saturday evening, batch 3"))
    trainers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("trainers"), blank=True, related_name="batches_taught"
    )
    capacity = models.PositiveIntegerField(_("places"), default=30, validators=[MinValueValidator(1)])
    delivery = models.CharField(_("how it is held"), max_length=20, choices=Delivery.choices, default=Delivery.ZOOM)
    language = models.CharField(_("language of the class"), max_length=2, choices=settings.LANGUAGES, default="bn")
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    district = models.ForeignKey(
        "people.District", verbose_name=_("district"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Weekly schedule, in Dhaka time: ISO weekdays (1 = Monday … 6 = Saturday, 7 = Sunday).
    weekdays = models.CharField(_("weekdays"), max_length=20, default="6")
    start_time = models.TimeField(_("start time (Dhaka)"), default=dt.time(21, 0))
    duration_minutes = models.PositiveSmallIntegerField(_("length of a class (minutes)"), default=90)
    first_date = models.DateField(_("first class"))
    weeks = models.PositiveSmallIntegerField(_("number of weeks"), default=4, validators=[MinValueValidator(1)])
    enrol_opens = models.DateTimeField(_("enrolment opens"), null=True, blank=True)
    enrol_closes = models.DateTimeField(_("enrolment closes"), null=True, blank=True)
    audience = models.CharField(_("who can join"), max_length=20, choices=Audience.choices, default=Audience.EVERYONE)
    # Only for "Members of the forum chosen below"; the forums app decides who is a member.
    forum = models.ForeignKey(
        "forums.Forum", verbose_name=_("forum"), on_delete=models.PROTECT, null=True, blank=True, related_name="batches"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["first_date", "id"]
        verbose_name = _("batch")
        verbose_name_plural = _("batches")
        indexes = [models.Index(fields=["status", "first_date"])]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        try:
            days = self.weekday_list
        except ValueError:
            days = []
        if not days:
            raise ValidationError({"weekdays": _("Give one or more weekdays as numbers 1–7, e.g. 6 for Saturday.")})
        if self.delivery == self.Delivery.IN_PERSON and not (self.venue and self.district_id):
            raise ValidationError(_("An in-person batch needs a venue and a district."))
        if self.enrol_opens and self.enrol_closes and self.enrol_opens > self.enrol_closes:
            raise ValidationError({"enrol_closes": _("Enrolment must close after it opens.")})
        if (self.audience == self.Audience.FORUM) != bool(self.forum_id):
            raise ValidationError(
                {"forum": _("Choose a forum exactly when “who can join” is “Members of the forum chosen below”.")}
            )
        if self.course_id and not self.course.locale.language_code == settings.LANGUAGE_CODE:
            raise ValidationError({"course": _("Choose the course in the default language (Bangla).")})

    @property
    def weekday_list(self) -> list[int]:
        days = sorted({int(part) for part in self.weekdays.split(",") if part.strip()})
        if any(day < 1 or day > 7 for day in days):
            raise ValueError(self.weekdays)
        return days

    def meeting_starts(self) -> list[dt.datetime]:
        """Every class meeting of the weekly schedule, as aware datetimes (UTC-comparable)."""
        days = self.weekday_list
        starts = []
        for week in range(self.weeks):
            week_start = self.first_date + dt.timedelta(weeks=week)
            for offset in range(7):
                day = week_start + dt.timedelta(days=offset)
                if day.isoweekday() in days:
                    starts.append(dt.datetime.combine(day, self.start_time, tzinfo=DHAKA))
        return sorted(starts)

    def is_enrolment_open(self, now: dt.datetime) -> bool:
        if self.status not in (self.Status.OPEN, self.Status.RUNNING):
            return False
        if self.enrol_opens and now < self.enrol_opens:
            return False
        return not (self.enrol_closes and now > self.enrol_closes)


class Enrolment(models.Model):
    class Status(models.TextChoices):
        ENROLLED = "enrolled", _("Enrolled")
        WAITLISTED = "waitlisted", _("On the waitlist")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        COMPLETED = "completed", _("Completed")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments")
    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="enrolments")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    # Waitlist order: the time the person joined the queue (ties broken by id).
    queued_at = models.DateTimeField(default=timezone.now)
    enrolled_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    source = models.CharField(max_length=20, default="self", help_text="self, import, promoted")

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [models.UniqueConstraint(fields=["user", "batch"], name="one_enrolment_per_person_and_batch")]
        indexes = [models.Index(fields=["batch", "status", "queued_at"]), models.Index(fields=["user", "status"])]

    def __str__(self) -> str:
        return f"{self.user} — {self.batch}"

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.ENROLLED, self.Status.COMPLETED)


class LessonProgress(models.Model):
    """A lesson a learner marked done. Points at the lesson in the default language."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lesson_progress")
    lesson = models.ForeignKey(LessonPage, on_delete=models.CASCADE, related_name="+")
    course = models.ForeignKey(CoursePage, on_delete=models.CASCADE, related_name="+")
    done_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "lesson"], name="lesson_done_once")]
        indexes = [models.Index(fields=["user", "course"])]

    def __str__(self) -> str:
        return f"{self.user} — {self.lesson}"
