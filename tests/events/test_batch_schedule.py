"""A batch's classes follow its weekly schedule through events.services.generate_sessions, which
the Wagtail admin's batch views call (the demo and the tests' factories too). No post_save hook
moves classes: saving a batch alone changes none."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import timezone

from courses.models import Batch
from courses.services import enrol
from events import services
from events.models import ClassSession
from lms.people.models import User
from tests.factories import make_batch, make_course
from tests.helpers import en

DHAKA = ZoneInfo("Asia/Dhaka")


@pytest.fixture
def admin_client(db):
    client = Client()
    client.force_login(User.objects.create_superuser(phone="01799999999", password="x", full_name="প্রশাসক"))
    return client


def _saturday(weeks_ahead: int = 2) -> dt.date:
    today = timezone.localdate()
    return today + dt.timedelta(days=(6 - today.isoweekday()) % 7 + 7 * weeks_ahead)


def _form(batch: Batch, **changes) -> dict:
    data = {
        "course": batch.course_id,
        "name": batch.name,
        "trainers": [t.pk for t in batch.trainers.all()] if batch.pk else [],
        "capacity": batch.capacity,
        "status": batch.status,
        "delivery": batch.delivery,
        "language": batch.language,
        "venue": batch.venue,
        "district": "",
        "weekdays": batch.weekdays,
        "start_time": batch.start_time.strftime("%H:%M"),
        "duration_minutes": batch.duration_minutes,
        "first_date": batch.first_date.isoformat(),
        "weeks": batch.weeks,
        "enrol_opens": "",
        "enrol_closes": "",
        "audience": batch.audience,
    }
    data.update(changes)
    return data


def _dhaka(session: ClassSession) -> dt.datetime:
    return session.starts_at.astimezone(DHAKA).replace(tzinfo=None)


def test_changing_weekday_and_time_in_the_admin_moves_the_classes_the_learner_sees(admin_client, learner):
    saturday = _saturday()
    batch = make_batch(weekdays="6", start_time=dt.time(21, 0), first_date=saturday, weeks=3)
    enrol(learner, batch)
    by_hand = batch.sessions.get(sequence=3)
    kept = timezone.make_aware(dt.datetime.combine(saturday + dt.timedelta(days=15), dt.time(19, 0)), DHAKA)
    services.move_session(by_hand, kept)
    sunday = saturday + dt.timedelta(days=1)

    response = admin_client.post(
        f"/admin/batches/edit/{batch.pk}/",
        _form(batch, weekdays="7", start_time="20:00", first_date=sunday.isoformat()),
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    one, two, three = batch.sessions.order_by("sequence")
    assert _dhaka(one) == dt.datetime.combine(sunday, dt.time(20, 0))
    assert _dhaka(two) == dt.datetime.combine(sunday + dt.timedelta(days=7), dt.time(20, 0))
    assert three.starts_at == kept  # a class the trainer moved by hand stays where she put it
    # The learner's "My courses" shows the next class at its new time.
    client = Client()
    client.force_login(learner)
    [current] = client.get(en("courses:dashboard")).context["groups"]["current"]
    assert current.next_class.pk == one.pk and current.next_class.starts_at == one.starts_at


def test_a_batch_added_in_the_admin_gets_its_classes(admin_client):
    course = make_course()
    saturday = _saturday()
    template = Batch(course=course, name="নতুন ব্যাচ", first_date=saturday, weeks=2, status=Batch.Status.OPEN)

    response = admin_client.post("/admin/batches/new/", _form(template))

    assert response.status_code == 302, response.content.decode()[:2000]
    batch = Batch.objects.get(name="নতুন ব্যাচ")
    assert [_dhaka(s) for s in batch.sessions.order_by("starts_at")] == [
        dt.datetime.combine(saturday, dt.time(21, 0)),
        dt.datetime.combine(saturday + dt.timedelta(days=7), dt.time(21, 0)),
    ]


def test_saving_a_batch_alone_moves_no_class_the_service_does(db):
    batch = make_batch(weekdays="6", start_time=dt.time(21, 0), first_date=_saturday(), weeks=2)
    batch.start_time = dt.time(20, 0)
    batch.save()  # e.g. in the Django shell
    assert {_dhaka(s).hour for s in batch.sessions.all()} == {21}

    moved = services.generate_sessions(batch)

    assert len(moved) == 2 and {_dhaka(s).hour for s in batch.sessions.all()} == {20}
