"""The follow-up survey: sent once per completed enrolment some weeks after completion,
answered once; and the impact table its answers roll up into."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from courses.models import Enrolment
from lms.impact.figures import Filters, Labels
from lms.impact.models import FollowUp
from lms.notifications.services import notify

# Completions older than the delay plus this are not surveyed: switching the survey on (or
# beat coming back after an outage) must not message every graduate of past years at once.
CATCH_UP = dt.timedelta(days=30)
BATCH_SIZE = 500


class ImpactError(Exception):
    pass


def survey_delay() -> dt.timedelta:
    return dt.timedelta(weeks=settings.IMPACT_SURVEY_AFTER_WEEKS)


def due_enrolments(now: dt.datetime) -> QuerySet[Enrolment]:
    latest = now - survey_delay()
    return (
        Enrolment.objects.filter(
            status=Enrolment.Status.COMPLETED,
            completed_at__lte=latest,
            completed_at__gt=latest - CATCH_UP,
            follow_up__isnull=True,
            user__is_active=True,
        )
        .select_related("user", "batch__course")
        .order_by("completed_at")
    )


def send_survey(enrolment: Enrolment, *, now: dt.datetime) -> FollowUp | None:
    """Create the enrolment's survey and tell the learner, in their language; None if it was
    already sent (the one-to-one on enrolment makes a second run send nothing)."""
    try:
        with transaction.atomic():
            follow_up = FollowUp.objects.create(enrolment=enrolment, user=enrolment.user, sent_at=now)
    except IntegrityError:
        return None
    with translation.override(enrolment.user.language or "bn"):
        url = reverse("impact:survey", kwargs={"follow_up_id": follow_up.pk})
    notify(
        enrolment.user,
        "impact_survey",
        context={"course": enrolment.batch.course.title},
        url=url,
        dedupe_key=f"impact-survey:{enrolment.pk}",
        sms=True,
    )
    return follow_up


def send_due_surveys(now: dt.datetime | None = None) -> int:
    now = now or timezone.now()
    sent = 0
    for enrolment in due_enrolments(now)[:BATCH_SIZE]:
        if send_survey(enrolment, now=now):
            sent += 1
    return sent


def answer(follow_up: FollowUp, data: dict[str, Any], *, now: dt.datetime | None = None) -> FollowUp:
    """Store the learner's answers; a survey is answered once (the row is locked while checked)."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
        if locked.answered_at:
            raise ImpactError(_("You have already answered this survey. Thank you!"))
        for name, value in data.items():
            setattr(locked, name, value)
        if locked.business == FollowUp.Business.NOT_YET:
            locked.trade = None
        locked.answered_at = now
        locked.save()
    return locked


# --- the impact table --------------------------------------------------------------------------


@dataclass
class ImpactRow:
    key: object
    label: str
    started: int = 0
    grew: int = 0
    answered: int = 0
    sells_online: int = 0
    registered: int = 0


@dataclass
class ImpactTable:
    answered: int = 0
    sent: int = 0
    started: int = 0
    grew: int = 0
    by_trade: list[ImpactRow] = field(default_factory=list)
    by_district: list[ImpactRow] = field(default_factory=list)
    by_gender: list[ImpactRow] = field(default_factory=list)


def follow_ups(filters: Filters) -> QuerySet[FollowUp]:
    """Surveys of enrolments completed in the period, with the dashboard's filters."""
    return FollowUp.objects.filter(
        filters.person_q("user__"),
        filters.course_q("enrolment__batch__"),
        enrolment__completed_at__gte=filters.start_at,
        enrolment__completed_at__lt=filters.end_before,
    )


def _counts() -> dict[str, Count]:
    answered = Q(answered_at__isnull=False)
    return {
        "answered": Count("pk", filter=answered),
        "started": Count("pk", filter=answered & Q(business=FollowUp.Business.STARTED)),
        "grew": Count("pk", filter=answered & Q(business=FollowUp.Business.GREW)),
        "sells_online": Count(
            "pk", filter=answered & (Q(sells_facebook=True) | Q(sells_marketplace=True) | Q(sells_livestream=True))
        ),
        "registered": Count(
            "pk", filter=answered & Q(registered__in=[FollowUp.Registered.BSCIC, FollowUp.Registered.OTHER])
        ),
    }


def _rows(queryset: QuerySet[FollowUp], group: str, dimension: str, labels: Labels) -> list[ImpactRow]:
    grouped = queryset.filter(answered_at__isnull=False).order_by().values(group).annotate(**_counts())
    rows = [
        ImpactRow(
            item[group],
            labels.of(dimension, item[group]),
            item["started"],
            item["grew"],
            item["answered"],
            item["sells_online"],
            item["registered"],
        )
        for item in grouped
    ]
    return sorted(rows, key=lambda row: (-row.started, -row.grew, row.label))


def impact_table(filters: Filters, labels: Labels | None = None) -> ImpactTable:
    """Self-employment created (a business started) and businesses grown, by the trade the
    learner named, by district and by gender: four queries."""
    labels = labels or Labels()
    queryset = follow_ups(filters)
    totals = queryset.aggregate(sent=Count("pk"), **_counts())
    return ImpactTable(
        answered=totals["answered"],
        sent=totals["sent"],
        started=totals["started"],
        grew=totals["grew"],
        by_trade=_rows(queryset, "trade_id", "trade", labels),
        by_district=_rows(queryset, "user__district_id", "district", labels),
        by_gender=_rows(queryset, "user__gender", "gender", labels),
    )
