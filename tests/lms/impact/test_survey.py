"""The follow-up survey: sent once, some weeks after completion, in the learner's language;
answered once; rolled up into the impact table."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from courses.models import Enrolment, Trade
from lms.impact import services
from lms.impact.models import FollowUp
from lms.impact.tasks import send_follow_up_surveys
from lms.notifications.models import Notification
from tests.factories import UserFactory, make_batch, make_course
from tests.lms.impact.conftest import YEAR_2025, place

NOW = dt.datetime(2026, 3, 1, 10, 0, tzinfo=dt.UTC)
JULY_2025 = dt.datetime(2025, 7, 1, tzinfo=dt.UTC)


@pytest.fixture
def batik_batch(db):
    return make_batch(make_course(trade="batik"), first_date=dt.date(2025, 11, 1))


def _completed(user, batch, weeks_ago: float) -> Enrolment:
    when = NOW - dt.timedelta(weeks=weeks_ago)
    return place(user, batch, Enrolment.Status.COMPLETED, enrolled=when - dt.timedelta(weeks=4), completed=when)


def test_survey_goes_out_once_some_weeks_after_completion(batik_batch, learner, other_learner, settings):
    settings.IMPACT_SURVEY_AFTER_WEEKS = 8
    due = _completed(learner, batik_batch, weeks_ago=9)
    _completed(other_learner, batik_batch, weeks_ago=3)  # too soon
    assert services.send_due_surveys(NOW) == 1
    assert services.send_due_surveys(NOW) == 0  # beat firing again sends nothing twice
    follow_up = FollowUp.objects.get()
    assert follow_up.enrolment == due
    notification = Notification.objects.get(kind="impact_survey")
    assert notification.user == learner
    assert notification.url == reverse("impact:survey", kwargs={"follow_up_id": follow_up.pk})
    assert "ব্যবসা" in notification.title  # in the learner's language, Bangla


def test_survey_is_in_english_for_an_english_reader(batik_batch, settings):
    settings.IMPACT_SURVEY_AFTER_WEEKS = 8
    _completed(UserFactory(language="en"), batik_batch, weeks_ago=9)
    services.send_due_surveys(NOW)
    notification = Notification.objects.get(kind="impact_survey")
    assert notification.title.startswith("How is your business going")
    assert notification.url.startswith("/en/")


def test_old_completions_are_not_surveyed_all_at_once(batik_batch, learner, settings):
    settings.IMPACT_SURVEY_AFTER_WEEKS = 8
    _completed(learner, batik_batch, weeks_ago=30)
    assert services.send_due_surveys(NOW) == 0


def test_the_daily_task_sends_due_surveys(batik_batch, learner, settings):
    settings.IMPACT_SURVEY_AFTER_WEEKS = 0
    place(learner, batik_batch, Enrolment.Status.COMPLETED, enrolled=timezone.now(), completed=timezone.now())
    assert send_follow_up_surveys.delay().get() == 1


def _survey(learner, batch) -> FollowUp:
    return services.send_survey(_completed(learner, batch, weeks_ago=9), now=NOW)


def test_learner_answers_once(batik_batch, learner, persona_client):
    follow_up = _survey(learner, batik_batch)
    client = persona_client("learner")
    url = reverse("impact:survey", kwargs={"follow_up_id": follow_up.pk})
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["form"].initial["trade"] == Trade.objects.get(slug="batik").pk
    answers = {
        "business": "started",
        "trade": Trade.objects.get(slug="batik").pk,
        "sells_facebook": "on",
        "sells_livestream": "on",
        "income": "5k_10k",
        "registered": "bscic",
    }
    assert client.post(url, answers).status_code == 302
    follow_up.refresh_from_db()
    assert (follow_up.business, follow_up.sells_facebook, follow_up.sells_marketplace, follow_up.registered) == (
        "started",
        True,
        False,
        "bscic",
    )
    assert follow_up.answered_at is not None
    client.post(url, {**answers, "business": "not_yet"})
    follow_up.refresh_from_db()
    assert follow_up.business == "started"  # the first answer stands
    assert client.get(url).templates[0].name == "impact/survey_done.html"
    with pytest.raises(services.ImpactError):
        services.answer(follow_up, {"business": "not_yet"})


def test_a_business_needs_its_trade(batik_batch, learner, persona_client):
    follow_up = _survey(learner, batik_batch)
    url = reverse("impact:survey", kwargs={"follow_up_id": follow_up.pk})
    response = persona_client("learner").post(url, {"business": "grew", "trade": ""})
    assert response.status_code == 200 and response.context["form"].errors["trade"]


def test_someone_elses_survey_is_not_found(batik_batch, learner, persona_client):
    follow_up = _survey(learner, batik_batch)
    url = reverse("impact:survey", kwargs={"follow_up_id": follow_up.pk})
    assert persona_client("other_learner").get(url).status_code == 404
    assert persona_client("organiser").get(url).status_code == 404


def _answered(user, batch, business: str, trade: str | None, **more) -> FollowUp:
    follow_up = services.send_survey(
        place(user, batch, Enrolment.Status.COMPLETED, enrolled=NOW, completed=dt.datetime(2025, 6, 1, tzinfo=dt.UTC)),
        now=NOW,
    )
    data = {"business": business, "trade": Trade.objects.get(slug=trade) if trade else None, **more}
    return services.answer(follow_up, data, now=NOW)


def test_impact_table_counts_self_employment_by_trade_district_and_gender(db):
    batch = make_batch(make_course(trade="batik"), first_date=dt.date(2025, 3, 1))
    women = [UserFactory(gender="female") for _ in range(4)]
    man = UserFactory(gender="male")
    _answered(women[0], batch, "started", "batik", sells_facebook=True)
    _answered(women[1], batch, "started", "batik", registered="bscic")
    _answered(women[2], batch, "started", "nakshi-kantha")
    _answered(man, batch, "grew", "f-commerce", sells_livestream=True, registered="other")
    _answered(women[3], batch, "not_yet", "batik")
    services.send_survey(  # sent, not answered
        place(UserFactory(), batch, Enrolment.Status.COMPLETED, enrolled=NOW, completed=JULY_2025),
        now=NOW,
    )
    table = services.impact_table(YEAR_2025)
    assert (table.sent, table.answered, table.started, table.grew) == (6, 5, 3, 1)
    by_trade = {row.key: (row.started, row.grew) for row in table.by_trade}
    batik, kantha, fcommerce = (Trade.objects.get(slug=s).pk for s in ("batik", "nakshi-kantha", "f-commerce"))
    assert by_trade == {batik: (2, 0), kantha: (1, 0), fcommerce: (0, 1), None: (0, 0)}
    assert table.by_trade[0].key == batik  # most self-employment first
    by_gender = {row.key: (row.started, row.grew, row.sells_online, row.registered) for row in table.by_gender}
    assert by_gender == {"female": (3, 0, 1, 1), "male": (0, 1, 1, 1)}
    assert sum(row.started for row in table.by_district) == 3
    only_men = services.impact_table(dataclasses.replace(YEAR_2025, gender="male"))
    assert (only_men.started, only_men.grew) == (0, 1)
