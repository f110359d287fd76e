import datetime as dt

import pytest
from django.utils import timezone

from courses import services
from courses.models import Batch, Enrolment
from lms.notifications.models import Notification
from tests.factories import UserFactory, make_batch


def test_learner_enrols_and_enrolling_again_is_harmless(learner):
    batch = make_batch()
    first = services.enrol(learner, batch)
    again = services.enrol(learner, batch)
    assert first.enrolment.status == Enrolment.Status.ENROLLED
    assert again.created is False and "already enrolled" in again.message
    assert Enrolment.objects.filter(batch=batch).count() == 1


def test_full_batch_puts_people_on_the_waitlist_with_their_position(learner, other_learner):
    batch = make_batch(capacity=1)
    services.enrol(learner, batch)
    result = services.enrol(other_learner, batch)
    third = services.enrol(UserFactory(), batch)
    assert result.enrolment.status == Enrolment.Status.WAITLISTED
    assert "number 1" in result.message
    assert services.waitlist_position(third.enrolment) == 2
    assert services.enrol(other_learner, batch).message.startswith("You are already on the waitlist, number 1")


def test_withdrawal_promotes_the_first_waitlisted_and_tells_them(
    learner, other_learner, mailoutbox, django_capture_on_commit_callbacks
):
    other_learner.email = "nasrin@example.com"
    other_learner.save()
    batch = make_batch(capacity=1)
    services.enrol(learner, batch)
    services.enrol(other_learner, batch)
    third = services.enrol(UserFactory(), batch).enrolment
    with django_capture_on_commit_callbacks(execute=True):
        promoted = services.withdraw(learner, batch)
    assert promoted.user == other_learner
    assert Enrolment.objects.get(user=other_learner, batch=batch).status == Enrolment.Status.ENROLLED
    assert services.waitlist_position(Enrolment.objects.get(pk=third.pk)) == 1
    notice = Notification.objects.get(user=other_learner, kind="waitlist_promoted")
    assert batch.course.title in notice.title
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["nasrin@example.com"]
    assert Enrolment.objects.filter(batch=batch, status=Enrolment.Status.ENROLLED).count() == 1


def test_leaving_the_waitlist_promotes_nobody(learner, other_learner):
    batch = make_batch(capacity=1)
    services.enrol(learner, batch)
    services.enrol(other_learner, batch)
    assert services.withdraw(other_learner, batch) is None
    assert Enrolment.objects.get(user=learner).status == Enrolment.Status.ENROLLED


def test_withdrawn_learner_can_enrol_again(learner):
    batch = make_batch()
    services.enrol(learner, batch)
    services.withdraw(learner, batch)
    assert services.enrol(learner, batch).enrolment.status == Enrolment.Status.ENROLLED


@pytest.mark.parametrize(
    "fields, reason",
    [
        ({"status": Batch.Status.CANCELLED}, "cancelled"),
        ({"status": Batch.Status.DRAFT}, "not taking enrolments"),
        ({"enrol_closes": timezone.now() - dt.timedelta(hours=1)}, "closed"),
        ({"enrol_opens": timezone.now() + dt.timedelta(days=2)}, "opens on"),
        ({"audience": Batch.Audience.WOMENS_FORUM}, "women's forum"),
        ({"audience": Batch.Audience.YOUTH_FORUM}, "youth forum"),
    ],
)
def test_ineligible_requests_are_refused_with_the_reason(learner, fields, reason):
    batch = make_batch(**fields)
    with pytest.raises(services.EnrolmentError, match=reason):
        services.enrol(learner, batch)
    assert not Enrolment.objects.exists()


def test_women_only_batch_refuses_men_and_takes_women(db):
    batch = make_batch(audience=Batch.Audience.WOMEN)
    with pytest.raises(services.EnrolmentError, match="women only"):
        services.enrol(UserFactory(gender="male"), batch)
    assert services.enrol(UserFactory(gender="female"), batch).enrolment.status == "enrolled"


def test_cannot_withdraw_from_a_batch_one_never_joined(learner):
    with pytest.raises(services.EnrolmentError, match="not enrolled"):
        services.withdraw(learner, make_batch())
