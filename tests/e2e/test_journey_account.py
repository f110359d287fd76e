"""A new visitor signs up with a mobile number, logs out, logs in again and edits her profile."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from lms.people.models import District, User
from lms.people.sms import memory as sms_memory
from tests.e2e.journey import Journey, bangla
from tests.factories import UserFactory
from tests.helpers import bn, en

pytestmark = pytest.mark.browser

FULL_NAME = "মোছাঃ রাবেয়া খাতুন"
PASSWORD = "shapla-nodi-2024"


def test_visitor_signs_up_logs_in_again_and_edits_her_profile(journey: Journey) -> None:
    page = journey.page
    jashore = District.objects.get(name_en="Jashore")
    rangpur = District.objects.get(name_en="Rangpur")
    profile_url = bn("people:profile")

    journey.visit("/en/", "home-en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator(f'main a[href="{en("account_signup")}"]')).to_be_visible()  # "Join for free"

    journey.click(page.get_by_role("link", name="বাংলা", exact=True), "home-bn")
    expect(page.locator("html")).to_have_attribute("lang", "bn")

    journey.open_menu()
    journey.click(page.locator(f'.site-menu a[href="{bn("account_signup")}"]'), "signup")
    form = page.locator(f'form[action="{bn("account_signup")}"]')
    form.locator('[name="full_name"]').fill(FULL_NAME)
    form.locator('[name="phone"]').press_sequentially("01712345678")
    form.locator('[name="password1"]').fill(PASSWORD)
    form.locator('[name="password2"]').fill(PASSWORD)
    form.locator('[name="district"]').select_option(str(jashore.pk))
    journey.click(form.locator('button[type="submit"]'), "signed-up")
    # The account opens only once the code sent to the number comes back.
    journey.expect_path(bn("account_verify_phone"))
    _type_code(journey, bn("account_verify_phone"), "phone-verified")
    journey.expect_path(profile_url)
    expect(page.locator(".messages")).to_contain_text(bangla("You are logged in."))
    expect(page.locator("h1")).to_have_text(FULL_NAME)

    journey.open_menu()
    journey.click(
        page.locator(f'.site-menu form[action="{bn("account_logout")}"] button[type="submit"]'),
        "logged-out",
    )
    expect(page.locator(".messages")).to_contain_text(bangla("You have logged out."))

    journey.open_menu()
    journey.click(page.locator(f'.site-menu a[href="{bn("account_login")}"]'), "login")
    form = page.locator(f'form[action="{bn("account_login")}"]')
    form.locator('[name="login"]').press_sequentially("01712345678")
    form.locator('[name="password"]').fill(PASSWORD)
    journey.click(form.locator('button[type="submit"]'), "logged-in")
    journey.expect_path(profile_url)
    expect(page.locator(".messages")).to_contain_text(bangla("You are logged in."))
    expect(page.locator("main dl")).to_contain_text("০১৭১২৩৪৫৬৭৮")
    expect(page.locator("main dl")).to_contain_text(jashore.name_bn)

    journey.click(page.locator(f'main a[href="{bn("people:profile_edit")}"]'), "profile-edit")
    form = page.locator(f'form[action="{bn("people:profile_edit")}"]')
    expect(form.locator('[name="full_name"]')).to_have_value(FULL_NAME)
    form.locator('[name="district"]').select_option(str(rangpur.pk))
    form.locator('[name="name_en"]').fill("Rabeya Khatun")
    journey.click(form.locator('button[type="submit"]'), "profile-saved")

    journey.expect_path(profile_url)
    expect(page.locator(".messages .alert-success")).to_have_text(bangla("Your profile has been saved."))
    expect(page.locator("h1")).to_have_text(FULL_NAME)
    details = page.locator("main dl")
    expect(details).to_contain_text(rangpur.name_bn)
    expect(details).not_to_contain_text(jashore.name_bn)
    expect(details).to_contain_text("Rabeya Khatun")

    user = User.objects.get()
    assert user.phone == "+8801712345678"
    assert user.full_name == FULL_NAME
    assert user.name_en == "Rabeya Khatun"
    assert user.district == rangpur
    assert user.check_password(PASSWORD)


def _type_code(journey: Journey, action: str, step: str) -> None:
    code = re.search(r"\b(\d{6})\b", sms_memory.outbox[-1].text).group(1)
    form = journey.page.locator(f'form[action^="{action}"]')
    form.locator('[name="code"]').fill(code)
    journey.click(form.locator('button[type="submit"]'), step)


@pytest.mark.parametrize("language", ["bn", "en"])
def test_learner_who_forgot_her_password_resets_it_by_sms_code(journey: Journey, language: str) -> None:
    UserFactory(phone="+8801812345678", email=None)
    url = bn if language == "bn" else en
    page = journey.page
    journey.visit(url("account_reset_password"), f"reset-{language}")
    journey.click(page.locator(f'main a[href^="{url("account_request_login_code")}?next="]'), f"code-{language}")
    form = page.locator(f'form[action^="{url("account_request_login_code")}"]')
    form.locator('[name="phone"]').press_sequentially("01812345678")
    journey.click(form.locator('button[type="submit"]'), f"code-sent-{language}")
    _type_code(journey, url("account_confirm_login_code"), f"code-typed-{language}")
    journey.expect_path(url("people:new_password"))
    form = page.locator(f'form[action="{url("people:new_password")}"]')
    form.locator('[name="password1"]').fill("nodir-dheu-2025")
    form.locator('[name="password2"]').fill("nodir-dheu-2025")
    journey.click(form.locator('button[type="submit"]'), f"password-set-{language}")
    journey.expect_path(url("people:profile"))
    assert User.objects.get().check_password("nodir-dheu-2025")
