"""A volunteer's first weeks: she applies to teach, an organiser approves her and gives her a
batch, she teaches and records the class, and her volunteer hours appear."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from courses.models import Trade
from events.trainers.models import TrainerProfile
from lms.people.roles import ORGANISER, TRAINER, user_has_role
from tests.e2e.journey import Journey, bangla, log_in
from tests.factories import UserFactory, make_batch, make_course
from tests.helpers import bn

pytestmark = pytest.mark.browser

APPLICANT = "সালমা খাতুন"
ORGANISER_NAME = "রোকসানা বেগম"
BATCH = "বাটিক — সন্ধ্যার ব্যাচ"


def test_apply_approve_assign_teach_and_hours_appear(journey: Journey) -> None:
    applicant = UserFactory(full_name=APPLICANT)
    organiser = UserFactory(full_name=ORGANISER_NAME, roles=[ORGANISER])
    # A weekly batik batch whose first class was a week ago; two more are to come.
    first = timezone.localdate() - dt.timedelta(days=7)
    batch = make_batch(
        make_course("বাটিক শিল্পের হাতেখড়ি", trade="batik"),
        name=BATCH,
        first_date=first,
        weekdays=str(first.isoweekday()),
        start_time=dt.time(21, 0),
        weeks=3,
    )
    batik = Trade.objects.get(slug="batik")

    # She applies from the menu, in Bangla, on her phone.
    journey.who = "applicant"
    page = journey.page
    log_in(journey, applicant.national_phone, APPLICANT)
    # The menu links here ("Teach with us"); opening the menu is covered by the other journeys.
    expect(page.locator(f'.site-menu a[href="{bn("trainers:apply")}"]')).to_have_count(1)
    journey.visit(bn("trainers:apply"), "apply")
    page.locator(f'input[name="trades"][value="{batik.pk}"]').check()
    page.get_by_label(bangla("experience").capitalize()).fill("দশ বছর ধরে বাটিকের কাজ করি, মেলায় বিক্রি করি।")
    page.locator('input[name="language_choices"][value="bn"]').check()
    page.locator('input[name="platform_choices"][value="zoom"]').check()
    page.locator('select[name="times-0-weekday"]').select_option(str(first.isoweekday()))
    page.locator('input[name="times-0-start"]').fill("19:00")
    page.locator('input[name="times-0-end"]').fill("23:30")
    page.locator('input[name="is_public"]').check()
    journey.click(page.get_by_role("button", name=bangla("Send my application")), "applied")
    expect(page.locator(".messages")).to_contain_text(
        bangla("Thank you! Your application is sent. An organiser will review it and tell you.")
    )
    expect(page.locator('[data-testid="application-status"]')).to_be_visible()

    # The organiser finds the application in the queue and approves it.
    organiser_journey = journey.another_person("organiser")
    her = organiser_journey.page
    log_in(organiser_journey, organiser.national_phone, ORGANISER_NAME)
    expect(her.locator(f'.site-menu a[href="{bn("trainers:queue")}"]')).to_have_count(1)
    organiser_journey.visit(bn("trainers:queue"), "queue")
    organiser_journey.click(her.get_by_role("link", name=APPLICANT), "application")
    expect(her.locator("main")).to_contain_text("দশ বছর ধরে বাটিকের কাজ করি")
    organiser_journey.click(her.get_by_role("button", name=bangla("Approve")), "approved")
    expect(her.locator(".messages")).to_contain_text(APPLICANT)
    assert user_has_role(applicant, TRAINER)

    # She assigns her to the batch: the page shows she teaches the trade and is free then.
    organiser_journey.visit(bn("trainers:assign", batch_id=batch.pk), "assign")
    row = her.locator('[data-testid="candidate"]').filter(has_text=APPLICANT)
    expect(row).to_contain_text(bangla("teaches the trade"))
    expect(row).to_contain_text(bangla("free at the class times"))
    organiser_journey.click(row.get_by_role("button", name=bangla("Assign")), "assigned")
    expect(her.locator('[data-testid="candidate"]').filter(has_text=APPLICANT)).to_contain_text(
        bangla("Teaches this batch")
    )
    assert list(batch.trainers.all()) == [applicant]

    # The new trainer sees her classes, records last week's class, and her hours appear.
    journey.visit(bn("trainers:dashboard"), "my-teaching")
    expect(page.locator('[data-testid="upcoming"]').first).to_contain_text(BATCH)
    recent = page.locator('[data-testid="recent"]').first
    recent.get_by_label(bangla("Minutes you taught")).fill("৯০")
    journey.click(recent.get_by_role("button", name=bangla("Record")), "recorded")
    expect(page.locator(".messages")).to_contain_text(bangla("Recorded. Thank you for teaching!"))
    expect(page.locator('[data-testid="hours-total"]')).to_have_text("১.৫")
    journey.click(page.locator('[data-testid="hours-total"]'), "hours")
    journey.expect_path(bn("trainers:hours"))
    expect(page.locator('[data-testid="year-total"]')).to_have_text("১.৫")
    expect(page.locator('[data-testid="month"]').first).to_contain_text("১.৫")

    # Her public profile shows her, never her mobile number.
    profile = TrainerProfile.objects.get(user=applicant)
    journey.visit(bn("trainers:profile", profile_id=profile.pk), "public-profile")
    expect(page.locator("h1")).to_have_text(APPLICANT)
    assert applicant.national_phone not in page.content()
