"""A learner finds a batik course in Bangla, enrols and sees it on her dashboard; another
learner finds it full and is waitlisted; the first leaves and the second is promoted."""

from __future__ import annotations

import pytest
from django.utils import translation
from playwright.sync_api import expect

from cms.templatetags.site_tags import when
from courses.models import Enrolment
from events.models import ClassSession
from lms.notifications.models import Notification
from tests.e2e.journey import Journey, bangla, log_in
from tests.factories import UserFactory, make_batch, make_course
from tests.helpers import bn

pytestmark = pytest.mark.browser

COURSE = "বাটিক শিল্পের হাতেখড়ি"
OTHER_COURSE = "ফেসবুকে ব্যবসা শুরু"  # in the catalogue, not in the search results
RABEYA = "মোছাঃ রাবেয়া খাতুন"
NASRIN = "নাসরিন আক্তার"


def test_learner_enrols_another_is_waitlisted_then_promoted(journey: Journey) -> None:
    course = make_course(COURSE, trade="batik", english="Batik basics", lessons=2)
    batch = make_batch(course, name="শনিবার রাতের ব্যাচ", capacity=1)
    make_batch(make_course(OTHER_COURSE, trade="f-commerce", summary="পেজ খুলে প্রথম বিক্রি"))
    rabeya = UserFactory(full_name=RABEYA)
    nasrin = UserFactory(full_name=NASRIN)
    first_class = ClassSession.objects.filter(batch=batch).order_by("starts_at").first()
    with translation.override("bn"):
        next_class_when = when(first_class.starts_at)

    # Rabeya logs in, finds the course through the menu and the search box, and enrols.
    journey.who = "rabeya"
    log_in(journey, rabeya.national_phone, RABEYA)
    expect(journey.page.locator("html")).to_have_attribute("lang", "bn")
    find_the_course_by_searching(journey)
    enrol_and_see_it_on_the_dashboard(journey, course, batch, next_class_when)

    # Nasrin, on her own phone, finds the batch full and goes on the waitlist.
    nasrin_journey = journey.another_person("nasrin")
    log_in(nasrin_journey, nasrin.national_phone, NASRIN)
    go_on_the_waitlist(nasrin_journey, course, batch)

    # Rabeya leaves the batch from the course page.
    leave_the_batch(journey, course, batch)

    # Nasrin looks again: she has the place, and a notification in Bangla says so.
    see_the_place_and_the_notification(nasrin_journey, batch, next_class_when)

    statuses = {e.user: e for e in Enrolment.objects.filter(batch=batch)}
    assert statuses[rabeya].status == Enrolment.Status.WITHDRAWN
    assert statuses[rabeya].withdrawn_at is not None
    assert statuses[nasrin].status == Enrolment.Status.ENROLLED
    assert statuses[nasrin].source == "promoted"
    assert statuses[nasrin].enrolled_at is not None
    assert len(statuses) == 2
    promoted = Notification.objects.get(user=nasrin)
    assert promoted.kind == "waitlist_promoted"
    assert not Notification.objects.filter(user=rabeya).exists()


def find_the_course_by_searching(journey: Journey) -> None:
    """Menu → Courses (two in the catalogue) → search "বাটিক" (one) → the course and its lessons."""
    page = journey.page
    journey.open_menu()
    journey.click(page.locator(".site-menu").get_by_role("link", name=bangla("Courses"), exact=True), "catalogue")
    expect(page.locator(".course-list > li")).to_have_count(2)
    search = page.get_by_role("searchbox", name=bangla("Search courses"))
    search.fill("বাটিক")
    journey.click(page.get_by_role("button", name=bangla("Show courses")), "search-results")
    results = page.locator(".course-list > li")
    expect(results).to_have_count(1)
    expect(search).to_have_value("বাটিক")
    expect(results).to_contain_text(bangla("Next batch starts"))
    journey.click(results.get_by_role("link", name=COURSE), "course")
    expect(page.locator("h1")).to_have_text(COURSE)
    expect(page.get_by_role("heading", name=bangla("Lessons"))).to_be_visible()
    expect(page.locator(".list-group-numbered > li")).to_have_count(2)


