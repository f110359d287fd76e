"""A fair from application to published results: an entrepreneur applies for a stall with a photo
of her kantha, the organiser approves her with a stall number, the judge scores her in the hall
while the connection is gone (the score waits on the phone and is sent once when it returns), and
the organiser finalises: the fair page shows her gold medal, and one click issues her certificates."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from certificates.models import Certificate
from fairs.models import Application, Award, Score
from people.roles import JUDGE, ORGANISER
from tests.e2e.journey import Journey, bangla, log_in
from tests.factories import UserFactory, make_category, make_fair
from tests.helpers import bn
from tests.workshops.conftest import photo_bytes

pytestmark = pytest.mark.browser

ENTREPRENEUR = "মোছাঃ রাবেয়া খাতুন"
ORGANISER_NAME = "রোকসানা বেগম"
JUDGE_NAME = "ড. সেলিনা হোসেন"
BUSINESS = "রাবেয়া নকশিঘর"


def test_apply_approve_score_offline_finalise_and_results_on_the_fair_page(journey: Journey) -> None:
    entrepreneur = UserFactory(full_name=ENTREPRENEUR)
    organiser = UserFactory(full_name=ORGANISER_NAME, roles=[ORGANISER])
    judge = UserFactory(full_name=JUDGE_NAME, roles=[JUDGE])
    fair = make_fair()
    category = make_category(fair, judges=[judge])

    # She finds the fair and applies for a stall.
    journey.who = "entrepreneur"
    page = journey.page
    log_in(journey, entrepreneur.national_phone, ENTREPRENEUR)
    journey.visit(fair.url, "fair-page")
    journey.click(page.get_by_role("link", name=bangla("Apply for a stall")), "apply-form")
    form = page.locator('[data-testid="apply-form"]')
    form.locator('[name="business_name"]').fill(BUSINESS)
    form.locator('[name="trade"]').select_option(label="নকশিকাঁথা")
    form.locator('[name="product_1"]').fill("নকশিকাঁথার চাদর")
    form.locator('[name="photo_1"]').set_input_files(
        files=[{"name": "kantha.jpg", "mimeType": "image/jpeg", "buffer": photo_bytes()}]
    )
    form.locator('[name="needs_table"]').check()
    journey.click(form.locator('button[type="submit"]'), "applied")
    expect(page.locator('[data-testid="my-application"]')).to_contain_text(bangla("Waiting for review"))

    # The organiser approves her and gives her stall A-7.
    organiser_journey = journey.another_person("organiser")
    her = organiser_journey.page
    log_in(organiser_journey, organiser.national_phone, ORGANISER_NAME)
    organiser_journey.visit(bn("fairs:manage", fair_id=fair.pk), "applications")
    organiser_journey.click(her.get_by_role("link", name=BUSINESS), "review")
    decision = her.locator('[data-testid="decision-form"]')
    decision.get_by_label(bangla("Approve")).check()
    decision.locator('[name="stall"]').fill("A-7")
    organiser_journey.click(decision.locator('button[type="submit"]'), "approved")
    application = Application.objects.get()
    assert (application.status, application.stall) == ("approved", "A-7")

    # On the fair's morning the organiser checks her in at the desk, with no signal in the hall.
    organiser_journey.visit(bn("fairs:desk", fair_id=fair.pk), "check-in-desk")
    her.context.set_offline(True)
    her.locator("#desk-search").fill("a-7")
    row = her.locator(f'li[data-code="{application.pass_code}"]')
    row.get_by_role("button", name=bangla("Check in")).click()
    expect(her.locator('[data-testid="desk-status"]')).to_contain_text("১")
    organiser_journey.check("checked-in-offline")
    her.context.set_offline(False)
    her.evaluate("() => window.dispatchEvent(new Event('online'))")
    expect(her.locator('[data-testid="desk-status"]')).to_have_text("")
    application.refresh_from_db()
    assert application.checked_in_at is not None

    # The judge opens her sheet in the hall; the connection drops as she scores.
    judge_journey = journey.another_person("judge")
    phone = judge_journey.page
    log_in(judge_journey, judge.national_phone, JUDGE_NAME)
    judge_journey.visit(bn("fairs:judge_home"), "judge-home")
    judge_journey.click(phone.get_by_role("link", name=category.name_bn), "score-sheet")
    phone.context.set_offline(True)
    card = phone.locator(f'[data-exhibitor="{application.pk}"]')
    inputs = card.locator("input[data-criterion]")
    inputs.nth(0).fill("9")
    inputs.nth(1).fill("8")
    card.get_by_role("button", name=bangla("Save the score")).click()
    expect(phone.locator('[data-testid="score-queue"]')).to_contain_text("১")
    judge_journey.check("scored-offline")
    assert not Score.objects.exists()
    phone.context.set_offline(False)
    phone.evaluate("() => window.dispatchEvent(new Event('online'))")
    expect(phone.locator('[data-testid="score-queue"]')).to_have_text("")
    expect(card).to_contain_text(bangla("Score saved."))
    judge_journey.check("synced")
    assert str(Score.objects.get().weighted) == "8.600"  # (3×9 + 2×8) / 5
    assert phone.evaluate("() => localStorage.getItem('udyokta.fair.scores')") == "[]"

    # The organiser finalises; the fair page shows the gold medal.
    organiser_journey.visit(bn("fairs:judging", fair_id=fair.pk), "judging")
    organiser_journey.click(her.get_by_role("button", name=bangla("Finalise and publish")), "finalised")
    assert Award.objects.get().medal == "gold"
    journey.visit(fair.url, "results")
    results = page.locator('[data-testid="results"]')
    expect(results).to_contain_text(bangla("Gold medal"))
    expect(results).to_contain_text(BUSINESS)
    expect(page.locator('[data-testid="exhibitors"]')).to_contain_text("A-7")

    # One click issues her gold-medal and participation certificates.
    organiser_journey.visit(bn("fairs:judging", fair_id=fair.pk), "judging-final")
    organiser_journey.click(
        her.get_by_role("button", name=bangla("Issue award and participation certificates")), "certificates-job"
    )
    assert sorted(Certificate.objects.filter(recipient=entrepreneur).values_list("kind", flat=True)) == [
        "fair_award",
        "fair_participation",
    ]
