"""Live class sessions and what happens in them: joins, attendance, reminders, Zoom events.

Sessions are generated from a batch's weekly schedule (events.services.generate_sessions) and
stored in UTC; pages show them in Asia/Dhaka.
"""

from __future__ import annotations

import datetime as dt
import functools
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

JOIN_OPENS_BEFORE = dt.timedelta(minutes=15)


class Provider(models.TextChoices):
    ZOOM = "zoom", _("Zoom (created automatically)")
    LINK = "link", _("Zoom or other link pasted by the trainer")
    FACEBOOK = "facebook", _("Facebook live")
    IN_PERSON = "in_person", _("In person")


class ClassSession(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CANCELLED = "cancelled", _("Cancelled")

    class ZoomState(models.TextChoices):
        NONE = "", _("—")
        PENDING = "pending", _("Being created")
        CREATED = "created", _("Created")
        FAILED = "failed", _("Failed")
        DELETED = "deleted", _("Deleted")

    batch = models.ForeignKey("courses.Batch", on_delete=models.CASCADE, related_name="sessions")
    # 1, 2, 3 … for the weekly schedule; extra sessions get numbers after the schedule's.
    sequence = models.PositiveIntegerField()
    is_extra = models.BooleanField(default=False)
    moved = models.BooleanField(default=False, help_text="Rescheduled by hand: the weekly schedule leaves it alone.")
    starts_at = models.DateTimeField(_("starts"))
    duration_minutes = models.PositiveSmallIntegerField(_("length (minutes)"), default=90)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    provider = models.CharField(_("held on"), max_length=20, choices=Provider.choices)
    link = models.URLField(
        _("class link"), max_length=500, blank=True, help_text=_("Zoom, Facebook live or other link.")
    )
    zoom_state = models.CharField(max_length=20, choices=ZoomState.choices, blank=True, default="")
    zoom_meeting_id = models.BigIntegerField(null=True, blank=True, unique=True)
    zoom_uuid = models.CharField(max_length=100, blank=True)
    zoom_join_url = models.URLField(max_length=500, blank=True)
    # Lets anyone start the meeting as host: only ever sent to a trainer by redirect.
    zoom_start_url = models.TextField(blank=True)
    zoom_synced_start = models.DateTimeField(null=True, blank=True)
    zoom_error = models.TextField(blank=True)
    live_started_at = models.DateTimeField(null=True, blank=True)
    live_ended_at = models.DateTimeField(null=True, blank=True)
    recording_url = models.URLField(_("recording link"), max_length=500, blank=True)
    notes = models.TextField(_("session notes"), blank=True)
    checkin_code = models.CharField(max_length=6, blank=True)
    checkin_open_until = models.DateTimeField(null=True, blank=True)
    report_fetched_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("class")
        verbose_name_plural = _("classes")
        constraints = [models.UniqueConstraint(fields=["batch", "sequence"], name="one_session_per_number")]
        indexes = [models.Index(fields=["starts_at", "status"]), models.Index(fields=["batch", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.batch} #{self.sequence}"

    @property
    def ends_at(self) -> dt.datetime:
        return self.starts_at + dt.timedelta(minutes=self.duration_minutes)

    @property
    def zoom_marker(self) -> str:
        """Put in the meeting's agenda, so a meeting created before a timeout can be found."""
        return f"[udy-session-{self.pk}]"

    @property
    def join_target(self) -> str:
        return self.zoom_join_url if self.provider == Provider.ZOOM else self.link

    def is_joinable(self, now: dt.datetime) -> bool:
        return (
            self.status == self.Status.SCHEDULED
            and self.provider != Provider.IN_PERSON
            and bool(self.join_target)
            and self.starts_at - JOIN_OPENS_BEFORE <= now < self.ends_at
        )

    def is_running(self, now: dt.datetime) -> bool:
        return self.status == self.Status.SCHEDULED and self.starts_at <= now < self.ends_at

    def has_ended(self, now: dt.datetime) -> bool:
        return now >= self.ends_at

    def checkin_is_open(self, now: dt.datetime) -> bool:
        return bool(
            self.checkin_code and self.checkin_open_until and now < self.checkin_open_until
        ) and self.is_running(now)


class JoinClick(models.Model):
    session = models.ForeignKey(ClassSession, on_delete=models.CASCADE, related_name="join_clicks")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    clicked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["session", "user"])]

    def __str__(self) -> str:
        return f"{self.user} → {self.session}"


@functools.cache
def _source_labels() -> dict[str, object]:
    # Lazy labels: translated when shown, so one dict serves every language (a roster of 300
    # rebuilt the choices 300 times).
    return dict(Attendance.Source.choices)


class Attendance(models.Model):
    """One row per learner and session, merged from every source; never counted twice."""

    class Source(models.TextChoices):
        ZOOM = "zoom", _("Zoom report")
        CHECKIN = "checkin", _("Check-in code")
        SHEET = "sheet", _("Trainer's sheet")
        REGISTER = "register", _("Paper register")

    session = models.ForeignKey(ClassSession, on_delete=models.CASCADE, related_name="attendance")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attendance")
    present = models.BooleanField(default=True)
    minutes = models.PositiveIntegerField(default=0)
    sources = models.CharField(max_length=100, blank=True, help_text="Comma-separated sources that reported it.")
    # Set when a trainer marked or corrected this by hand: automatic sources no longer change it.
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "user"], name="attendance_once_per_session")]
        indexes = [models.Index(fields=["user", "present"])]

    def __str__(self) -> str:
        return f"{self.user} @ {self.session}: {'present' if self.present else 'absent'}"

    @property
    def source_list(self) -> list[str]:
        return [s for s in self.sources.split(",") if s]

    @property
    def source_labels(self) -> list[str]:
        labels = _source_labels()
        return [str(labels.get(s, s)) for s in self.source_list]


class Reminder(models.Model):
    """One reminder per session, learner and kind: beat firing twice sends nothing twice."""

    session = models.ForeignKey(ClassSession, on_delete=models.CASCADE, related_name="reminders")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10)  # "24h" or "1h"
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "user", "kind"], name="reminder_once")]

    def __str__(self) -> str:
        return f"{self.kind} {self.session} → {self.user}"


class ZoomEvent(models.Model):
    """A webhook event already handled (a replay or a duplicate is recognised here)."""

    event = models.CharField(max_length=80)
    event_ts = models.BigIntegerField()
    meeting_id = models.BigIntegerField(null=True)
    fingerprint = models.CharField(max_length=64, unique=True)
    payload = models.JSONField()
    received_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.event} {self.meeting_id}"


def _new_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """The secret address of a person's private calendar feed (revocable by a new token)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(max_length=64, unique=True, default=_new_token)

    def __str__(self) -> str:
        return f"calendar of {self.user}"
