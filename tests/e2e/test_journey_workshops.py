"""A workshop day with weak internet: the trainer marks attendance on her phone while the
connection is gone, the marks wait on the phone and are sent when it returns; she records a
learner's practical with a photo, and the learner sees the result, the comment and the photo."""

from __future__ import annotations

import pytest
from playwright.sync_api import Locator, expect

from events.models import Attendance
from events.workshops.models import Practical
from lms.people.models import District
from lms.people.roles import TRAINER
from tests.e2e.journey import Journey, bangla, log_in
from tests.events.workshops.conftest import photo_bytes
from tests.factories import UserFactory, make_workshop
from tests.helpers import bn

pytestmark = pytest.mark.browser

TRAINER_NAME = "শাহানা পারভীন"
LEARNER_NAME = "মোছাঃ রাবেয়া খাতুন"
OTHER_NAME = "নাসরিন আক্তার"
COMMENT = "ফোঁড় সমান, রঙের মিল সুন্দর। পাড়ে আরেকটু যত্ন নিন।"


def test_offline_marks_sync_and_the_learner_sees_her_practical(journey: Journey) -> None:
    jashore = District.objects.get(name_en="Jashore")
    trainer = UserFactory(full_name=TRAINER_NAME, roles=[TRAINER])
    learner = UserFactory(full_name=LEARNER_NAME, district=jashore)
    other = UserFactory(full_name=OTHER_NAME, district=jashore)
    workshop = make_workshop(trainers=[trainer], learners=[learner, other], trade="nakshi-kantha")
    session = workshop.sessions.order_by("starts_at")[0]

    # The trainer opens the sheet at the venue while there is still a connection.
    journey.who = "trainer"
    log_in(journey, trainer.national_phone, TRAINER_NAME)
    open_the_sheet_while_online(journey, workshop, session)

    # The internet drops. Taps still count, on the phone, and a reload opens the kept copy.
    mark_offline_and_reload(journey, trainer)

    # The connection returns: the marks go by themselves, and the sheet says so.
    marks_sync_when_back_online(journey, session)

    # She records Rabeya's practical with a photo of the kantha.
    record_the_practical_with_a_photo(journey, workshop, learner)

    # Rabeya finds it from her courses, in Bangla.
    her_journey = journey.another_person("learner")
    log_in(her_journey, learner.national_phone, LEARNER_NAME)
    see_her_practical(her_journey)


def _marks(journey: Journey) -> tuple[Locator, Locator]:
    """Rabeya's and Nasrin's buttons on the sheet."""
    marks = journey.page.locator('[data-testid="mark"]')
    return marks.filter(has_text=LEARNER_NAME), marks.filter(has_text=OTHER_NAME)


def open_the_sheet_while_online(journey: Journey, workshop, session) -> None:
    """From the workshop's hub; the sheet's buttons are thumb-sized and it is kept on the phone."""
    page = journey.page
    journey.visit(bn("workshops:hub", batch_id=workshop.pk), "workshop-hub")
    journey.click(page.locator(f'a[href="{bn("workshops:sheet", session_id=session.pk)}"]'), "sheet")
    rabeya, _nasrin = _marks(journey)
    box = rabeya.bounding_box()
    assert box and box["height"] >= 48 and box["width"] >= 300  # a thumb hits it on a 360 px screen
    # The sheet is kept on the phone (its service worker) before the internet drops.
    expect(page.locator("#sheet[data-offline-ready]")).to_be_attached()


def mark_offline_and_reload(journey: Journey, trainer) -> None:
    page = journey.page
    rabeya, nasrin = _marks(journey)
    page.context.set_offline(True)
    rabeya.click()
    nasrin.click()
    nasrin.click()  # changed her mind: absent
    status = page.locator('[data-testid="sync-status"]')
    expect(status).to_contain_text("২")  # two learners' marks wait
    expect(rabeya).to_have_attribute("aria-pressed", "true")
    expect(rabeya.locator('[data-sheet="pending"]')).to_be_visible()
    expect(nasrin).to_contain_text(bangla("Absent"))
    journey.check("marked-offline")
    assert not Attendance.objects.exists()
    queued = page.evaluate(f"() => JSON.parse(localStorage.getItem('udyokta.workshop.marks.{trainer.pk}')).length")
    assert queued == 2

    # Still offline, she reloads the sheet: the kept copy opens, says so, and shows the waiting marks.
    page.reload()
    expect(page.locator('[data-testid="offline-notice"]')).to_be_visible()
    expect(status).to_contain_text("২")
    expect(rabeya).to_have_attribute("aria-pressed", "true")
    expect(rabeya.locator('[data-sheet="pending"]')).to_be_visible()
    expect(nasrin).to_contain_text(bangla("Absent"))
    journey.check("reloaded-offline")
    assert not Attendance.objects.exists()


def marks_sync_when_back_online(journey: Journey, session) -> None:
    page = journey.page
    rabeya, _nasrin = _marks(journey)
    status = page.locator('[data-testid="sync-status"]')
    page.context.set_offline(False)
    expect(page.locator('[data-testid="offline-notice"]')).to_be_hidden()
    expect(status).to_have_text(bangla("All marks are sent."))
    expect(rabeya.locator('[data-sheet="pending"]')).to_be_hidden()
    journey.check("synced")
    assert dict(Attendance.objects.values_list("user__full_name", "present")) == {
        LEARNER_NAME: True,
        OTHER_NAME: False,
    }
    # A reload shows what the server has, and nothing is left waiting.
    journey.visit(bn("workshops:sheet", session_id=session.pk), "sheet-reloaded")
    expect(page.locator('[data-testid="mark"]').filter(has_text=LEARNER_NAME)).to_have_attribute("aria-pressed", "true")
    expect(page.locator('[data-testid="sync-status"]')).to_have_text(bangla("All marks are sent."))


def record_the_practical_with_a_photo(journey: Journey, workshop, learner) -> None:
    page = journey.page
    journey.visit(bn("workshops:practical", batch_id=workshop.pk, user_id=learner.pk), "practical")
    form = page.locator('[data-testid="practical-form"]')
    form.get_by_label(bangla("Passed")).check()
    form.locator('textarea[name="comment"]').fill(COMMENT)
    form.locator('input[name="photos"]').set_input_files(
        [{"name": "kantha.png", "mimeType": "image/png", "buffer": photo_bytes("PNG", size=(1200, 900))}]
    )
    journey.click(form.get_by_role("button", name=bangla("Save the result")), "practical-saved")
    expect(page.locator(".messages")).to_contain_text(LEARNER_NAME)
    assert Practical.objects.get(learner=learner).photos.count() == 1


def see_her_practical(her_journey: Journey) -> None:
    """My courses → the workshop: the result, the comment, the photo (loaded) and the venue."""
    her = her_journey.page
    her_journey.visit(bn("courses:dashboard"), "my-courses")
    her_journey.click(her.get_by_role("link", name=bangla("Venue, attendance and my practical work")), "my-workshop")
    practical = her.locator('[data-testid="practical"]')
    expect(practical.locator('[data-testid="practical-result"]')).to_have_text(bangla("Passed"))
    expect(practical.locator('[data-testid="practical-comment"]')).to_have_text(COMMENT)
    picture = practical.locator("img").first
    expect(picture).to_be_visible()
    assert her.evaluate("(img) => img.complete && img.naturalWidth > 0", picture.element_handle())
    expect(her.locator('[data-testid="workshop-facts"]')).to_contain_text("দড়াটানা মোড়")
