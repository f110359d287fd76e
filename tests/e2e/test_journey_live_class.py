"""A class is on now: the trainer opens its page and check-in, a learner joins through Zoom and
checks in with the code, and her attendance appears on the trainer's sheet, which the trainer saves."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone, translation
from django.utils.translation import ngettext
from playwright.sync_api import expect

from courses.models import Batch
from courses.services import enrol
from events.models import Attendance, ClassSession, JoinClick
from events.tasks import sync_zoom_meeting
from events.zoom import tokens
from lms.lib.bangla import to_ascii_digits, to_bn_digits
from lms.people.roles import TRAINER
from tests.e2e.journey import Journey, bangla
from tests.factories import PASSWORD, UserFactory, make_batch, make_course
from tests.fakes.zoom_server import FakeZoom
from tests.helpers import bn

pytestmark = pytest.mark.browser

DHAKA = ZoneInfo("Asia/Dhaka")
COURSE = "নকশিকাঁথা সেলাই"
BATCH = "নকশিকাঁথা — সন্ধ্যার ব্যাচ"
TRAINER_NAME = "শাহানা পারভীন"
LEARNER_NAME = "মোছাঃ রাবেয়া খাতুন"
PRESENT_COUNT = "%(n)s of %(total)s present"  # the sheet's heading


def log_in(journey: Journey, phone: str, who: str) -> None:
    """Log in with a mobile number and password on the Bangla log-in page."""
    login_url = bn("account_login")
    journey.visit(login_url, "login")
    form = journey.page.locator(f'form[action="{login_url}"]')
    form.locator('[name="login"]').press_sequentially(phone)
    form.locator('[name="password"]').fill(PASSWORD)
    journey.click(form.locator('button[type="submit"]'), "logged-in")
    journey.expect_path(bn("people:profile"))
    expect(journey.page.locator("html")).to_have_attribute("lang", "bn")
    expect(journey.page.locator("h1")).to_have_text(who)


@pytest.fixture
def fake_zoom(settings) -> Iterator[FakeZoom]:
    """A fake Zoom on a free port, and the settings (which the live server reads) pointing at it."""
    with FakeZoom() as zoom:
        settings.ZOOM_ACCOUNT_ID = zoom.account_id
        settings.ZOOM_CLIENT_ID = zoom.client_id
        settings.ZOOM_CLIENT_SECRET = zoom.client_secret
        settings.ZOOM_BASE_URI = zoom.base_uri
        settings.ZOOM_OAUTH_URI = zoom.oauth_uri
        settings.ZOOM_WEBHOOK_SECRET_TOKEN = zoom.webhook_secret
        settings.ZOOM_TIMEOUT = 2
        tokens.clear()
        yield zoom
        tokens.clear()


def class_running_now(trainer, learner) -> ClassSession:
    """A Zoom batch whose first class began ten minutes ago (Dhaka time), with one learner."""
    began = (timezone.now().astimezone(DHAKA) - dt.timedelta(minutes=10)).replace(second=0, microsecond=0)
    batch = make_batch(
        make_course(COURSE, trade="batik"),
        name=BATCH,
        delivery=Batch.Delivery.ZOOM,
        # The day the class began: today, unless the test runs in the first minutes after midnight.
        first_date=began.date(),
        start_time=began.time(),
        weekdays=str(began.isoweekday()),
        weeks=1,
        trainers=[trainer],
    )
    assert enrol(learner, batch).enrolment.status == "enrolled"
    session = batch.sessions.get()
    assert session.starts_at == began and session.provider == "zoom"
    return session


def test_trainer_opens_check_in_learner_joins_and_attendance_appears(journey: Journey, fake_zoom: FakeZoom) -> None:
    trainer = UserFactory(full_name=TRAINER_NAME, roles=[TRAINER])
    learner = UserFactory(full_name=LEARNER_NAME)
    session = class_running_now(trainer, learner)
    join_url = zoom_meeting_is_made_once(session, fake_zoom)

    # The trainer, on her phone in Bangla, finds her batch through the menu and opens check-in.
    journey.who = "trainer"
    log_in(journey, trainer.national_phone, TRAINER_NAME)
    trainer_finds_todays_class(journey, session)
    code = trainer_opens_check_in(journey, session)

    # The learner, on her own phone, presses Join and lands in Zoom; back on the class page she
    # checks in with the code.
    learner_journey = journey.another_person("learner")
    log_in(learner_journey, learner.national_phone, LEARNER_NAME)
    learner_joins_through_zoom(learner_journey, session, learner, join_url)
    learner_checks_in(learner_journey, session, code)

    # The trainer reloads her page: the learner is ticked by the check-in; she saves the sheet.
    trainer_sees_the_check_in_and_saves_the_sheet(journey, session)

    attendance = Attendance.objects.get(session=session, user=learner)
    assert attendance.present
    assert set(attendance.source_list) == {"checkin", "sheet"}
    assert attendance.confirmed_by == trainer
    assert Attendance.objects.filter(session=session).count() == 1


def zoom_meeting_is_made_once(session: ClassSession, fake_zoom: FakeZoom) -> str:
    """Syncing the class makes one meeting in (the fake) Zoom; its join link."""
    sync_zoom_meeting.delay(session.pk)
    session.refresh_from_db()
    assert session.zoom_state == ClassSession.ZoomState.CREATED
    assert list(fake_zoom.meetings) == [session.zoom_meeting_id]  # one meeting, however often synced
    join_url = fake_zoom.meetings[session.zoom_meeting_id]["join_url"]
    assert session.zoom_join_url == join_url and join_url.startswith(fake_zoom.url + "/j/")
    return join_url


def trainer_finds_todays_class(journey: Journey, session: ClassSession) -> None:
    """Batches I teach → the roster → today's class: the host link, and nobody present yet."""
    trainer_url = bn("events:trainer_class", session_id=session.pk)
    page = journey.page
    journey.open_menu()
    journey.click(page.locator(".site-menu").get_by_role("link", name=bangla("Batches I teach")), "my-batches")
    journey.expect_path(bn("courses:trainer_batches"))
    expect(page.locator("h1")).to_have_text(bangla("Batches I teach"))
    journey.click(page.get_by_role("link", name=BATCH), "roster")
    journey.expect_path(bn("courses:roster", batch_id=session.batch_id))
    expect(page.locator("main table")).to_contain_text(LEARNER_NAME)
    # The roster lists the batch's classes; she opens today's.
    page.locator("main details summary").first.click()
    journey.click(page.locator(f'main a[href="{trainer_url}"]'), "class")
    journey.expect_path(trainer_url)
    expect(page.locator("h1")).to_have_text(COURSE)
    expect(page.locator(".alert-info")).to_have_count(0)  # not "The Zoom meeting is being created."
    start = page.get_by_role("link", name=bangla("Start the class (host)"))
    expect(start).to_be_visible()
    expect(start).to_have_attribute("href", bn("events:start", session_id=session.pk))
    assert session.zoom_start_url not in page.content()  # the host link never appears in a page
    sheet = page.locator('section[aria-labelledby="sheet-heading"]')
    expect(sheet.locator("h2")).to_contain_text(bangla(PRESENT_COUNT) % {"n": "০", "total": "১"})
    expect(sheet.get_by_role("checkbox", name=LEARNER_NAME)).not_to_be_checked()


