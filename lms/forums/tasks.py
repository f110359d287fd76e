"""Celery tasks for forums: thin and idempotent (notifications carry a dedupe key)."""

from __future__ import annotations

from celery import shared_task
from django.db import transaction

from lms.forums import services


# Named by its old module path so tasks queued before the move still run.
@shared_task(name="forums.tasks.send_announcement", autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5)
def send_announcement(announcement_id: int) -> int:
    return services.send_announcement_to_members(announcement_id)


def queue_announcement(sender, announcement, **kwargs) -> None:
    """forums.signals.announcement_posted: the members are told once the post is saved (a big
    forum takes a while, so in the background)."""
    announcement_id = announcement.pk
    transaction.on_commit(lambda: send_announcement.delay(announcement_id))
