"""A volunteer trainer's profile (which is also their application), weekly availability, sample
photos, substitute requests, volunteer hours and learner feedback.

Times of the weekly availability are Dhaka wall-clock times (the trainer thinks "Saturday
evening"); class times are stored in UTC and converted when compared.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

WEEKDAYS = [
    (1, _("Monday")),
    (2, _("Tuesday")),
    (3, _("Wednesday")),
    (4, _("Thursday")),
    (5, _("Friday")),
    (6, _("Saturday")),
    (7, _("Sunday")),
]


class Platform(models.TextChoices):
    ZOOM = "zoom", _("Zoom")
    FACEBOOK = "facebook", _("Facebook live")
    IN_PERSON = "in_person", _("In person")


class TrainerProfile(models.Model):
    """What someone told us when applying, and later keeps up to date as a trainer.

    Approval grants the "Volunteer trainers" role; the profile is public only if the trainer
    publishes it, and then shows only the parts they ticked. The mobile number is never shown.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="trainer_profile")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    trades = models.ManyToManyField("courses.Trade", verbose_name=_("trades you can teach"), related_name="+")
    experience = models.TextField(
        _("experience"), max_length=3000, help_text=_("What you have made, taught or sold, and for how long.")
    )
    sample_links = models.TextField(
        _("links to your work"),
        blank=True,
        max_length=2000,
        help_text=_("Facebook page, videos or photos online: one link a line."),
    )
    languages = models.CharField(_("languages you teach in"), max_length=20, default="bn")
    platforms = models.CharField(_("where you can teach"), max_length=40, default="zoom")
    district = models.ForeignKey(
        "people.District", verbose_name=_("district"), on_delete=models.PROTECT, related_name="+"
    )
    bio = models.TextField(
        _("about you (public)"),
        blank=True,
        max_length=1000,
        help_text=_("A few lines learners will read on your public profile."),
    )
    photo = models.ImageField(_("your photo"), upload_to="trainers/photos/", blank=True)
    # What the trainer chose to publish: nothing is public until they say so.
    is_public = models.BooleanField(_("show my profile to the public"), default=False)
    show_photo = models.BooleanField(_("show my photo"), default=True)
    show_district = models.BooleanField(_("show my district"), default=False)
    show_batches = models.BooleanField(_("show the batches I teach"), default=True)
    show_rating = models.BooleanField(_("show learners' rating of my classes"), default=True)

    submitted_at = models.DateTimeField(default=timezone.now)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decision_note = models.TextField(_("note to the applicant"), blank=True, max_length=1000)

    class Meta:
        verbose_name = _("volunteer trainer")
        verbose_name_plural = _("volunteer trainers")
        indexes = [models.Index(fields=["status", "submitted_at"])]

    def __str__(self) -> str:
        return str(self.user)

    @property
    def language_list(self) -> list[str]:
        return [code for code in self.languages.split(",") if code]

    @property
    def platform_list(self) -> list[str]:
        return [code for code in self.platforms.split(",") if code]

    @property
    def platform_labels(self) -> list[str]:
        labels = dict(Platform.choices)
        return [str(labels.get(code, code)) for code in self.platform_list]

    @property
    def language_labels(self) -> list[str]:
        labels = dict(settings.LANGUAGES)
        return [labels.get(code, code) for code in self.language_list]

    @property
    def link_list(self) -> list[str]:
        return [line.strip() for line in self.sample_links.splitlines() if line.strip()]


class Availability(models.Model):
    """A weekly time range when the trainer can teach, in Dhaka time."""

    profile = models.ForeignKey(TrainerProfile, on_delete=models.CASCADE, related_name="availability")
    weekday = models.PositiveSmallIntegerField(_("day"), choices=WEEKDAYS)
    start = models.TimeField(_("from"))
    end = models.TimeField(_("until"))

    class Meta:
        ordering = ["weekday", "start"]
        verbose_name = _("available time")
        verbose_name_plural = _("available times")

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start:%H:%M}–{self.end:%H:%M}"

    def clean(self) -> None:
        if self.start is not None and self.end is not None and self.end <= self.start:
            raise ValidationError(_("The end must be after the start (ranges past midnight: split them in two)."))

    def covers(self, start: dt.datetime, end: dt.datetime) -> bool:
        """Whether this range holds a class from start to end (aware datetimes, any zone)."""
        local_start, local_end = timezone.localtime(start), timezone.localtime(end)
        if local_start.isoweekday() != self.weekday or local_start.date() != local_end.date():
            return False
        return self.start <= local_start.time() and local_end.time() <= self.end


