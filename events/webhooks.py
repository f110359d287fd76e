"""What the platform does with Zoom's webhook events (signature checks: events.zoom_webhooks)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from django.conf import settings
from django.db import IntegrityError, transaction

from events.models import ClassSession, ZoomEvent
from events.signals import class_live_status
from events.tasks import fetch_zoom_report
from events.zoom_webhooks import URL_VALIDATION_EVENT, url_validation_response, verify
from lms.jobs.outbox import enqueue_on_commit


def receive(*, body: bytes, signature: str | None, timestamp: str | None, now: dt.datetime) -> dict | None:
    """Verify, answer Zoom's URL check, and handle each event once (replays change nothing)."""
    secret = settings.ZOOM_WEBHOOK_SECRET_TOKEN
    verify(secret, body=body, signature_header=signature, timestamp=timestamp, now=now)
    payload = json.loads(body)
    event = payload.get("event", "")
    if event == URL_VALIDATION_EVENT:
        return url_validation_response(secret, payload["payload"]["plainToken"])
    meeting = (payload.get("payload") or {}).get("object") or {}
    meeting_id = int(meeting["id"]) if str(meeting.get("id", "")).isdigit() else None
    fingerprint = hashlib.sha256(body).hexdigest()
    try:
        with transaction.atomic():
            ZoomEvent.objects.create(
                event=event,
                event_ts=int(payload.get("event_ts") or 0),
                meeting_id=meeting_id,
                fingerprint=fingerprint,
                payload=payload,
                received_at=now,
            )
            _handle(event, meeting_id, meeting, now)
    except IntegrityError:
        return {"duplicate": True}
    return None


def _handle(event: str, meeting_id: int | None, meeting: dict, now: dt.datetime) -> None:
    if meeting_id is None:
        return
    session = ClassSession.objects.filter(zoom_meeting_id=meeting_id).first()
    if session is None:
        return
    if event == "meeting.started" and session.live_started_at is None:
        session.live_started_at = now
        session.zoom_uuid = meeting.get("uuid") or session.zoom_uuid
        session.save(update_fields=["live_started_at", "zoom_uuid", "updated_at"])
        _tell_the_room(session, now)
    elif event == "meeting.ended" and session.live_ended_at is None:
        session.live_ended_at = now
        session.zoom_uuid = meeting.get("uuid") or session.zoom_uuid
        session.save(update_fields=["live_ended_at", "zoom_uuid", "updated_at"])
        _tell_the_room(session, now)
        session_id = session.pk
        enqueue_on_commit(fetch_zoom_report, session_id, countdown=120)


def _tell_the_room(session: ClassSession, now: dt.datetime) -> None:
    """The class room (events.room) pushes the new live status to everyone on the page."""
    class_live_status.send(sender=ClassSession, session=session, now=now)
