"""Daily: send the follow-up survey to learners who completed a course some weeks ago."""

from __future__ import annotations

from celery import shared_task

from lms.impact import services


# Named by its old module path so tasks queued before the move still run.
@shared_task(name="impact.tasks.send_follow_up_surveys")
def send_follow_up_surveys() -> int:
    # Idempotent: one survey per enrolment (a one-to-one), so a second run sends nothing twice.
    return services.send_due_surveys()
