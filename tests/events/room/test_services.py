"""room.services rules that need no websocket: the status a page shows, and who is in the room."""

from __future__ import annotations

import datetime as dt

import pytest

from events.models import ClassSession
from events.room import services
from tests.events.room.conftest import running_session


def test_status_moves_from_scheduled_to_soon_to_live_to_ended(trainer, learner):
    session = running_session(trainer, learner)
    start = session.starts_at
    assert services.status(session, start - dt.timedelta(minutes=16)) == "scheduled"
    assert services.status(session, start - dt.timedelta(minutes=15)) == "soon"
    assert services.status(session, start) == "live"
    assert services.status(session, session.ends_at) == "ended"
    session.live_started_at = start - dt.timedelta(minutes=5)  # the trainer began early
    assert services.status(session, start - dt.timedelta(minutes=5)) == "live"
    session.live_ended_at = start + dt.timedelta(minutes=60)  # Zoom says the meeting ended
    assert services.status(session, start + dt.timedelta(minutes=61)) == "ended"
    session.status = ClassSession.Status.CANCELLED
    assert services.status(session, start) == "cancelled"


def test_role_in_the_room(trainer, learner, other_learner, organiser, other_trainer):
    session = running_session(trainer, learner)
    assert services.role_in(learner, session) == services.LEARNER
    assert services.role_in(trainer, session) == services.TRAINER
    assert services.role_in(organiser, session) == services.TRAINER
    assert services.role_in(other_learner, session) is None
    assert services.role_in(other_trainer, session) is None


def test_trainer_cannot_start_a_class_long_before_its_time(trainer, learner):
    session = running_session(trainer, learner)
    with pytest.raises(services.RoomError):
        services.mark_started(session, trainer, session.starts_at - dt.timedelta(hours=1))
    with pytest.raises(services.RoomError):
        services.mark_started(session, learner, session.starts_at)
    services.mark_started(session, trainer, session.starts_at)
    session.refresh_from_db()
    assert session.live_started_at == session.starts_at
