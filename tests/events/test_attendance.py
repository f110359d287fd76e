import datetime as dt
import hashlib
import hmac
import json
import time

import pytest
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from courses.models import Enrolment
from courses.services import enrol
from events import services
from events.models import Attendance, ClassSession, JoinClick, Reminder
from events.tasks import sync_zoom_meeting
from lms.notifications.models import Notification
from tests.factories import UserFactory, make_batch, make_course
from tests.helpers import en
from tests.workbooks import xlsx_bytes


def _running_session(**fields) -> ClassSession:
    """A batch whose first class started 10 minutes ago."""
    start = timezone.localtime() - dt.timedelta(minutes=10)
    batch = make_batch(
        first_date=start.date(),
        start_time=start.time().replace(microsecond=0),
        weekdays=str(start.isoweekday()),
        **fields,
    )
    return batch.sessions.order_by("starts_at").first()


def test_enrolled_learner_joins_through_our_url_and_the_click_is_recorded(learner, other_learner):
    session = _running_session()
    services.set_link(session, "https://us02web.zoom.us/j/987654321")
    enrol(learner, session.batch)
    client = Client()
    client.force_login(learner)
    assert "Join the class" in client.get(en("events:class", session_id=session.pk)).content.decode()
    response = client.get(en("events:join", session_id=session.pk))
    assert response.status_code == 302 and response["Location"] == "https://us02web.zoom.us/j/987654321"
    assert JoinClick.objects.filter(session=session, user=learner).count() == 1
    outsider = Client()
    outsider.force_login(other_learner)
    assert outsider.get(en("events:join", session_id=session.pk)).status_code == 403
    assert "987654321" not in outsider.get(session.batch.course.url).content.decode()


def test_join_costs_the_same_few_queries_however_big_the_batch(learner, trainer, django_assert_num_queries):
    # The busiest URL at the start of a class: session, user, the class with the learner's
    # enrolment, the recorded click. A trainer of the batch joins too, with one query more.
    session = _running_session(trainers=[trainer])
    services.set_link(session, "https://us02web.zoom.us/j/987654321")
    for _ in range(5):
        enrol(UserFactory(), session.batch)
    enrol(learner, session.batch)
    client = Client()
    client.force_login(learner)
    url = en("events:join", session_id=session.pk)
    with django_assert_num_queries(4):
        assert client.get(url)["Location"] == "https://us02web.zoom.us/j/987654321"
    for _ in range(20):
        enrol(UserFactory(), session.batch)
    with django_assert_num_queries(4):
        assert client.get(url).status_code == 302
    teacher = Client()
    teacher.force_login(trainer)
    assert teacher.get(url)["Location"] == "https://us02web.zoom.us/j/987654321"
    assert JoinClick.objects.filter(session=session).count() == 3
    assert Client().get(url).status_code == 302 and JoinClick.objects.filter(session=session).count() == 3
    missing = Client()
    missing.force_login(learner)
    assert missing.get(en("events:join", session_id=session.pk + 1000)).status_code == 404


def test_join_opens_15_minutes_before_and_closes_at_the_end(learner):
    batch = make_batch(first_date=timezone.localdate() + dt.timedelta(days=7))
    session = batch.sessions.first()
    services.set_link(session, "https://www.facebook.com/groups/x/live")
    enrol(learner, batch)
    with pytest.raises(services.ClassError, match="15 minutes"):
        services.join(learner, session, now=session.starts_at - dt.timedelta(minutes=16))
    assert services.join(learner, session, now=session.starts_at - dt.timedelta(minutes=14)).endswith("/live")
    with pytest.raises(services.ClassError, match="ended"):
        services.join(learner, session, now=session.ends_at)


def test_check_in_with_the_code_only_while_the_class_is_on(learner, trainer):
    session = _running_session(trainers=[trainer])
    enrol(learner, session.batch)
    with pytest.raises(services.ClassError, match="not open"):
        services.check_in(learner, session, "0000")
    code = services.open_checkin(session)
    with pytest.raises(services.ClassError, match="not right"):
        services.check_in(learner, session, "x" + code)
    bangla = code.translate(str.maketrans("0123456789", "০১২৩৪৫৬৭৮৯"))
    assert services.check_in(learner, session, bangla).present
    later = session.ends_at + dt.timedelta(minutes=1)
    with pytest.raises(services.ClassError, match="ended"):
        services.check_in(learner, session, code, now=later)
    future = make_batch(first_date=timezone.localdate() + dt.timedelta(days=9)).sessions.first()
    enrol(learner, future.batch)
    with pytest.raises(services.ClassError, match="not started"):
        services.check_in(learner, future, "1234")


