"""A fair from application to published results: an entrepreneur applies for a stall with a photo
of her kantha, the organiser approves her with a stall number, the judge scores her in the hall
while the connection is gone (the score waits on the phone and is sent once when it returns), and
the organiser finalises: the fair page shows her gold medal, and one click issues her certificates."""

from __future__ import annotations

from pathlib import Path

import pytest
import qrcode
from PIL import Image
from playwright.sync_api import expect

from certificates.models import Certificate
from courses.models import Trade
from events.fairs.models import Application, Award, Score
from events.fairs.passes import check_in_url
from lms.people.roles import JUDGE, ORGANISER
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, VIEWPORT
from tests.e2e.journey import Journey, bangla, log_in
from tests.events.workshops.conftest import photo_bytes
from tests.factories import UserFactory, make_category, make_exhibitor, make_fair
from tests.helpers import bn

pytestmark = pytest.mark.browser

ENTREPRENEUR = "মোছাঃ রাবেয়া খাতুন"
ORGANISER_NAME = "রোকসানা বেগম"
JUDGE_NAME = "ড. সেলিনা হোসেন"
BUSINESS = "রাবেয়া নকশিঘর"


def camera_file(text: str, folder: Path) -> Path:
    """A still camera showing a pass's QR code, as Chromium's fake capture device reads it (Y4M, 4:2:0)."""
    width, height = 640, 480
    frame = Image.new("RGB", (width, height), "white")
    code = qrcode.make(text, box_size=8, border=4).convert("RGB")
    code.thumbnail((440, 440))
    frame.paste(code, ((width - code.width) // 2, (height - code.height) // 2))
    y, cb, cr = frame.convert("YCbCr").split()
    half = (width // 2, height // 2)
    planes = y.tobytes() + cb.resize(half).tobytes() + cr.resize(half).tobytes()
    path = folder / "pass.y4m"
    with path.open("wb") as file:
        file.write(f"YUV4MPEG2 W{width} H{height} F10:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(10):
            file.write(b"FRAME\n" + planes)
    return path


def test_apply_approve_score_offline_finalise_and_results_on_the_fair_page(journey: Journey, tmp_path: Path) -> None:
    entrepreneur = UserFactory(full_name=ENTREPRENEUR)
    organiser = UserFactory(full_name=ORGANISER_NAME, roles=[ORGANISER])
    judge = UserFactory(full_name=JUDGE_NAME, roles=[JUDGE])
    fair = make_fair()
    category = make_category(fair, judges=[judge], trade=Trade.objects.get(slug="nakshi-kantha"))
    # Another exhibitor (batik: not in this award), approved earlier: the organiser will check her
    # in by scanning her pass.
    scanned = make_exhibitor(fair, stall="B-2", business="সুমি বাটিক", trade="batik")

    # She finds the fair and applies for a stall.
    journey.who = "entrepreneur"
    log_in(journey, entrepreneur.national_phone, ENTREPRENEUR)
    apply_for_a_stall(journey, fair)

    # The organiser approves her and gives her stall A-7.
    organiser_journey = journey.another_person("organiser")
    log_in(organiser_journey, organiser.national_phone, ORGANISER_NAME)
    application = approve_with_stall_a7(organiser_journey, fair)

    # On the fair's morning the organiser checks her in at the desk, with no signal in the hall.
    check_in_at_the_desk_offline(organiser_journey, fair, application)

    # At the gate, a second phone (its camera sees Sumi's pass) keeps the desk, loses the signal,
    # reopens the desk from the phone and checks Sumi in by scanning her pass.
    scan_a_pass_at_the_gate_offline(journey, organiser, fair, application, scanned, tmp_path)

    # The judge opens her sheet in the hall; the connection drops as she scores.
    judge_journey = journey.another_person("judge")
    log_in(judge_journey, judge.national_phone, JUDGE_NAME)
    score_offline_then_sync(judge_journey, judge, category, application)

    # The organiser finalises; the fair page shows the gold medal.
    organiser_journey.visit(bn("fairs:judging", fair_id=fair.pk), "judging")
    organiser_journey.click(
        organiser_journey.page.get_by_role("button", name=bangla("Finalise and publish")), "finalised"
    )
    assert Award.objects.get().medal == "gold"
    see_the_gold_medal_on_the_fair_page(journey, fair)

    # One click issues her gold-medal and participation certificates.
    organiser_journey.visit(bn("fairs:judging", fair_id=fair.pk), "judging-final")
    organiser_journey.click(
        organiser_journey.page.get_by_role("button", name=bangla("Issue award and participation certificates")),
        "certificates-job",
    )
    expect(organiser_journey.page.locator('[data-testid="certificate-jobs"] a')).to_have_count(2)  # both kinds
    assert sorted(Certificate.objects.filter(recipient=entrepreneur).values_list("kind", flat=True)) == [
        "fair_award",
        "fair_participation",
    ]


def apply_for_a_stall(journey: Journey, fair) -> None:
    """The fair page → the form: business, trade, one product with its photo, a table."""
    page = journey.page
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


def approve_with_stall_a7(organiser_journey: Journey, fair) -> Application:
    her = organiser_journey.page
    organiser_journey.visit(bn("fairs:manage", fair_id=fair.pk), "applications")
    organiser_journey.click(her.get_by_role("link", name=BUSINESS), "review")
    decision = her.locator('[data-testid="decision-form"]')
    decision.get_by_label(bangla("Approve")).check()
    decision.locator('[name="stall"]').fill("A-7")
    organiser_journey.click(decision.locator('button[type="submit"]'), "approved")
    application = Application.objects.get(business_name=BUSINESS)
    assert (application.status, application.stall) == ("approved", "A-7")
    return application


def check_in_at_the_desk_offline(organiser_journey: Journey, fair, application: Application) -> None:
    """Checked in with no signal, the check-in waits on the phone and is sent when it returns."""
    her = organiser_journey.page
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


def scan_a_pass_at_the_gate_offline(
    journey: Journey, organiser, fair, application: Application, scanned: Application, tmp_path: Path
) -> None:
    """A Chromium whose fake camera shows Sumi's pass, as the organiser's second phone."""
    camera = journey.page.context.browser.browser_type.launch(
        executable_path=str(CHROMIUM),
        args=CHROMIUM_ARGS
        + [
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-video-capture={camera_file(check_in_url(scanned), tmp_path)}",
        ],
    )
    try:
        gate_context = camera.new_context(
            viewport=VIEWPORT, locale="bn-BD", base_url=journey.base_url, reduced_motion="reduce"
        )
        gate_context.set_default_timeout(10_000)
        gate_journey = Journey(
            page=gate_context.new_page(),
            base_url=journey.base_url,
            screenshots=journey.screenshots,
            axe_script=journey.axe_script,
            who="gate",
            first=journey,
        )
        log_in(gate_journey, organiser.national_phone, ORGANISER_NAME)
        scan_with_the_desk_reopened_offline(gate_journey, fair, application, scanned)
    finally:
        camera.close()


def scan_with_the_desk_reopened_offline(
    gate_journey: Journey, fair, application: Application, scanned: Application
) -> None:
    """The desk, kept on the phone, reopens with no signal; the scanned check-in waits there
    (through another reload) and is sent once the signal is back."""
    gate = gate_journey.page
    gate_journey.visit(bn("fairs:desk", fair_id=fair.pk), "gate-desk")
    expect(gate.locator("#desk[data-offline-ready]")).to_be_attached()
    gate.context.set_offline(True)
    gate.reload()
    expect(gate.locator('[data-testid="offline-notice"]')).to_be_visible()
    sumi = gate.locator(f'li[data-code="{scanned.pass_code}"]')
    expect(sumi).to_contain_text("B-2")
    expect(gate.locator(f'li[data-code="{application.pass_code}"]')).to_contain_text(bangla("Checked in"))
    gate_journey.check("gate-desk-offline")
    gate.get_by_role("button", name=bangla("Scan a pass with the camera")).click()
    result = gate.locator('[data-testid="scan-result"]')
    expect(result).to_have_attribute("data-state", "checked", timeout=20_000)
    expect(result).to_contain_text("সুমি বাটিক")
    expect(sumi).to_contain_text(bangla("Checked in"))
    expect(gate.locator('[data-testid="desk-status"]')).to_contain_text("১")
    gate.get_by_role("button", name=bangla("Stop the camera")).click()
    gate_journey.check("gate-scanned-offline")
    # Reopened again with no signal: the check-in still waits, on the phone.
    gate.reload()
    expect(gate.locator('[data-testid="offline-notice"]')).to_be_visible()
    expect(sumi).to_contain_text(bangla("Checked in"))
    expect(gate.locator('[data-testid="desk-status"]')).to_contain_text("১")
    scanned.refresh_from_db()
    assert scanned.checked_in_at is None
    gate.context.set_offline(False)
    gate.evaluate("() => window.dispatchEvent(new Event('online'))")
    expect(gate.locator('[data-testid="desk-status"]')).to_have_text("")
    scanned.refresh_from_db()
    assert scanned.checked_in_at is not None


def score_offline_then_sync(judge_journey: Journey, judge, category, application: Application) -> None:
    """The score waits on the phone while offline and is sent once when the connection returns."""
    phone = judge_journey.page
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
    assert phone.evaluate(f"() => localStorage.getItem('udyokta.fair.scores.{judge.pk}')") == "[]"


def see_the_gold_medal_on_the_fair_page(journey: Journey, fair) -> None:
    page = journey.page
    journey.visit(fair.url, "results")
    results = page.locator('[data-testid="results"]')
    expect(results).to_contain_text(bangla("Gold medal"))
    expect(results).to_contain_text(BUSINESS)
    expect(page.locator('[data-testid="exhibitors"]')).to_contain_text("A-7")
