"""Celery tasks for live classes: thin, idempotent, retried on errors worth retrying."""

from __future__ import annotations

import datetime as dt
import logging

from celery import shared_task
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from events import services
from events.models import ClassSession, Provider
from events.zoom import ZoomError, ZoomNotFound, ZoomRateLimited, ZoomRequestError, ZoomUnavailable, zoom_api
from lms.jobs.outbox import enqueue_on_commit
from lms.notifications.services import notify

logger = logging.getLogger(__name__)
MAX_ZOOM_RETRIES = 6


def _topic(session: ClassSession) -> str:
    course = session.batch.course
    return f"{course.title} — {session.batch.name}"


def _alternative_hosts(session: ClassSession) -> list[str]:
    return [t.email for t in services.teachers_of(session) if t.email]


def sync_zoom(session_id: int) -> ClassSession:
    """Bring the session's Zoom meeting in line with the session: create, update or delete.

    The session row stays locked during the Zoom call, so two workers never create two
    meetings; a meeting created by an attempt that then timed out is found by its marker.
    """
    with transaction.atomic():
        session = ClassSession.objects.select_for_update().select_related("batch__course").get(pk=session_id)
        api = zoom_api()
        if session.status == ClassSession.Status.CANCELLED or session.provider != Provider.ZOOM:
            if session.zoom_meeting_id:
                api.delete_meeting(session.zoom_meeting_id)
                session.zoom_state = ClassSession.ZoomState.DELETED
                session.zoom_meeting_id = None
                session.save(update_fields=["zoom_state", "zoom_meeting_id", "updated_at"])
            return session
        if session.zoom_meeting_id is None:
            meeting = api.find_meeting_by_marker(session.zoom_marker)
            if meeting is None:
                session.zoom_state = ClassSession.ZoomState.PENDING
                meeting = api.create_meeting(
                    _topic(session),
                    session.starts_at,
                    session.duration_minutes,
                    alternative_hosts=_alternative_hosts(session),
                    marker=session.zoom_marker,
                )
            session.zoom_meeting_id = meeting.id
            session.zoom_uuid = meeting.uuid
            session.zoom_join_url = meeting.join_url
            session.zoom_start_url = meeting.start_url
        elif session.zoom_synced_start != session.starts_at:
            try:
                api.update_meeting(
                    session.zoom_meeting_id,
                    start=session.starts_at,
                    duration_minutes=session.duration_minutes,
                    topic=_topic(session),
                    alternative_hosts=_alternative_hosts(session),
                )
            except ZoomNotFound:
                # Deleted on Zoom's side: make a new one next time round.
                session.zoom_meeting_id = None
                session.zoom_state = ClassSession.ZoomState.PENDING
                session.save(update_fields=["zoom_meeting_id", "zoom_state", "updated_at"])
                raise
        session.zoom_synced_start = session.starts_at
        session.zoom_state = ClassSession.ZoomState.CREATED
        session.zoom_error = ""
        session.save()
        return session


def _record_failure(session_id: int, message: str) -> None:
    """Zoom gave up (a refusal, or errors past the last retry): the class page shows why, and
    the class's trainers are told once, so someone pastes a link before the class."""
    ClassSession.objects.filter(pk=session_id).update(
        zoom_state=ClassSession.ZoomState.FAILED, zoom_error=message[:1000], updated_at=timezone.now()
    )
    session = ClassSession.objects.select_related("batch__course").filter(pk=session_id).first()
    if session is None or session.status != ClassSession.Status.SCHEDULED:
        return
    for trainer in services.teachers_of(session):
        notify(
            trainer,
            "zoom_failed",
            context={"session": session},
            url=reverse("events:trainer_class", kwargs={"session_id": session.pk}),
            dedupe_key=f"zoom-failed:{session.pk}:{session.starts_at.timestamp():.0f}",
            sms=True,
        )


@shared_task(bind=True, max_retries=MAX_ZOOM_RETRIES, acks_late=True)
def sync_zoom_meeting(self, session_id: int) -> None:
    try:
        sync_zoom(session_id)
    except ClassSession.DoesNotExist:
        return
    except ZoomRateLimited as error:
        _retry(self, session_id, error, countdown=error.retry_after or 60)
    except (ZoomUnavailable, ZoomNotFound) as error:
        _retry(self, session_id, error, countdown=min(30 * 2**self.request.retries, 1800))
    except ZoomRequestError as error:
        # Zoom refused the request itself (4xx): retrying will not help; the trainer sees why
        # on the class page and can paste a link instead.
        _record_failure(session_id, error.message)
    except ZoomError as error:
        _record_failure(session_id, str(error))


def _retry(task, session_id: int, error: ZoomError, countdown: int) -> None:
    if task.request.retries >= task.max_retries or task.request.is_eager:
        _record_failure(session_id, str(error))
        if task.request.is_eager:
            return
        raise error
    logger.warning("Zoom sync of session %s failed (%s); retrying in %ss", session_id, error, countdown)
    raise task.retry(exc=error, countdown=countdown)


@shared_task(bind=True, max_retries=12, acks_late=True)
def fetch_zoom_report(self, session_id: int) -> None:
    """After a meeting ends, Zoom needs a while to build the report: retry until it is there."""
    session = ClassSession.objects.select_related("batch").filter(pk=session_id).first()
    if session is None or not session.zoom_meeting_id:
        return
    try:
        participants = zoom_api().report_participants(session.zoom_uuid or session.zoom_meeting_id)
    except (ZoomUnavailable, ZoomRateLimited, ZoomNotFound) as error:
        if self.request.is_eager or self.request.retries >= self.max_retries:
            logger.warning("No Zoom report for session %s: %s", session_id, error)
            return
        raise self.retry(exc=error, countdown=300) from error
    services.record_zoom_report(session, participants)


def queue_zoom_sync(sender, session: ClassSession, **kwargs) -> None:
    """events.signals.class_changed: a Zoom class's meeting follows it, once the change is saved."""
    if session.provider == Provider.ZOOM:
        enqueue_on_commit(sync_zoom_meeting, session.pk)


@shared_task
def send_reminders() -> int:
    return services.send_due_reminders()


@shared_task
def sync_upcoming_zoom_meetings() -> int:
    """Beat's safety net: meetings that failed or were never created for the next two weeks."""
    now = timezone.now()
    pending = ClassSession.objects.filter(
        provider=Provider.ZOOM,
        status=ClassSession.Status.SCHEDULED,
        starts_at__gt=now,
        starts_at__lt=now + dt.timedelta(days=14),
    ).exclude(zoom_state=ClassSession.ZoomState.CREATED)
    count = 0
    for session_id in pending.values_list("pk", flat=True):
        sync_zoom_meeting.delay(session_id)
        count += 1
    return count
