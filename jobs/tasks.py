from __future__ import annotations

from celery import shared_task

from jobs import outbox


@shared_task
def resend_pending_tasks() -> dict[str, int]:
    """Celery beat, every minute: what could not reach the broker before goes now."""
    sent, kept = outbox.resend()
    return {"sent": sent, "kept": kept}
