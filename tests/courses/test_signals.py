"""What courses asks the apps above it (courses.signals), as a learner or trainer meets the
answers: every app that answers adds to what they see, combined as each signal says."""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from types import SimpleNamespace

from django.utils import timezone

from courses import services, signals
from tests.factories import make_batch, make_course
from tests.helpers import en


@contextmanager
def answering(signal, receiver):
    signal.connect(receiver, dispatch_uid="test.another_app")
    try:
        yield
    finally:
        signal.disconnect(dispatch_uid="test.another_app")


def test_dashboard_shows_the_earliest_next_class_any_app_has(client, learner):
    batch = make_batch(first_date=timezone.localdate() + dt.timedelta(days=5))
    services.enrol(learner, batch)
    live_class = batch.sessions.order_by("starts_at").first()
    sooner = SimpleNamespace(
        pk=None, starts_at=live_class.starts_at - dt.timedelta(days=1), url="/elsewhere/", joinable=False, running=False
    )
    client.force_login(learner)

    def dashboard_next_class():
        [current] = client.get(en("courses:dashboard")).context["groups"]["current"]
        return current.next_class

    assert dashboard_next_class().pk == live_class.pk  # events answers
    with answering(signals.next_classes, lambda sender, batch_ids, now, **kw: {batch.pk: sooner}):
        assert dashboard_next_class() is sooner
    with answering(signals.next_classes, lambda sender, batch_ids, now, **kw: None):
        assert dashboard_next_class().pk == live_class.pk  # "not mine" changes nothing


def test_roster_lists_every_apps_classes_in_order_of_start(client, trainer):
    batch = make_batch(trainers=[trainer], weeks=2)
    first, second = batch.sessions.order_by("starts_at")
    between = SimpleNamespace(starts_at=first.starts_at + dt.timedelta(days=1), trainer_url="/fair/")
    client.force_login(trainer)

    with answering(signals.batch_classes, lambda sender, batch, **kw: [between]):
        classes = client.get(en("courses:roster", batch_id=batch.pk)).context["classes"]

    assert [getattr(c, "pk", None) for c in classes] == [first.pk, None, second.pk]


def test_a_practical_passed_in_any_app_completes_the_course(learner):
    course = make_course(min_attendance_percent=0, require_practical=True)
    enrolment = services.enrol(learner, make_batch(course)).enrolment
    assert services.completion_status(enrolment).parts == [("practical passed", False)]  # workshops: not yet

    with answering(signals.practical_passed, lambda sender, enrolment, **kw: True):
        assert services.evaluate_completion(enrolment) is True
