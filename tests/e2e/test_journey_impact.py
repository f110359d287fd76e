"""An organiser preparing a report: she opens the impact dashboard, narrows it to one division
and one trade, reads the figures and downloads the enrolments with the same filters."""

from __future__ import annotations

import csv
import io

import pytest
from playwright.sync_api import expect

from courses.models import Trade
from lms.audit.models import Action, Entry
from lms.people.models import Division
from lms.people.roles import ORGANISER
from tests.e2e.journey import Journey, bangla, log_in
from tests.factories import UserFactory
from tests.helpers import bn
from tests.lms.impact.conftest import build_world

pytestmark = pytest.mark.browser

ORGANISER_NAME = "রোকসানা বেগম"


def test_organiser_filters_by_division_and_trade_and_downloads_the_export(journey: Journey) -> None:
    build_world()
    organiser = UserFactory(full_name=ORGANISER_NAME, roles=[ORGANISER])
    khulna = Division.objects.get(name_en="Khulna")
    batik = Trade.objects.get(slug="batik")

    page = journey.page
    log_in(journey, organiser.national_phone, ORGANISER_NAME)
    journey.open_menu()
    journey.click(page.locator(".site-menu").get_by_role("link", name=bangla("Impact and reports")), "dashboard")
    journey.expect_path(bn("impact:dashboard"))

    page.locator('input[name="start"]').fill("2025-01-01")
    page.locator('input[name="end"]').fill("2025-12-31")
    page.locator('select[name="division"]').select_option(str(khulna.pk))
    page.locator('select[name="trade"]').select_option(str(batik.pk))
    journey.click(page.get_by_role("button", name=bangla("Show")), "filtered")
    # Rabeya (completed) and Nasrin (withdrew) took batik places in Khulna division in 2025.
    expect(page.locator('[data-testid="enrolments"]')).to_have_text("২")
    expect(page.locator('[data-testid="completions"]')).to_have_text("১")
    expect(page.locator('[data-testid="breakdown-district"]')).to_contain_text("যশোর")

    with page.expect_download() as download:
        page.locator('[data-testid="export-enrolments-csv"]').click()
    body = download.value.path().read_text(encoding="utf-8-sig")
    header, *rows = list(csv.reader(io.StringIO(body)))
    assert sorted(row[header.index("name")] for row in rows) == sorted(["রাবেয়া", "নাসরিন"])
    entry = Entry.objects.get(action=Action.EXPORTED, target_type="impact.export")
    assert entry.after["filters"]["division"] == khulna.pk and entry.after["filters"]["trade"] == batik.pk
