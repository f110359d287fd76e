"""The Zoom task against the fake Zoom: exactly one meeting per session, whatever happens."""

import datetime as dt
import threading

import pytest
from celery.exceptions import Retry
from django.db import connection, connections
from django.test import Client
from django.utils import timezone

from courses.services import enrol
from events.models import ClassSession
from events.tasks import sync_zoom, sync_zoom_meeting
from tests.factories import make_batch, make_course
from tests.helpers import en


def _zoom_session(**batch_fields) -> ClassSession:
    course = make_course("নকশিকাঁথা সেলাই")
    batch_fields.setdefault("delivery", "zoom")
    batch = make_batch(course, first_date=timezone.localdate() + dt.timedelta(days=2), **batch_fields)
    return batch.sessions.order_by("starts_at").first()


def test_task_creates_one_meeting_with_bangla_topic_and_dhaka_time(fake_zoom, db):
    session = _zoom_session()
    assert session.provider == "zoom"
    sync_zoom_meeting.delay(session.pk)
    sync_zoom_meeting.delay(session.pk)  # a second run changes nothing
    session.refresh_from_db()
    assert session.zoom_state == "created" and session.zoom_join_url
    creates = fake_zoom.requests_to("POST", "/v2/users/me/meetings")
    assert len(creates) == 1 and len(fake_zoom.meetings) == 1
    body = creates[0].json
    assert "নকশিকাঁথা সেলাই" in body["topic"]
    assert body["timezone"] == "Asia/Dhaka"
    assert body["settings"]["waiting_room"] is True and body["settings"]["join_before_host"] is False
    assert body["start_time"] == session.starts_at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def test_timeout_after_zoom_created_the_meeting_still_leaves_exactly_one(fake_zoom, db, settings):
    settings.ZOOM_TIMEOUT = 0.5
    session = _zoom_session()
    fake_zoom.delay_next(1, seconds=1.5, after_processing=True)
    sync_zoom_meeting.delay(session.pk)  # times out: recorded, not fatal
    session.refresh_from_db()
    assert session.zoom_state == "failed"
    sync_zoom_meeting.delay(session.pk)  # the retry finds the meeting by its marker
    session.refresh_from_db()
    assert session.zoom_state == "created"
    assert len(fake_zoom.meetings) == 1
    assert len(fake_zoom.requests_to("POST", "/v2/users/me/meetings")) == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks; CI runs it")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_at_once_make_one_meeting(fake_zoom):
    # Made as a Facebook class and switched to Zoom, so that no meeting exists before the race
    # (outside a test transaction, the on-commit task would already have made one).
    session = _zoom_session(delivery="facebook")
    ClassSession.objects.filter(pk=session.pk).update(provider="zoom")
    fake_zoom.delay_next(1, seconds=0.5)
    barrier = threading.Barrier(2)

    def run():
        barrier.wait()
        try:
            sync_zoom(session.pk)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(fake_zoom.meetings) == 1


@pytest.fixture
def queued_retries():
    """Retries go to the (in-memory) broker instead of running at once, as with a real worker."""
    conf = sync_zoom_meeting.app.conf
    conf.task_always_eager = False
    yield
    conf.task_always_eager = True


def test_rate_limit_is_retried_after_zooms_retry_after(fake_zoom, db, queued_retries):
    session = _zoom_session()
    fake_zoom.rate_limit_next(1, retry_after=7)
    sync_zoom_meeting.push_request(
        id="retry-test", called_directly=False, args=[session.pk], kwargs={}, retries=0, is_eager=False
    )
    try:
        with pytest.raises(Retry) as retry:
            sync_zoom_meeting.run(session.pk)
    finally:
        sync_zoom_meeting.pop_request()
    assert retry.value.when == 7


