"""Workshop facts, the attendance sheet's sync log, practical assessments and portfolios.

Attendance itself stays in events.Attendance (one row per learner and class, merged from every
source); SheetMark only remembers which marks from a trainer's phone have arrived, so a mark sent
twice changes nothing and an older mark never overwrites a newer one.
"""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.core.validators import URLValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MAX_PHOTOS = 5


class WorkshopDetails(models.Model):
    """What a learner needs to find the venue and come prepared (an in-person batch's extra facts)."""

    batch = models.OneToOneField("courses.Batch", on_delete=models.CASCADE, related_name="workshop")
    address = models.TextField(
        _("address"), max_length=500, help_text=_("Street, landmark, floor — how to find the room.")
    )
    map_url = models.URLField(
        _("map link"),
        max_length=500,
        blank=True,
        validators=[URLValidator(schemes=["https"])],
        help_text=_("A Google Maps or OpenStreetMap link to the venue (https://…)."),
    )
    materials_to_bring = models.TextField(_("materials to bring"), max_length=1000, blank=True)
    materials_provided = models.TextField(_("materials provided"), max_length=1000, blank=True)
    contact_phone = models.CharField(_("contact mobile at the venue"), max_length=16, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("workshop details")
        verbose_name_plural = _("workshop details")

    def __str__(self) -> str:
        return f"{self.batch}"

    @property
    def bring_list(self) -> list[str]:
        return [line.strip() for line in self.materials_to_bring.splitlines() if line.strip()]

    @property
    def provided_list(self) -> list[str]:
        return [line.strip() for line in self.materials_provided.splitlines() if line.strip()]


class SheetMark(models.Model):
    """One tap on the trainer's sheet, as it arrived from the phone.

    client_id is made on the phone when the tap happens: it is what makes sending twice harmless.
    marked_at is when the tap happened, corrected for the phone's clock (see services.sync_marks).
    """

    client_id = models.UUIDField(unique=True)
    session = models.ForeignKey("events.ClassSession", on_delete=models.CASCADE, related_name="sheet_marks")
    learner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    present = models.BooleanField()
    marked_at = models.DateTimeField()
    received_at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    # Whether this mark set the attendance when it arrived (False: a newer change was already there),
    # and the attendance row's updated_at it left behind: if the row changes later by another way
    # (the class page's sheet, a check-in), that change's own time is what a late mark must beat.
    applied = models.BooleanField(default=False)
    attendance_stamp = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["session", "learner", "marked_at"])]

    def __str__(self) -> str:
        return f"{self.learner_id} @ {self.session_id}: {self.present} ({self.marked_at:%H:%M:%S})"


class Practical(models.Model):
    """The trainer's assessment of a learner's piece of work: one per learner and batch."""

    class Result(models.TextChoices):
        PASSED = "passed", _("Passed")
        MORE_PRACTICE = "more_practice", _("Needs more practice")

    batch = models.ForeignKey("courses.Batch", on_delete=models.CASCADE, related_name="practicals")
    learner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="practicals")
    session = models.ForeignKey(
        "events.ClassSession", verbose_name=_("class"), on_delete=models.PROTECT, related_name="+"
    )
    result = models.CharField(_("result"), max_length=20, choices=Result.choices)
    comment = models.TextField(_("comment"), max_length=500, blank=True)
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    assessed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("practical assessment")
        verbose_name_plural = _("practical assessments")
        constraints = [models.UniqueConstraint(fields=["batch", "learner"], name="one_practical_per_learner_and_batch")]

    def __str__(self) -> str:
        return f"{self.learner} — {self.batch}: {self.result}"

    @property
    def passed(self) -> bool:
        return self.result == self.Result.PASSED


def _photo_path(instance: WorkPhoto, filename: str) -> str:
    # Never the uploaded name; the files are only ever served through workshops.views.photo.
    return f"workshops/work/{uuid.uuid4().hex}.jpg"


def _thumb_path(instance: WorkPhoto, filename: str) -> str:
    return f"workshops/work/{uuid.uuid4().hex}-thumb.jpg"


class WorkPhoto(models.Model):
    """A photo of the learner's piece, re-encoded on upload (trainers.uploads.clean_photo)."""

    practical = models.ForeignKey(Practical, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(upload_to=_photo_path)
    thumb = models.ImageField(upload_to=_thumb_path)
    uploaded_at = models.DateTimeField(default=timezone.now)
    # The learner chose to show it on her public portfolio.
    in_portfolio = models.BooleanField(_("show on my portfolio"), default=False)

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.image.name


def _portfolio_key() -> str:
    return secrets.token_urlsafe(9)


class Portfolio(models.Model):
    """A learner's public showcase. Off until she publishes it; unpublishing hides it at once.

    Its address is a random key, not the user id, so portfolios cannot be walked one by one."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="portfolio")
    key = models.CharField(max_length=20, unique=True, default=_portfolio_key)
    is_public = models.BooleanField(_("published"), default=False)
    about = models.CharField(_("a line about your work"), max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"portfolio of {self.user}"
