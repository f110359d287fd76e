"""Many people press Enrol at the same moment: the batch is never overbooked.

Runs against the real PostgreSQL (DATABASE_URL), where rows are locked for the count."""

import threading

import pytest
from django.db import connection, connections

from courses import services
from courses.models import Enrolment
from tests.factories import UserFactory, make_batch

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL (set DATABASE_URL); CI runs it"
)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_enrolments_never_exceed_capacity():
    batch = make_batch(capacity=5)
    people = [UserFactory() for _ in range(30)]
    barrier = threading.Barrier(len(people))
    errors = []

    def press_enrol(person):
        try:
            barrier.wait()
            services.enrol(person, batch.pk)
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=press_enrol, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Enrolment.objects.filter(batch=batch, status="enrolled").count() == 5
    assert Enrolment.objects.filter(batch=batch, status="waitlisted").count() == 25
    positions = sorted(services.waitlist_positions(list(Enrolment.objects.filter(status="waitlisted"))).values())
    assert positions == list(range(1, 26))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_double_click_from_one_person_makes_one_enrolment():
    batch = make_batch(capacity=5)
    person = UserFactory()
    barrier = threading.Barrier(8)

    def click():
        barrier.wait()
        try:
            services.enrol(person, batch.pk)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=click) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Enrolment.objects.filter(batch=batch, user=person).count() == 1