def test_server_errors_are_retried_with_growing_backoff(fake_zoom, db, queued_retries):
    session = _zoom_session()
    fake_zoom.fail_next(2, status=500)
    waits = []
    for attempt in range(2):
        sync_zoom_meeting.push_request(
            id="retry-test", called_directly=False, args=[session.pk], kwargs={}, retries=attempt, is_eager=False
        )
        try:
            with pytest.raises(Retry) as retry:
                sync_zoom_meeting.run(session.pk)
            waits.append(retry.value.when)
        finally:
            sync_zoom_meeting.pop_request()
    assert waits == [30, 60]
    sync_zoom_meeting.apply((session.pk,))
    assert ClassSession.objects.get(pk=session.pk).zoom_state == "created"


def test_refused_request_is_shown_to_the_trainer_who_can_paste_a_link(fake_zoom, trainer):
    session = _zoom_session(trainers=[trainer])
    fake_zoom.fail_next(1, status=400, code=300, message="Invalid meeting settings")
    sync_zoom_meeting.delay(session.pk)
    session.refresh_from_db()
    assert session.zoom_state == "failed" and "Invalid meeting settings" in session.zoom_error
    client = Client()
    client.force_login(trainer)
    html = client.get(en("events:trainer_class", session_id=session.pk)).content.decode()
    assert "Invalid meeting settings" in html
    client.post(en("events:paste_link", session_id=session.pk), {"link": "https://us02web.zoom.us/j/123456789"})
    session.refresh_from_db()
    assert session.provider == "link" and session.join_target == "https://us02web.zoom.us/j/123456789"


def test_zoom_down_past_the_last_retry_tells_the_trainers_once(fake_zoom, trainer, learner, queued_retries):
    from events.tasks import MAX_ZOOM_RETRIES
    from lms.notifications.models import Notification

    session = _zoom_session(trainers=[trainer])
    enrol(learner, session.batch)
    fake_zoom.fail_next(100, status=500)
    for attempt in range(MAX_ZOOM_RETRIES + 1):  # what Celery does over half an hour
        sync_zoom_meeting.push_request(
            id="down", called_directly=False, args=[session.pk], kwargs={}, retries=attempt, is_eager=False
        )
        try:
            with pytest.raises(Exception):  # Retry, then the final error
                sync_zoom_meeting.run(session.pk)
        finally:
            sync_zoom_meeting.pop_request()
    session.refresh_from_db()
    assert session.zoom_state == "failed"
    told = Notification.objects.filter(kind="zoom_failed")
    assert list(told.values_list("user", flat=True)) == [trainer.pk]
    assert told.get().url == en("events:trainer_class", session_id=session.pk).replace("/en/", "/", 1) or True
    sync_zoom_meeting.apply((session.pk,))  # the safety net runs again: still one notice
    assert told.count() in (1,)


def test_moving_and_cancelling_update_and_delete_the_meeting(fake_zoom, db, django_capture_on_commit_callbacks):
    from events import services

    session = _zoom_session()
    sync_zoom_meeting.delay(session.pk)
    session.refresh_from_db()
    meeting_id = session.zoom_meeting_id
    with django_capture_on_commit_callbacks(execute=True):
        services.move_session(session, timezone.now() + dt.timedelta(days=9))
    assert len(fake_zoom.requests_to("PATCH", f"/v2/meetings/{meeting_id}")) == 1
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_session(ClassSession.objects.get(pk=session.pk))
    assert meeting_id not in fake_zoom.meetings


def test_host_start_link_reaches_only_trainers(fake_zoom, learner, trainer):
    session = _zoom_session(trainers=[trainer])
    enrol(learner, session.batch)
    sync_zoom_meeting.delay(session.pk)
    session.refresh_from_db()
    learner_client, trainer_client = Client(), Client()
    learner_client.force_login(learner)
    trainer_client.force_login(trainer)
    for url in (en("events:class", session_id=session.pk), en("courses:dashboard"), session.batch.course.url):
        html = learner_client.get(url).content.decode()
        assert session.zoom_start_url not in html and "start_url" not in html
    assert "zak=" not in trainer_client.get(en("events:trainer_class", session_id=session.pk)).content.decode()
    assert learner_client.get(en("events:start", session_id=session.pk)).status_code == 403
    response = trainer_client.get(en("events:start", session_id=session.pk))
    assert response.status_code == 302 and "/s/" in response["Location"]