def test_sources_merge_into_one_row_and_the_trainers_mark_wins(learner, trainer):
    session = _running_session(trainers=[trainer])
    enrol(learner, session.batch)
    services.record_attendance(session, learner, "checkin")
    services.record_attendance(session, learner, "zoom", minutes=55)
    services.record_attendance(session, learner, "zoom", minutes=40)
    row = Attendance.objects.get(session=session, user=learner)
    assert (row.present, row.minutes, row.source_list) == (True, 55, ["checkin", "zoom"])
    services.mark_sheet(session, trainer, present_ids=set())  # the trainer corrects: absent
    services.record_attendance(session, learner, "zoom", minutes=70)  # a late report does not undo it
    row.refresh_from_db()
    assert row.present is False and Attendance.objects.filter(session=session).count() == 1


def test_paper_register_is_all_or_nothing(learner, other_learner, trainer):
    session = _running_session(trainers=[trainer])
    enrol(learner, session.batch)
    enrol(other_learner, session.batch)
    bad = f"mobile,present\n{learner.national_phone},yes\n01999999999,yes\n{other_learner.national_phone},maybe\n"
    with pytest.raises(services.RegisterImportError) as error:
        services.import_register(session, trainer, bad)
    assert [line for line, _ in error.value.errors] == [3, 4]
    assert not Attendance.objects.exists()
    good = f"mobile,present\n{learner.national_phone},হ্যাঁ\n{other_learner.national_phone},no\n"
    assert services.import_register(session, trainer, good.encode()) == 2
    assert set(Attendance.objects.values_list("user_id", "present")) == {(learner.pk, True), (other_learner.pk, False)}


def test_attendance_completes_the_course(learner, trainer, django_capture_on_commit_callbacks):
    course = make_course(min_attendance_percent=50)
    start = timezone.localtime() - dt.timedelta(minutes=10)
    batch = make_batch(
        course,
        first_date=start.date(),
        start_time=start.time().replace(microsecond=0),
        weekdays=str(start.isoweekday()),
        weeks=2,
        trainers=[trainer],
    )
    enrolment = enrol(learner, batch).enrolment
    services.mark_sheet(batch.sessions.order_by("starts_at").first(), trainer, {learner.pk})
    assert Enrolment.objects.get(pk=enrolment.pk).status == Enrolment.Status.COMPLETED


def _signed(secret: str, payload: dict, ts: int | None = None) -> dict:
    body = json.dumps(payload).encode()
    ts = str(ts or int(time.time()))
    signature = "v0=" + hmac.new(secret.encode(), f"v0:{ts}:".encode() + body, hashlib.sha256).hexdigest()
    return {
        "data": body,
        "content_type": "application/json",
        "headers": {"x-zm-signature": signature, "x-zm-request-timestamp": ts},
    }


def test_webhook_answers_zooms_url_check_and_refuses_bad_signatures(fake_zoom, db):
    client = Client()
    check = _signed(fake_zoom.webhook_secret, {"event": "endpoint.url_validation", "payload": {"plainToken": "abc"}})
    answer = client.post("/zoom/webhook/", **check).json()
    expected = hmac.new(fake_zoom.webhook_secret.encode(), b"abc", hashlib.sha256).hexdigest()
    assert answer == {"plainToken": "abc", "encryptedToken": expected}
    forged = _signed("wrong-secret", {"event": "meeting.started", "payload": {"object": {"id": "1"}}})
    assert client.post("/zoom/webhook/", **forged).status_code == 401
    stale = _signed(fake_zoom.webhook_secret, {"event": "meeting.started"}, ts=int(time.time()) - 600)
    assert client.post("/zoom/webhook/", **stale).status_code == 401


def test_a_client_whose_signatures_keep_failing_is_told_to_wait_and_zoom_is_not(fake_zoom, db):
    from events.views import WEBHOOK_REJECTIONS_PER_MINUTE

    forger, zoom = Client(REMOTE_ADDR="203.0.113.9"), Client(REMOTE_ADDR="198.51.100.7")
    forged = _signed("wrong-secret", {"event": "meeting.started", "payload": {"object": {"id": "1"}}})
    for _ in range(WEBHOOK_REJECTIONS_PER_MINUTE):
        assert forger.post("/zoom/webhook/", **forged).status_code == 401
    refused = forger.post("/zoom/webhook/", **forged)
    assert refused.status_code == 429 and int(refused["Retry-After"]) <= 60
    check = _signed(fake_zoom.webhook_secret, {"event": "endpoint.url_validation", "payload": {"plainToken": "x"}})
    for _ in range(WEBHOOK_REJECTIONS_PER_MINUTE + 5):  # good deliveries never count
        assert zoom.post("/zoom/webhook/", **check).status_code == 200