def enrol_and_see_it_on_the_dashboard(journey: Journey, course, batch, next_class_when: str) -> None:
    page = journey.page
    card = page.locator(f'[data-batch="{batch.pk}"]')
    expect(card).to_contain_text(batch.name)
    journey.click(card.get_by_role("button", name=bangla("Enrol — free")), "enrolled")
    journey.expect_path(course.url)
    expect(page.locator(".messages .alert-success")).to_have_text(bangla("You are enrolled."))
    card = page.locator(f'[data-batch="{batch.pk}"]')
    expect(card).to_contain_text(bangla("Enrolled"))
    expect(card.get_by_role("button", name=bangla("Leave this batch"))).to_be_visible()

    journey.open_menu()
    journey.click(page.locator(".site-menu").get_by_role("link", name=bangla("My courses")), "my-courses")
    journey.expect_path(bn("courses:dashboard"))
    enrolled = page.locator('section[aria-labelledby="current-heading"]')
    expect(enrolled.get_by_role("heading", name=bangla("Enrolled"))).to_be_visible()
    expect(enrolled.get_by_role("link", name=COURSE)).to_be_visible()
    expect(enrolled).to_contain_text(batch.name)
    expect(enrolled).to_contain_text(f"{bangla('Next class')}: {next_class_when}")
    expect(page.locator('[data-testid="waitlist-position"]')).to_have_count(0)


def go_on_the_waitlist(nasrin_journey: Journey, course, batch) -> None:
    """Enrolling in the full batch puts her on the waitlist, number one, also on her dashboard."""
    her = nasrin_journey.page
    nasrin_journey.visit(course.url, "course")
    card = her.locator(f'[data-batch="{batch.pk}"]')
    nasrin_journey.click(card.get_by_role("button", name=bangla("Enrol — free")), "waitlisted")
    nasrin_journey.expect_path(course.url)
    full = bangla("The batch is full. You are on the waitlist, number %(n)s; we will tell you when a place opens.")
    before_number, after_number = full.split("%(n)s")
    notice = her.locator(".messages .alert-info")
    expect(notice).to_contain_text(before_number)
    expect(notice).to_contain_text(after_number)
    expect(her.locator(f'[data-batch="{batch.pk}"]')).to_contain_text(bangla("On the waitlist"))

    nasrin_journey.visit(bn("courses:dashboard"), "my-courses-waiting")
    waiting = her.locator('section[aria-labelledby="waiting-heading"]')
    expect(waiting.get_by_role("heading", name=bangla("On the waitlist"))).to_be_visible()
    expect(waiting.get_by_role("link", name=COURSE)).to_be_visible()
    expect(waiting.locator('[data-testid="waitlist-position"]')).to_have_text(
        bangla("You are number %(n)s on the waitlist.") % {"n": "১"}
    )
    expect(her.locator('section[aria-labelledby="current-heading"]')).to_have_count(0)


def leave_the_batch(journey: Journey, course, batch) -> None:
    page = journey.page
    journey.visit(course.url, "course-again")
    card = page.locator(f'[data-batch="{batch.pk}"]')
    journey.click(card.get_by_role("button", name=bangla("Leave this batch")), "left")
    journey.expect_path(course.url)
    expect(page.locator(".messages .alert-success")).to_have_text(
        bangla("You have left %(batch)s.") % {"batch": batch.name}
    )
    card = page.locator(f'[data-batch="{batch.pk}"]')
    expect(card.get_by_role("button", name=bangla("Enrol — free"))).to_be_visible()


def see_the_place_and_the_notification(nasrin_journey: Journey, batch, next_class_when: str) -> None:
    dashboard_url = bn("courses:dashboard")
    her = nasrin_journey.page
    nasrin_journey.visit(dashboard_url, "my-courses-promoted")
    enrolled = her.locator('section[aria-labelledby="current-heading"]')
    expect(enrolled.get_by_role("link", name=COURSE)).to_be_visible()
    expect(enrolled).to_contain_text(f"{bangla('Next class')}: {next_class_when}")
    expect(her.locator('section[aria-labelledby="waiting-heading"]')).to_have_count(0)
    expect(her.locator('[data-testid="waitlist-position"]')).to_have_count(0)

    nasrin_journey.visit(bn("notifications:inbox"), "notifications")
    expect(her.locator("h1")).to_have_text(bangla("Notifications"))
    notices = her.locator("main .list-group > li")
    expect(notices).to_have_count(1)
    expect(
        notices.get_by_role("link", name=bangla("A place opened for you: %(course)s") % {"course": COURSE})
    ).to_have_attribute("href", dashboard_url)
    expect(notices).to_contain_text(
        bangla(
            "Good news: you have moved from the waitlist into the batch “%(batch)s”. Your place is kept; "
            "see your next class on your dashboard."
        )
        % {"batch": batch.name}
    )