def trainer_opens_check_in(journey: Journey, session: ClassSession) -> str:
    """The page shows the code in Bangla digits; the code (ASCII digits)."""
    trainer_url = bn("events:trainer_class", session_id=session.pk)
    page = journey.page
    checkin = page.locator('section[aria-labelledby="checkin-heading"]')
    journey.click(checkin.get_by_role("button", name=bangla("Open check-in")), "check-in-open")
    journey.expect_path(trainer_url)
    shown = page.locator('[data-testid="checkin-code"]')
    expect(shown).to_have_text(re.compile(r"^\s*[০-৯]{4}\s*$"))  # four Bangla digits
    code = to_ascii_digits(shown.inner_text().strip())
    session.refresh_from_db()
    assert code == session.checkin_code
    expect(page.locator(".messages .alert-success")).to_contain_text(
        bangla("Check-in is open. Tell the learners the code: %(code)s").split("%(code)s")[0]
    )
    expect(checkin.get_by_role("button", name=bangla("Close check-in"))).to_be_visible()
    return code


def learner_joins_through_zoom(learner_journey: Journey, session: ClassSession, learner, join_url: str) -> None:
    """Join on her dashboard goes through the platform (one click recorded) to Zoom's link."""
    join_path = bn("events:join", session_id=session.pk)
    her = learner_journey.page
    learner_journey.open_menu()
    learner_journey.click(her.locator(".site-menu").get_by_role("link", name=bangla("My courses")), "my-courses")
    learner_journey.expect_path(bn("courses:dashboard"))
    card = her.locator('section[aria-labelledby="current-heading"] .card').filter(has_text=BATCH)
    join = card.locator('[data-testid="join"]')
    expect(join).to_have_text(bangla("Join the class"))
    expect(join).to_have_attribute("href", join_path)
    with her.expect_response(lambda response: response.url.endswith(join_path)) as through_platform:
        # Zoom's page (the fake's stand-in, another origin) is not ours: screenshot, no axe.
        learner_journey.click(join, "zoom", axe=False)
    assert through_platform.value.status == 302
    assert through_platform.value.headers["location"] == join_url
    assert her.url == join_url
    expect(her.locator("body")).to_contain_text(f"{COURSE} — {BATCH}")
    assert JoinClick.objects.filter(session=session, user=learner).count() == 1