def test_meeting_end_brings_the_zoom_report_into_attendance_once(
    fake_zoom, learner, other_learner, django_capture_on_commit_callbacks
):
    session = _running_session(delivery="zoom")
    enrol(learner, session.batch)
    enrol(other_learner, session.batch)
    sync_zoom_meeting.delay(session.pk)
    session.refresh_from_db()
    services.join(other_learner, session)  # matched by name: she pressed Join
    fake_zoom.seed_participants(
        session.zoom_meeting_id,
        [
            {"name": "Someone", "user_email": learner.email},
            {"name": "  নাসরিন   আক্তার "},
            {"name": "A guest"},
        ],
    )
    payload = {
        "event": "meeting.ended",
        "event_ts": 1,
        "payload": {"object": {"id": str(session.zoom_meeting_id), "uuid": session.zoom_uuid}},
    }
    request = _signed(fake_zoom.webhook_secret, payload)
    with django_capture_on_commit_callbacks(execute=True):
        assert Client().post("/zoom/webhook/", **request).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        assert Client().post("/zoom/webhook/", **request).json() == {"duplicate": True}
    rows = Attendance.objects.filter(session=session)
    assert set(rows.values_list("user_id", flat=True)) == {learner.pk, other_learner.pk}
    assert all(row.source_list == ["zoom"] and row.minutes > 0 for row in rows)


def test_reminders_go_once_in_the_learners_language_even_if_beat_fires_twice(learner, sms_outbox):
    learner.language = "bn"
    learner.save()
    batch = make_batch(first_date=timezone.localdate() + dt.timedelta(days=3))
    enrol(learner, batch)
    session = batch.sessions.order_by("starts_at").first()
    for now in (session.starts_at - dt.timedelta(hours=24, minutes=-5), session.starts_at - dt.timedelta(minutes=55)):
        services.send_due_reminders(now)
        services.send_due_reminders(now)
    assert sorted(Reminder.objects.values_list("kind", flat=True)) == ["1h", "24h"]
    titles = list(Notification.objects.filter(user=learner).values_list("title", flat=True))
    assert len(titles) == 2 and any("আগামীকাল" in t for t in titles)
    assert len(sms_outbox) == 0  # SMS goes after commit; see the next test


def test_reminder_sms_is_sent_after_commit(learner, sms_outbox, django_capture_on_commit_callbacks):
    batch = make_batch(first_date=timezone.localdate() + dt.timedelta(days=3))
    enrol(learner, batch)
    session = batch.sessions.order_by("starts_at").first()
    with django_capture_on_commit_callbacks(execute=True):
        services.send_due_reminders(session.starts_at - dt.timedelta(minutes=50))
    assert [m.to for m in sms_outbox] == [learner.phone]


def test_private_calendar_feed_and_batch_download_parse_as_icalendar(client, learner):
    batch = make_batch(first_date=timezone.localdate() + dt.timedelta(days=3), weeks=2, weekdays="6")
    enrol(learner, batch)
    client.force_login(learner)
    html = client.get(en("events:calendar")).content.decode()
    feed_url = html.split('data-testid="feed-url">', 1)[1].split("<", 1)[0]
    feed = Client().get("/" + feed_url.split("/", 3)[3])
    calendar = Calendar.from_ical(feed.content)
    events = [c for c in calendar.walk("VEVENT")]
    assert len(events) == 2
    assert str(events[0]["DTSTART"].dt.tzinfo) == "Asia/Dhaka"
    assert "/class/" in str(events[0]["URL"])
    download = Calendar.from_ical(Client().get(en("events:batch_calendar", batch_id=batch.pk)).content)
    assert len(list(download.walk("VEVENT"))) == 2 and "URL" not in list(download.walk("VEVENT"))[0]
    assert Client().get("/calendar/not-a-token.ics").status_code == 404
    assert UserFactory()


def test_paper_register_as_xlsx_through_the_class_page(client, learner, other_learner, trainer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    session = _running_session(trainers=[trainer])
    enrol(learner, session.batch)
    enrol(other_learner, session.batch)
    rows = [["Mobile", "Present"], [learner.national_phone, "উপস্থিত"], [other_learner.national_phone, False]]
    data = xlsx_bytes(rows)
    client.force_login(trainer)
    url = en("events:register", session_id=session.pk)
    page = client.post(url, {"file": SimpleUploadedFile("register.xlsx", data)}, follow=True).content.decode()
    assert "Attendance imported for 2 learners." in page
    assert set(Attendance.objects.values_list("user_id", "present")) == {(learner.pk, True), (other_learner.pk, False)}


def test_paper_register_refuses_a_bad_xlsx_row_by_its_row_number(learner, trainer):
    session = _running_session(trainers=[trainer])
    enrol(learner, session.batch)
    data = xlsx_bytes([["mobile", "present"], [learner.national_phone, "yes"], [None, None], ["01999999999", "yes"]])
    with pytest.raises(services.RegisterImportError) as error:
        services.import_register(session, trainer, data)
    assert [line for line, _message in error.value.errors] == [4]
    assert not Attendance.objects.exists()
