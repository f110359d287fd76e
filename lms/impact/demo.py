"""Demo outcomes: every completed demo enrolment has had its follow-up survey, and most have
answered, so the impact table ("self-employment created, by trade") is not empty. Safe to run
again: one survey per enrolment, looked up before it is created."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from courses.models import Enrolment
from lms.impact.models import FollowUp

# Answers handed out in turn: (business, sells on Facebook, marketplace, livestream, income, registered)
ANSWERS = [
    (FollowUp.Business.STARTED, True, False, False, FollowUp.Income.UNDER_5K, FollowUp.Registered.NO),
    (FollowUp.Business.STARTED, True, False, True, FollowUp.Income.UPTO_10K, FollowUp.Registered.BSCIC),
    (FollowUp.Business.GREW, True, True, False, FollowUp.Income.UPTO_20K, FollowUp.Registered.BSCIC),
    (FollowUp.Business.NOT_YET, False, False, False, FollowUp.Income.NONE, FollowUp.Registered.NO),
    (FollowUp.Business.STARTED, False, True, False, FollowUp.Income.UPTO_10K, FollowUp.Registered.OTHER),
    None,  # sent, not answered yet
]


def seed() -> list[str]:
    now = timezone.now()
    completed = (
        Enrolment.objects.filter(status=Enrolment.Status.COMPLETED, user__phone__startswith="+88017000001")
        .select_related("batch__course")
        .order_by("pk")
    )
    for n, enrolment in enumerate(completed):
        if FollowUp.objects.filter(enrolment=enrolment).exists():
            continue
        answer = ANSWERS[n % len(ANSWERS)]
        follow_up = FollowUp(enrolment=enrolment, user_id=enrolment.user_id, sent_at=now - dt.timedelta(days=2))
        if answer:
            business, facebook, marketplace, livestream, income, registered = answer
            follow_up.business, follow_up.income, follow_up.registered = business, income, registered
            follow_up.sells_facebook, follow_up.sells_marketplace, follow_up.sells_livestream = (
                facebook,
                marketplace,
                livestream,
            )
            follow_up.trade_id = (
                None if business == FollowUp.Business.NOT_YET else enrolment.batch.course.facts.trade_id
            )
            follow_up.answered_at = now - dt.timedelta(days=1)
        follow_up.save()
    answered = FollowUp.objects.filter(user__phone__startswith="+88017000001", answered_at__isnull=False).count()
    return [f"Follow-up surveys answered by demo learners: {answered} (impact table at /organise/impact/)"]
