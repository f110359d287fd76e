"""The follow-up survey: one per completed enrolment, sent some weeks after completion
(settings.IMPACT_SURVEY_AFTER_WEEKS) and answered once."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class FollowUp(models.Model):
    class Business(models.TextChoices):
        STARTED = "started", _("Yes, I started a business")
        GREW = "grew", _("Yes, my business grew")
        NOT_YET = "not_yet", _("Not yet")

    class Income(models.TextChoices):
        NONE = "none", _("No income from it yet")
        UNDER_5K = "under_5k", _("Less than 5,000 taka")
        UPTO_10K = "5k_10k", _("5,000 to 10,000 taka")
        UPTO_20K = "10k_20k", _("10,000 to 20,000 taka")
        UPTO_50K = "20k_50k", _("20,000 to 50,000 taka")
        OVER_50K = "over_50k", _("More than 50,000 taka")

    class Registered(models.TextChoices):
        BSCIC = "bscic", _("Yes, with BSCIC")
        OTHER = "other", _("Yes, with another office (Youth Development, Women's Affairs, cooperative …)")
        NO = "no", _("No")

    # One survey per enrolment: the daily task can run twice and sends nothing twice.
    enrolment = models.OneToOneField("courses.Enrolment", on_delete=models.CASCADE, related_name="follow_up")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follow_ups")
    sent_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)
    business = models.CharField(_("did you start or grow a business?"), max_length=10, choices=Business.choices)
    trade = models.ForeignKey(
        "courses.Trade",
        verbose_name=_("in which trade?"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    sells_facebook = models.BooleanField(_("on Facebook (page or group)"), default=False)
    sells_marketplace = models.BooleanField(_("on an online marketplace"), default=False)
    sells_livestream = models.BooleanField(_("by livestream"), default=False)
    income = models.CharField(_("rough monthly income from it"), max_length=10, choices=Income.choices, blank=True)
    registered = models.CharField(
        _("did you register your business?"), max_length=10, choices=Registered.choices, blank=True
    )

    class Meta:
        verbose_name = _("follow-up survey")
        verbose_name_plural = _("follow-up surveys")
        indexes = [models.Index(fields=["answered_at"])]

    def __str__(self) -> str:
        return f"follow-up {self.enrolment_id}"

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None

    @property
    def sells_online(self) -> bool:
        return self.sells_facebook or self.sells_marketplace or self.sells_livestream
