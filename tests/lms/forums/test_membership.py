"""Applying, eligibility with the reason, approval by organisers and forum admins, leaving."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from lms.forums import services
from lms.forums.models import Membership
from lms.notifications.models import Notification
from tests.factories import UserFactory
from tests.lms.forums.conftest import member_of

NOW = timezone.make_aware(dt.datetime(2026, 3, 1, 12, 0))


def test_man_is_refused_from_womens_forum_with_the_reason(women):
    man = UserFactory(full_name="মোঃ সাকিব হাসান", gender="male")
    with pytest.raises(services.ForumError, match="for women only"):
        services.apply(man, women, now=NOW)
    assert not Membership.objects.exists()


def test_person_without_a_gender_is_told_to_add_it(women):
    with pytest.raises(services.ForumError, match="add your gender to your profile"):
        services.apply(UserFactory(gender=""), women, now=NOW)


@pytest.mark.parametrize(
    "birth_year, reason",
    [
        (2009, "aged 18 or over; you are 17 this year"),
        (2008, None),  # 18 this year
        (1991, None),  # 35 this year
        (1990, "aged up to 35; you are 36 this year"),
        (None, "Add your year of birth"),
    ],
)
def test_youth_forum_age_rule_counts_the_age_turned_this_year(youth, birth_year, reason):
    person = UserFactory(birth_year=birth_year, gender="male")
    if reason is None:
        assert services.apply(person, youth, now=NOW).status == Membership.Status.ACTIVE
    else:
        with pytest.raises(services.ForumError, match=reason):
            services.apply(person, youth, now=NOW)


def test_youth_forum_needs_no_approval_and_numbers_members(youth):
    first = services.apply(UserFactory(), youth, now=NOW)
    second = services.apply(UserFactory(gender="male"), youth, now=NOW)
    assert (first.status, second.status) == ("active", "active")
    assert (first.member_no, second.member_no) == ("JF-2026-0001", "JF-2026-0002")
    assert Notification.objects.filter(user=first.user, kind="forum_welcome").exists()


def test_approval_flow_pending_then_approved_with_a_number_and_told(
    women, learner, organiser, django_capture_on_commit_callbacks
):
    membership = services.apply(learner, women, now=NOW)
    assert membership.status == Membership.Status.PENDING and membership.number is None
    # Organisers hear of the application.
    assert Notification.objects.filter(user=organiser, kind="forum_applied").exists()
    assert not services.is_member(learner, women)

    with django_capture_on_commit_callbacks(execute=True):
        services.approve(membership, by=organiser, now=NOW)
    membership.refresh_from_db()
    assert membership.status == Membership.Status.ACTIVE
    assert membership.member_no == "NF-2026-0001"
    assert services.is_member(learner, women)
    welcome = Notification.objects.get(user=learner, kind="forum_welcome")
    assert "NF-2026-0001" in welcome.body
    assert any("NF-2026-0001" in m.body for m in mail.outbox if learner.email in m.to)


def test_applying_twice_changes_nothing(women, learner):
    first = services.apply(learner, women, now=NOW)
    assert services.apply(learner, women, now=NOW).pk == first.pk
    assert Membership.objects.count() == 1


def test_declined_applicant_is_told_the_note_and_may_apply_again(women, learner, organiser):
    membership = services.apply(learner, women, now=NOW)
    services.decline(membership, by=organiser, note="Please come to the district meeting first.", now=NOW)
    note = Notification.objects.get(user=learner, kind="forum_declined")
    assert "district meeting" in note.body
    assert services.apply(learner, women, now=NOW).status == Membership.Status.PENDING


def test_forum_admin_approves_but_an_ordinary_member_cannot(women, learner, other_learner, organiser):
    member_of(learner, women, admin=True, organiser=organiser)
    ordinary = member_of(UserFactory(), women, organiser=organiser)
    application = services.apply(other_learner, women, now=NOW)
    with pytest.raises(services.ForumError, match="Only the forum's admins and organisers"):
        services.approve(application, by=ordinary.user, now=NOW)
    services.approve(application, by=learner, now=NOW)
    assert Membership.objects.get(pk=application.pk).decided_by == learner


def test_forum_admin_of_one_forum_cannot_manage_another(women, youth, learner, organiser):
    member_of(learner, youth, admin=True, organiser=organiser)
    application = services.apply(UserFactory(), women, now=NOW)
    with pytest.raises(services.ForumError):
        services.approve(application, by=learner, now=NOW)


def test_only_organisers_give_the_forum_admin_role(women, learner, other_learner, organiser):
    admin = member_of(learner, women, admin=True, organiser=organiser)
    other = member_of(other_learner, women, organiser=organiser)
    with pytest.raises(services.ForumError, match="Only organisers"):
        services.set_admin(other, by=admin.user, admin=True)
    assert services.set_admin(other, by=organiser, admin=True).is_admin


def test_approval_checks_the_rules_again(women, learner, organiser):
    membership = services.apply(learner, women, now=NOW)
    learner.gender = "male"
    learner.save(update_fields=["gender"])
    with pytest.raises(services.ForumError, match="cannot join: This forum is for women only"):
        services.approve(membership, by=organiser, now=NOW)


def test_leaving_ends_the_membership_and_rejoining_keeps_the_number(youth, learner):
    membership = services.apply(learner, youth, now=NOW)
    services.leave(learner, youth, now=NOW)
    assert not services.is_member(learner, youth)
    again = services.apply(learner, youth, now=NOW + dt.timedelta(days=3))
    assert again.pk == membership.pk and again.member_no == "JF-2026-0001"


def test_leaving_a_forum_one_is_not_in_is_refused(youth, learner):
    with pytest.raises(services.ForumError, match="not a member"):
        services.leave(learner, youth)


def test_organiser_removes_a_member_with_a_note(youth, learner, organiser):
    membership = services.apply(learner, youth, now=NOW)
    with pytest.raises(services.ForumError, match="note"):
        services.remove(membership, by=organiser, note=" ")
    services.remove(membership, by=organiser, note="Selling fake products at the fair.")
    assert not services.is_member(learner, youth)
    assert "fake products" in Notification.objects.get(user=learner, kind="forum_removed").body


def test_closed_forum_takes_no_applications(youth, learner):
    youth.is_open = False
    youth.save()
    with pytest.raises(services.ForumError, match="not taking applications"):
        services.apply(learner, youth)


def test_new_application_is_sent_to_the_forum_admins_too(women, learner, organiser):
    member_of(learner, women, admin=True, organiser=organiser)
    newcomer = UserFactory(full_name="সুমাইয়া আক্তার")
    services.apply(newcomer, women, now=NOW)
    told = set(Notification.objects.filter(kind="forum_applied").values_list("user_id", flat=True))
    assert {learner.pk, organiser.pk} <= told
    assert newcomer.pk not in told
