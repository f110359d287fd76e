"""Celery tasks for forums: thin and idempotent (notifications carry a dedupe key)."""

from __future__ import annotations

from celery import shared_task

from lms.forums import services


# Named by its old module path so tasks queued before the move still run.
@shared_task(name="forums.tasks.send_announcement", autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5)
def send_announcement(announcement_id: int) -> int:
    return services.send_announcement_to_members(announcement_id)
