"""What events asks the apps beside and above it (events.signals), as a trainer meets the
answers: every app that answers adds to them, combined as each signal says."""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager

import pytest
from django.utils import timezone

from events import services, signals
from tests.factories import make_batch


@contextmanager
def answering(signal, receiver):
    signal.connect(receiver, dispatch_uid="test.another_app")
    try:
        yield
    finally:
        signal.disconnect(dispatch_uid="test.another_app")


def test_any_app_can_refuse_a_new_class_time_and_the_trainer_reads_why(trainer):
    batch = make_batch(trainers=[trainer])
    session = batch.sessions.order_by("starts_at").first()
    before = session.starts_at

    def hall_taken(sender, batch, starts_at, minutes, session, **kwargs):
        return "The hall is booked then."

    with answering(signals.class_time_check, hall_taken), pytest.raises(services.ClassError, match="hall is booked"):
        services.move_session(session, before + dt.timedelta(days=1))

    session.refresh_from_db()
    assert session.starts_at == before and not session.moved
    services.move_session(session, before + dt.timedelta(days=1))  # nobody objects now


def _morning(*, days: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(timezone.localdate() + dt.timedelta(days=days), dt.time(10, 0)))


def test_every_change_to_a_class_is_announced_once(trainer):
    batch = make_batch(trainers=[trainer], first_date=timezone.localdate() + dt.timedelta(days=3))
    first, second = batch.sessions.order_by("starts_at")[:2]
    heard = []

    with answering(signals.class_changed, lambda sender, session, **kwargs: heard.append(session.pk)):
        services.cancel_session(first)
        # 10:00 Dhaka time: never on top of the batch's own evening classes, whatever today is
        services.move_session(second, _morning(days=20))
        extra = services.add_extra_session(batch, _morning(days=30))

    assert heard == [first.pk, second.pk, extra.pk]
