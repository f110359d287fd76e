"""Handing work to the background workers without losing it when Redis is down.

`enqueue(task, *args)` sends the task to the broker; if the broker cannot be reached it keeps
the task in the database (PendingTask) instead of failing the person's request, and
`resend()` sends what was kept once the broker is back (Celery beat runs it every minute;
`manage.py resend_tasks` runs it by hand). Every task sent this way must be idempotent — they
are: each checks whether its work is already done — because a task may then run twice (sent
just before the connection dropped, and kept as well).
"""

from __future__ import annotations

import logging

from celery import current_app
from django.db import transaction
from kombu.exceptions import OperationalError

from lms.jobs.models import PendingTask

log = logging.getLogger(__name__)
# What a broker that cannot be reached raises through Celery (kombu wraps most of them).
BROKER_DOWN = (OperationalError, ConnectionError, OSError)


def enqueue(task, *args, countdown: int | None = None, **kwargs) -> bool:
    """Send now (True) or keep for later (False)."""
    if task.app.conf.task_always_eager:  # the embedded default: runs here, errors and all
        task.apply_async(args=args, kwargs=kwargs, countdown=countdown)
        return True
    try:
        task.apply_async(args=args, kwargs=kwargs, countdown=countdown)
        return True
    except BROKER_DOWN as error:
        log.warning("broker unreachable, keeping %s for later: %s", task.name, error)
        PendingTask.objects.create(
            task=task.name, args=list(args), kwargs=kwargs, countdown=countdown, error=str(error)
        )
        return False


def enqueue_on_commit(task, *args, countdown: int | None = None, **kwargs) -> None:
    """enqueue() once the surrounding transaction has committed (what the task reads is saved)."""
    transaction.on_commit(lambda: enqueue(task, *args, countdown=countdown, **kwargs))


def resend(limit: int = 1000) -> tuple[int, int]:
    """Send kept tasks in the order they were kept; (sent, still kept). Stops at the first
    failure: the broker is still down."""
    sent = 0
    for pending in PendingTask.objects.all()[:limit]:
        try:
            current_app.send_task(pending.task, args=pending.args, kwargs=pending.kwargs, countdown=pending.countdown)
        except BROKER_DOWN as error:
            PendingTask.objects.filter(pk=pending.pk).update(attempts=pending.attempts + 1, error=str(error))
            break
        pending.delete()
        sent += 1
    return sent, PendingTask.objects.count()