def _sample_path(instance: SamplePhoto, filename: str) -> str:
    # Never the uploaded name: a random one, with the extension of what we re-encoded.
    return f"trainers/samples/{uuid.uuid4().hex}.jpg"


class SamplePhoto(models.Model):
    """A photo of the applicant's work, re-encoded on upload (see trainers.uploads)."""

    profile = models.ForeignKey(TrainerProfile, on_delete=models.CASCADE, related_name="samples")
    image = models.ImageField(upload_to=_sample_path)
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.image.name


class SubstituteRequest(models.Model):
    """A trainer cannot take one class and asks for someone to stand in.

    The first free trainer to accept gets it (the row is locked while one accepts); from then on
    that person teaches the class instead of the one who asked.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Looking for a substitute")
        FILLED = "filled", _("Substitute found")
        CANCELLED = "cancelled", _("Withdrawn")

    session = models.ForeignKey("events.ClassSession", on_delete=models.CASCADE, related_name="substitute_requests")
    trainer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("reason (optional)"), max_length=300, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(default=timezone.now)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    # Who was told about it (trainers of the trade who were free): only they see it.
    invited = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="substitute_invitations", blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("substitute request")
        verbose_name_plural = _("substitute requests")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "trainer"],
                condition=models.Q(status__in=["open", "filled"]),
                name="one_live_substitute_request_per_trainer_and_class",
            )
        ]

    def __str__(self) -> str:
        return f"{self.trainer} → {self.session}"


class TaughtLog(models.Model):
    """The trainer's own record of how long they taught a class (wins over Zoom's figure)."""

    session = models.ForeignKey("events.ClassSession", on_delete=models.CASCADE, related_name="+")
    trainer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    minutes = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(600)])
    logged_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "trainer"], name="one_log_per_trainer_and_class")]

    def __str__(self) -> str:
        return f"{self.trainer} {self.session}: {self.minutes} min"


class HoursEntry(models.Model):
    """Volunteer time outside class (preparing, judging at a fair): counts once an organiser approves."""

    class Kind(models.TextChoices):
        PREPARATION = "preparation", _("Preparing classes")
        JUDGING = "judging", _("Judging at a fair")
        MENTORING = "mentoring", _("Mentoring learners")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    trainer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="volunteer_hours")
    date = models.DateField(_("date"))
    hours = models.DecimalField(
        _("hours"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("16"))],
    )
    kind = models.CharField(_("what you did"), max_length=20, choices=Kind.choices, default=Kind.PREPARATION)
    description = models.CharField(_("details"), max_length=300, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("volunteer hours")
        verbose_name_plural = _("volunteer hours")
        indexes = [models.Index(fields=["status", "date"])]

    def __str__(self) -> str:
        return f"{self.trainer} {self.date}: {self.hours} h"


class Feedback(models.Model):
    """A learner's rating of one class, once. Trainers see it without the learner's name."""

    session = models.ForeignKey("events.ClassSession", on_delete=models.CASCADE, related_name="feedback")
    learner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    rating = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)], choices=[(n, str(n)) for n in range(1, 6)]
    )
    comment = models.TextField(_("comment (optional)"), blank=True, max_length=1000)
    created_at = models.DateTimeField(default=timezone.now)
    hidden = models.BooleanField(default=False)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        constraints = [
            models.UniqueConstraint(fields=["session", "learner"], name="feedback_once_per_class"),
            models.CheckConstraint(condition=models.Q(rating__gte=1, rating__lte=5), name="feedback_rating_1_to_5"),
        ]

    def __str__(self) -> str:
        return f"{self.rating}★ {self.session}"
