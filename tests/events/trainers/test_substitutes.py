"""A trainer who cannot take a class asks for a substitute; free trainers of the trade are told;
the first to accept takes it, and Zoom and the learners follow."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from courses.services import enrol
from events.models import ClassSession
from events.services import teachers_of
from events.tasks import _alternative_hosts, _record_failure
from events.trainers import services
from lms.notifications.models import Notification
from tests.events.trainers.conftest import approved_profile, next_weekday
from tests.factories import make_batch


@pytest.fixture
def session(trainer, learner):
    approved_profile(trainer)
    batch = make_batch(name="বাটিক — শনিবার", first_date=next_weekday(6), trainers=[trainer])
    enrol(learner, batch)
    return batch.sessions.order_by("starts_at").first()


def test_free_trainers_of_the_trade_are_told_and_nobody_else(session, trainer, make_trainer):
    free = make_trainer("সালমা খাতুন")
    other_trade = make_trainer("নাজমা আক্তার", trades=["f-commerce"])
    weekday_only = make_trainer("রেহানা পারভীন", evenings=[2])
    busy = make_trainer("শিরিন সুলতানা")
    services.assign_trainer(make_batch(first_date=next_weekday(6), start_time=dt.time(20, 0)), busy)

    request = services.request_substitute(session, trainer, reason="অসুস্থ")

    assert list(request.invited.all()) == [free]
    told = Notification.objects.filter(kind="substitute_wanted")
    assert [n.user for n in told] == [free]
    assert {other_trade, weekday_only, busy}.isdisjoint({n.user for n in told})


def test_nobody_free_tells_the_organisers(session, trainer, organiser):
    request = services.request_substitute(session, trainer)

    assert not request.invited.exists()
    assert Notification.objects.filter(user=organiser, kind="substitute_none").exists()


def test_the_first_to_accept_teaches_the_class(session, trainer, learner, make_trainer):
    substitute = make_trainer("সালমা খাতুন", email="salma@example.com")
    request = services.request_substitute(session, trainer)

    services.accept_substitute(request.pk, substitute)

    assert services.teachers_by_session([session])[session.pk] == {substitute.pk}
    assert substitute.has_perm("events.teach_session", session)  # her class page, with Start
    assert _alternative_hosts(session) == ["salma@example.com"]  # Zoom's alternative host follows
    assert Notification.objects.filter(user=trainer, kind="substitute_found").exists()
    told = Notification.objects.get(user=learner, kind="class_new_trainer")
    assert "সালমা খাতুন" in told.body


def test_events_asks_and_hears_the_accepted_substitute_teaches_the_class(session, trainer, make_trainer):
    substitute = make_trainer("সালমা খাতুন")
    request = services.request_substitute(session, trainer)
    assert teachers_of(session) == [trainer]  # asked, not yet taken

    services.accept_substitute(request.pk, substitute)

    assert teachers_of(session) == [substitute]
    # So a failed Zoom meeting is hers to fix: she is told, not the trainer who asked.
    _record_failure(session.pk, "Zoom refused the meeting")
    assert [n.user for n in Notification.objects.filter(kind="zoom_failed")] == [substitute]


def test_the_second_to_accept_is_told_it_is_taken(session, trainer, make_trainer):
    first, second = make_trainer("সালমা খাতুন"), make_trainer("নাজমা আক্তার")
    request = services.request_substitute(session, trainer)
    services.accept_substitute(request.pk, first)

    with pytest.raises(services.TrainerError, match="Another trainer has already taken this class"):
        services.accept_substitute(request.pk, second)


def test_a_trainer_booked_elsewhere_then_cannot_accept(session, trainer, make_trainer):
    substitute = make_trainer("সালমা খাতুন")
    request = services.request_substitute(session, trainer)
    services.assign_trainer(make_batch(name="অন্য ক্লাস", first_date=next_weekday(6)), substitute)

    with pytest.raises(services.ClashError, match="already teaches “অন্য ক্লাস”"):
        services.accept_substitute(request.pk, substitute)


def test_zoom_meeting_gets_the_substitute_as_alternative_host(fake_zoom, trainer, make_trainer):
    approved_profile(trainer)
    trainer.email = "shahana@example.com"
    trainer.save()
    batch = make_batch(first_date=next_weekday(6), trainers=[trainer], weeks=1)
    session = batch.sessions.get()
    from events.tasks import sync_zoom_meeting

    sync_zoom_meeting.delay(session.pk)
    session.refresh_from_db()
    assert fake_zoom.meetings[session.zoom_meeting_id]["settings"]["alternative_hosts"] == "shahana@example.com"
    substitute = make_trainer("সালমা খাতুন", email="salma@example.com")
    request = services.request_substitute(session, trainer)

    with pytest.MonkeyPatch.context() as patch:
        # In a test transaction on_commit never fires: run the queued sync as the commit would.
        patch.setattr("django.db.transaction.on_commit", lambda fn, *a, **k: fn())
        services.accept_substitute(request.pk, substitute)

    assert fake_zoom.meetings[session.zoom_meeting_id]["settings"]["alternative_hosts"] == "salma@example.com"


def test_only_the_classes_own_trainer_can_ask(session, other_trainer):
    approved_profile(other_trainer)
    with pytest.raises(services.TrainerError, match="You do not teach this class"):
        services.request_substitute(session, other_trainer)


def test_a_class_that_started_cannot_be_handed_over(session, trainer):
    with pytest.raises(services.TrainerError, match="already started"):
        services.request_substitute(session, trainer, now=session.starts_at + dt.timedelta(minutes=1))


def test_withdrawn_request_cannot_be_accepted(session, trainer, make_trainer):
    substitute = make_trainer("সালমা খাতুন")
    request = services.request_substitute(session, trainer)
    services.cancel_substitute_request(request, trainer)

    with pytest.raises(services.TrainerError, match="withdrawn"):
        services.accept_substitute(request.pk, substitute)


def test_dashboard_offers_the_request_and_accepting_moves_the_class(client, session, trainer, make_trainer):
    substitute = make_trainer("সালমা খাতুন")
    request = services.request_substitute(session, trainer)
    client.force_login(substitute)

    page = client.get("/en/teach/me/").content.decode()
    assert "I will take this class" in page
    response = client.post(f"/en/teach/substitutes/{request.pk}/accept/", follow=True)

    assert "You teach this class now" in response.content.decode()
    assert "as substitute" in response.content.decode()
    assert ClassSession.objects.get(pk=session.pk).status == "scheduled"
    assert timezone.now() < session.starts_at


def test_trainer_asks_from_the_dashboard(client, session, trainer, make_trainer):
    make_trainer("সালমা খাতুন")
    client.force_login(trainer)

    response = client.post(f"/en/teach/class/{session.pk}/substitute/", {"reason": "অসুস্থ"}, follow=True)

    assert "We told 1 free trainers of this trade" in response.content.decode()
    assert "Looking for a substitute" in response.content.decode()
