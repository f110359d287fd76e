"""A woman finds a members-only workshop, joins the women's forum (an organiser approves her) and
enrols; a man who tries to join is refused with the reason."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from cms.models import HomePage
from courses.models import Batch, Enrolment
from lms.forums.models import Forum, ForumPage, Membership
from lms.people.roles import ORGANISER
from tests.e2e.journey import Journey, bangla, log_in
from tests.factories import UserFactory, make_batch, make_course
from tests.helpers import bn

pytestmark = pytest.mark.browser

WOMAN = "জান্নাতুল ফেরদৌস"
MAN = "মোঃ সাকিব হাসান"
ORGANISER_NAME = "রোকসানা বেগম"
COURSE = "নকশিকাঁথা: হাতে-কলমে কর্মশালা"
BATCH = "নকশিকাঁথা — নারী ফোরামের সদস্যদের"


def test_woman_joins_the_womens_forum_and_enrols_a_man_is_refused(journey: Journey) -> None:
    woman = UserFactory(full_name=WOMAN, gender="female", birth_year=1997)
    man = UserFactory(full_name=MAN, gender="male", birth_year=2000)
    organiser = UserFactory(full_name=ORGANISER_NAME, roles=[ORGANISER])
    forum = Forum.objects.get(slug="womens-forum")
    home = HomePage.objects.get(locale__language_code="bn")
    forum_page = ForumPage(title="নারী ফোরাম", slug="womens-forum", forum=forum, intro="নারী উদ্যোক্তাদের নিজেদের ফোরাম।")
    home.add_child(instance=forum_page)
    forum_page.save_revision().publish()
    course = make_course(COURSE, trade="nakshi-kantha", delivery_mode="workshop")
    batch = make_batch(course, name=BATCH, audience=Batch.Audience.FORUM, forum=forum)

    # She finds the workshop: it is for forum members, and the page says how to join.
    journey.who = "woman"
    page = journey.page
    log_in(journey, woman.national_phone, WOMAN)
    journey.visit(course.url, "workshop-members-only")
    card = page.locator(f'[data-batch="{batch.pk}"]')
    expect(card.locator('[data-testid="members-only"]')).to_be_visible()
    expect(card.get_by_role("button", name=bangla("Enrol — free"))).to_have_count(0)
    journey.click(card.get_by_role("link"), "forum-page")
    journey.expect_path(forum_page.url)
    expect(page.locator('[data-testid="offering"]')).to_contain_text(BATCH)
    journey.click(page.get_by_role("button", name=bangla("Apply to join")), "applied")
    expect(page.locator('[data-testid="membership-status"]')).to_have_text(
        bangla("Your application is waiting for approval. We will tell you the answer.")
    )

    # An organiser approves her from the forum's members page.
    organiser_journey = journey.another_person("organiser")
    her = organiser_journey.page
    log_in(organiser_journey, organiser.national_phone, ORGANISER_NAME)
    organiser_journey.visit(bn("forums:manage", slug="womens-forum"), "applications")
    application = her.locator('[data-testid="application"]').filter(has_text=WOMAN)
    organiser_journey.click(application.get_by_role("button", name=bangla("Approve")), "approved")
    expect(her.locator(".messages")).to_contain_text(WOMAN)
    membership = Membership.objects.get(user=woman, forum=forum)
    assert membership.status == Membership.Status.ACTIVE

    # She is a member now, with a number, and enrols in the members-only workshop.
    journey.visit(forum_page.url, "member")
    expect(page.locator('[data-testid="membership-status"]')).to_contain_text(membership.member_no)
    expect(page.get_by_role("link", name=bangla("My membership card (PDF)"))).to_be_visible()
    journey.click(page.locator('[data-testid="offering"]').get_by_role("link"), "workshop")
    card = page.locator(f'[data-batch="{batch.pk}"]')
    journey.click(card.get_by_role("button", name=bangla("Enrol — free")), "enrolled")
    expect(page.locator(".messages .alert-success")).to_have_text(bangla("You are enrolled."))
    assert Enrolment.objects.get(user=woman, batch=batch).status == Enrolment.Status.ENROLLED

    # A man opens the same forum: he is told why he cannot join, and there is no button.
    man_journey = journey.another_person("man")
    his = man_journey.page
    log_in(man_journey, man.national_phone, MAN)
    man_journey.visit(forum_page.url, "refused")
    expect(his.locator('[data-testid="refusal"]')).to_have_text(bangla("This forum is for women only."))
    expect(his.get_by_role("button", name=bangla("Apply to join"))).to_have_count(0)
    assert not Membership.objects.filter(user=man).exists()
