from __future__ import annotations

from celery import shared_task

from lms.jobs import outbox


# Named by its old module path so tasks queued before the move still run.
@shared_task(name="jobs.tasks.resend_pending_tasks")
def resend_pending_tasks() -> dict[str, int]:
    """Celery beat, every minute: what could not reach the broker before goes now."""
    sent, kept = outbox.resend()
    return {"sent": sent, "kept": kept}
