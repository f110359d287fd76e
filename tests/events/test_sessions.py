import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from events import services
from events.models import ClassSession
from lms.notifications.models import Notification
from tests.factories import UserFactory, make_batch

DHAKA = ZoneInfo("Asia/Dhaka")


def test_weekly_schedule_makes_one_session_per_class_stored_in_utc(db):
    saturday = dt.date(2030, 1, 5)
    batch = make_batch(weekdays="6,2", start_time=dt.time(21, 0), first_date=saturday, weeks=3)
    sessions = list(batch.sessions.order_by("starts_at"))
    assert len(sessions) == 6
    first = sessions[0].starts_at
    assert first == dt.datetime(2030, 1, 5, 15, 0, tzinfo=dt.UTC)  # Saturday 21:00 in Dhaka
    assert [s.starts_at.astimezone(DHAKA).isoweekday() for s in sessions] == [6, 2, 6, 2, 6, 2]
    assert services.generate_sessions(batch) == []  # idempotent


def test_schedule_change_moves_sessions_not_moved_by_hand_and_cancels_the_rest(db):
    batch = make_batch(weekdays="6", start_time=dt.time(21, 0), first_date=dt.date(2030, 1, 5), weeks=3)
    by_hand = batch.sessions.get(sequence=2)
    services.move_session(by_hand, dt.datetime(2030, 1, 13, 20, 0, tzinfo=DHAKA), now=timezone.now())
    batch.start_time, batch.weeks = dt.time(20, 0), 2
    batch.save()
    services.generate_sessions(batch)
    one, two, three = batch.sessions.order_by("sequence")
    assert one.starts_at.astimezone(DHAKA).hour == 20
    assert two.starts_at == dt.datetime(2030, 1, 13, 20, 0, tzinfo=DHAKA)  # kept where the trainer put it
    assert three.status == ClassSession.Status.CANCELLED


def test_cancel_move_and_extra_tell_enrolled_learners(learner, other_learner):
    from courses.services import enrol

    batch = make_batch(first_date=timezone.localdate() + dt.timedelta(days=3))
    enrol(learner, batch)
    session = batch.sessions.first()
    services.cancel_session(session)
    services.move_session(batch.sessions.all()[1], timezone.now() + dt.timedelta(days=20))
    extra = services.add_extra_session(batch, timezone.now() + dt.timedelta(days=30))
    kinds = sorted(Notification.objects.filter(user=learner).values_list("kind", flat=True))
    assert kinds == ["class_added", "class_cancelled", "class_moved"]
    assert not Notification.objects.filter(user=other_learner).exists()
    assert extra.is_extra and extra.sequence > 1000


def test_a_past_class_cannot_be_cancelled_or_moved_into_the_past(db):
    batch = make_batch(first_date=timezone.localdate() - dt.timedelta(days=14), weeks=4)
    past = batch.sessions.order_by("starts_at").first()
    with pytest.raises(services.ClassError, match="already taken place"):
        services.cancel_session(past)
    with pytest.raises(services.ClassError, match="future"):
        services.move_session(batch.sessions.last(), timezone.now() - dt.timedelta(hours=1))


def test_in_person_and_facebook_batches_get_their_provider(db):
    from lms.people.models import District

    jashore = District.objects.get(name_en="Jashore")
    assert make_batch(delivery="in_person", venue="দড়াটানা", district=jashore).sessions.first().provider == "in_person"
    assert make_batch(delivery="facebook").sessions.first().provider == "facebook"
    assert make_batch(delivery="zoom").sessions.first().provider == "link"  # no Zoom account configured


def test_draft_batch_has_no_sessions_yet(db):
    assert not make_batch(status="draft").sessions.exists()
    assert UserFactory()  # keeps the persona factory honest
