"""What is said in a class room, kept after the class so the trainer can read it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

QUESTION_MAX = 300
ANNOUNCEMENT_MAX = 500


class Question(models.Model):
    session = models.ForeignKey("events.ClassSession", on_delete=models.CASCADE, related_name="questions")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.CharField(_("question"), max_length=QUESTION_MAX)
    votes = models.PositiveIntegerField(default=0)  # kept equal to the Vote rows by room.services
    created_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)
    hidden_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        indexes = [models.Index(fields=["session", "created_at"])]

    def __str__(self) -> str:
        return self.text[:50]


class Vote(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="vote_rows")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["question", "user"], name="room_vote_once")]

    def __str__(self) -> str:
        return f"{self.user} + {self.question}"


class Announcement(models.Model):
    session = models.ForeignKey("events.ClassSession", on_delete=models.CASCADE, related_name="announcements")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.CharField(_("announcement"), max_length=ANNOUNCEMENT_MAX)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")

    def __str__(self) -> str:
        return self.text[:50]


class Presence(models.Model):
    """One open websocket. In the database, not in a process's memory, so every server
    process counts the same people; a connection not seen for a while (its process died)
    stops counting by itself."""

    session = models.ForeignKey("events.ClassSession", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    channel_name = models.CharField(max_length=200, unique=True)
    seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["session", "seen_at"])]

    def __str__(self) -> str:
        return f"{self.user} in {self.session}"
