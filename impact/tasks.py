"""Daily: send the follow-up survey to learners who completed a course some weeks ago."""

from __future__ import annotations

from celery import shared_task

from impact import services


@shared_task
def send_follow_up_surveys() -> int:
    # Idempotent: one survey per enrolment (a one-to-one), so a second run sends nothing twice.
    return services.send_due_surveys()
