"""Two people at the same moment: exactly one gets the booking, the other is told why.

Runs against the real PostgreSQL (DATABASE_URL), where the trainer's and the request's rows are
locked while one of them is checked."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection, connections
from django.utils import translation
from django.utils.translation import gettext

from events.trainers import services
from events.trainers.models import SubstituteRequest
from tests.events.trainers.conftest import approved_profile, next_weekday
from tests.factories import UserFactory, make_batch

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL row locks (set DATABASE_URL); CI runs it"
)


def _race(*actions):
    """Run the actions in threads released together; return (results, errors) by position."""
    barrier = threading.Barrier(len(actions))
    results: list = [None] * len(actions)
    errors: list = [None] * len(actions)

    def run(index, action):
        try:
            barrier.wait()
            results[index] = action()
        except Exception as error:  # noqa: BLE001 - collected and asserted by the test
            errors[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_organisers_booking_one_trainer_into_overlapping_batches_at_once():
    trainer = UserFactory(full_name="শাহানা পারভীন")
    approved_profile(trainer)
    saturday = next_weekday(6)
    one = make_batch(name="এক", first_date=saturday, start_time=dt.time(21, 0))
    two = make_batch(name="দুই", first_date=saturday, start_time=dt.time(21, 30))

    results, errors = _race(
        lambda: services.assign_trainer(one, trainer), lambda: services.assign_trainer(two, trainer)
    )

    assert sorted(r is True for r in results) == [False, True]
    [refused] = [e for e in errors if e is not None]
    assert isinstance(refused, services.ClashError)
    # Threads speak the default language, Bangla; the message names whichever batch won.
    assert "শাহানা পারভীন" in str(refused) and ("“এক”" in str(refused) or "“দুই”" in str(refused))
    assert one.trainers.count() + two.trainers.count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_trainers_accepting_one_substitute_request_at_once():
    asking = UserFactory(full_name="শাহানা পারভীন")
    approved_profile(asking)
    first, second = UserFactory(full_name="সালমা খাতুন"), UserFactory(full_name="নাজমা আক্তার")
    approved_profile(first)
    approved_profile(second)
    batch = make_batch(first_date=next_weekday(6), trainers=[asking])
    session = batch.sessions.order_by("starts_at").first()
    request = services.request_substitute(session, asking)
    assert set(request.invited.all()) == {first, second}

    results, errors = _race(
        lambda: services.accept_substitute(request.pk, first), lambda: services.accept_substitute(request.pk, second)
    )

    winners = [r for r in results if r is not None]
    losers = [e for e in errors if e is not None]
    assert len(winners) == 1 and len(losers) == 1
    assert isinstance(losers[0], services.TrainerError)
    with translation.override("bn"):  # the threads speak the default language
        assert str(losers[0]) == gettext("Another trainer has already taken this class. Thank you for offering!")
    request.refresh_from_db()
    assert request.status == SubstituteRequest.Status.FILLED
    assert request.accepted_by_id == winners[0].accepted_by_id
    assert services.teachers_by_session([session])[session.pk] == {request.accepted_by_id}
