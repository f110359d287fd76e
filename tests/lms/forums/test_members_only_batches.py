"""Members-only batches (workshops are batches): a non-member sees the offering and is told how
to join, and cannot enrol by any path — the service, the Enrol button, an organiser's CSV."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from courses import services as courses
from courses.models import Batch, Enrolment
from tests.factories import UserFactory, make_batch, make_course
from tests.helpers import bn, en
from tests.lms.forums.conftest import member_of


def _workshop(forum, **fields):
    course = make_course("নকশিকাঁথা কর্মশালা", trade="nakshi-kantha", delivery_mode="workshop", english="Nakshi kantha")
    return make_batch(course, name="নকশিকাঁথা — সদস্যদের", audience=Batch.Audience.FORUM, forum=forum, **fields)


def test_non_member_is_refused_by_the_service_with_the_forum_named(women, learner):
    batch = _workshop(women)
    with pytest.raises(courses.EnrolmentError, match="members of “Women's forum”. Join the forum first"):
        courses.enrol(learner, batch)
    assert not Enrolment.objects.exists()


def test_member_enrols(women, learner):
    member_of(learner, women)
    assert courses.enrol(learner, _workshop(women)).enrolment.status == Enrolment.Status.ENROLLED


def test_a_member_who_left_cannot_enrol_again(youth, learner):
    from lms.forums.services import leave

    member_of(learner, youth)
    leave(learner, youth)
    with pytest.raises(courses.EnrolmentError, match="Youth forum"):
        courses.enrol(learner, _workshop(youth))


def test_pending_application_is_not_membership(women, learner):
    from lms.forums.services import apply

    apply(learner, women)
    with pytest.raises(courses.EnrolmentError):
        courses.enrol(learner, _workshop(women))


def test_older_forum_audiences_mean_the_two_forums(women, youth, learner, other_learner):
    member_of(learner, women)
    member_of(other_learner, youth)
    womens_batch = make_batch(audience=Batch.Audience.WOMENS_FORUM)
    youth_batch = make_batch(audience=Batch.Audience.YOUTH_FORUM)
    assert courses.enrol(learner, womens_batch).created
    assert courses.enrol(other_learner, youth_batch).created
    with pytest.raises(courses.EnrolmentError, match="youth forum"):
        courses.enrol(learner, youth_batch)


def test_enrol_button_posted_by_a_non_member_enrols_nobody(client, women, learner):
    batch = _workshop(women)
    client.force_login(learner)
    response = client.post(en("courses:enrol", batch_id=batch.pk), {"next": "/en/learn/"}, follow=True)
    assert "Join the forum first" in response.content.decode()
    assert not Enrolment.objects.exists()


def test_organisers_csv_import_refuses_non_members(women):
    batch = _workshop(women)
    member = UserFactory(full_name="নাসরিন আক্তার")
    member_of(member, women)
    csv = f"name,mobile,district\nনাসরিন আক্তার,{member.phone},Dhaka\nশারমিন সুলতানা,01799999999,Dhaka\n"
    with pytest.raises(courses.ImportError_) as error:
        courses.import_enrolments(batch, csv)
    assert error.value.errors[0][0] == 3 and "Join the forum first" in error.value.errors[0][1]
    assert not Enrolment.objects.exists()  # all rows or none


def test_course_page_tells_a_non_member_how_to_join_instead_of_enrol(client, women, learner):
    batch = _workshop(women)
    client.force_login(learner)
    page = client.get(batch.course.url).content.decode()
    assert "শুধু" in page or "Only members" in page
    assert f'href="{bn("forums:detail", slug="womens-forum")}"' in page
    assert f'action="{bn("courses:enrol", batch_id=batch.pk)}"' not in page

    member_of(learner, women)
    page = client.get(batch.course.url).content.decode()
    assert f'action="{bn("courses:enrol", batch_id=batch.pk)}"' in page


def test_visitors_see_the_offering_and_how_to_join(client, women):
    batch = _workshop(women)
    page = client.get(batch.course.url).content.decode()
    assert 'data-testid="members-only"' in page
    forum_page = client.get(en("forums:detail", slug="womens-forum")).content.decode()
    assert "Nakshi kantha — নকশিকাঁথা — সদস্যদের" in forum_page
    assert "Join the forum to enrol." in forum_page


def test_a_forum_batch_must_name_its_forum(women):
    batch = make_batch(audience=Batch.Audience.FORUM, forum=women)
    batch.forum = None
    with pytest.raises(ValidationError, match="Choose a forum"):
        batch.full_clean()
    batch.audience, batch.forum = Batch.Audience.EVERYONE, women
    with pytest.raises(ValidationError, match="Choose a forum"):
        batch.full_clean()