def learner_checks_in(learner_journey: Journey, session: ClassSession, code: str) -> None:
    """She types the code in Bangla digits, as her phone's keyboard does."""
    class_url = bn("events:class", session_id=session.pk)
    her = learner_journey.page
    learner_journey.visit(class_url, "class")
    expect(her.locator("h1")).to_have_text(COURSE)
    expect(her.locator('[data-testid="join"]')).to_have_attribute("href", bn("events:join", session_id=session.pk))
    her.get_by_label(bangla("Check-in code the trainer gave")).fill(to_bn_digits(code))
    learner_journey.click(her.get_by_role("button", name=bangla("Check in"), exact=True), "checked-in")
    learner_journey.expect_path(class_url)
    expect(her.locator("main .alert-success[role=status]")).to_have_text(
        bangla("Your attendance is recorded. Thank you!")
    )
    expect(her.get_by_label(bangla("Check-in code the trainer gave"))).to_have_count(0)


def trainer_sees_the_check_in_and_saves_the_sheet(journey: Journey, session: ClassSession) -> None:
    """The learner is ticked with the check-in as the source; saved, the sheet is the source too."""
    trainer_url = bn("events:trainer_class", session_id=session.pk)
    page = journey.page
    journey.visit(trainer_url, "class-after-check-in")
    sheet = page.locator('section[aria-labelledby="sheet-heading"]')
    expect(sheet.locator("h2")).to_contain_text(bangla(PRESENT_COUNT) % {"n": "১", "total": "১"})
    expect(sheet.locator("h2")).to_contain_text("১ জনের মধ্যে ১ জন উপস্থিত")
    row = sheet.locator("li").filter(has_text=LEARNER_NAME)
    expect(row.get_by_role("checkbox", name=LEARNER_NAME)).to_be_checked()
    expect(row).to_contain_text(bangla("Check-in code"))

    journey.click(sheet.get_by_role("button", name=bangla("Save attendance")), "attendance-saved")
    journey.expect_path(trainer_url)
    with translation.override("bn"):
        saved = ngettext("Attendance saved for %(n)s learner.", "Attendance saved for %(n)s learners.", 1)
    expect(page.locator(".messages .alert-success")).to_have_text(saved % {"n": "১"})
    row = page.locator('section[aria-labelledby="sheet-heading"] li').filter(has_text=LEARNER_NAME)
    expect(row.get_by_role("checkbox", name=LEARNER_NAME)).to_be_checked()
    expect(row).to_contain_text(bangla("Trainer's sheet"))
