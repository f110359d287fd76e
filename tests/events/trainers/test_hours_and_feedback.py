"""Volunteer hours (classes taught plus approved other work) and learners' feedback."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from courses.services import enrol
from events.models import Attendance, ClassSession
from events.trainers import services
from events.trainers.models import Feedback, HoursEntry
from tests.events.trainers.conftest import approved_profile
from tests.factories import UserFactory, make_batch


@pytest.fixture
def taught(trainer, learner):
    """A weekly batch of the trainer's that began three weeks ago: three classes are over."""
    approved_profile(trainer)
    first = timezone.localdate() - dt.timedelta(days=21)
    batch = make_batch(
        name="বাটিক — চলমান", first_date=first, weekdays=str(first.isoweekday()), weeks=6, trainers=[trainer]
    )
    enrol(learner, batch)
    return batch


def _past(batch) -> list[ClassSession]:
    now = timezone.now()
    return [s for s in batch.sessions.order_by("starts_at") if s.has_ended(now)]


def test_a_class_counts_once_it_shows_it_took_place(trainer, learner, taught):
    one, two, three = _past(taught)[:3]
    services.log_taught(one, trainer, 75)  # the trainer's log
    ClassSession.objects.filter(pk=two.pk).update(
        live_started_at=two.starts_at, live_ended_at=two.starts_at + dt.timedelta(minutes=100)
    )  # Zoom saw it
    Attendance.objects.create(session=three, user=learner, present=True)  # attendance was taken
    now = timezone.now()

    found = services.taught_classes([trainer.pk], now - dt.timedelta(days=60), now, now)[trainer.pk]

    assert {(t.session.pk, t.minutes, t.source) for t in found} == {
        (one.pk, 75, "log"),
        (two.pk, 100, "zoom"),
        (three.pk, 90, "schedule"),
    }


def test_a_class_with_no_sign_it_happened_does_not_count(trainer, taught):
    now = timezone.now()
    assert services.taught_classes([trainer.pk], now - dt.timedelta(days=60), now, now)[trainer.pk] == []


def test_other_work_counts_only_once_an_organiser_approves_it(trainer, organiser, taught):
    services.log_taught(_past(taught)[0], trainer, 90)
    today = timezone.localdate()
    entry = HoursEntry.objects.create(trainer=trainer, date=today, hours=Decimal("3.0"), kind="judging")
    total = sum(m.total for m in services.hours_by_month(trainer, today.year))
    assert total == Decimal("1.5")

    with pytest.raises(services.TrainerError, match="Someone else must approve"):
        services.review_hours(entry, by=trainer, approve_it=True)
    services.review_hours(entry, by=organiser, approve_it=True)

    assert sum(m.total for m in services.hours_by_month(trainer, today.year)) == Decimal("4.5")
    [row] = [r for r in services.totals(today - dt.timedelta(days=60), today) if r.trainer == trainer]
    assert (row.classes, row.class_hours, row.other_hours, row.total) == (
        1,
        Decimal("1.5"),
        Decimal("3.0"),
        Decimal("4.5"),
    )


def test_the_trainer_logs_a_class_from_the_dashboard_and_sees_the_hours(client, trainer, taught):
    session = _past(taught)[0]
    client.force_login(trainer)

    client.post(f"/en/teach/class/{session.pk}/taught/", {"minutes": "৯০"})  # Bangla digits, as typed

    page = client.get("/en/teach/me/hours/").content.decode()
    assert 'data-testid="year-total">1.5<' in page


def test_only_a_trainer_of_the_class_can_log_it(other_trainer, taught):
    approved_profile(other_trainer)
    with pytest.raises(services.TrainerError, match="You do not teach this class"):
        services.log_taught(_past(taught)[0], other_trainer, 90)


# --- feedback -----------------------------------------------------------------------------------------


def test_a_learner_rates_a_class_once_after_it(client, learner, taught):
    session = _past(taught)[0]
    client.force_login(learner)

    client.post(f"/en/learn/class/{session.pk}/feedback/", {"rating": "4", "comment": "ভালো লেগেছে"})
    client.post(f"/en/learn/class/{session.pk}/feedback/", {"rating": "1", "comment": "আবার"})

    assert list(Feedback.objects.values_list("rating", "comment")) == [(4, "ভালো লেগেছে")]
    with pytest.raises(services.TrainerError, match="already rated"):
        services.give_feedback(learner, session, 5)


def test_a_class_cannot_be_rated_before_it_ends_or_by_someone_not_in_the_batch(client, learner, taught):
    upcoming = taught.sessions.filter(starts_at__gt=timezone.now()).first()
    with pytest.raises(services.TrainerError, match="after it ends"):
        services.give_feedback(learner, upcoming, 5)
    outsider = UserFactory()
    with pytest.raises(services.TrainerError, match="Only learners of this batch"):
        services.give_feedback(outsider, _past(taught)[0], 5)
    client.force_login(outsider)
    assert client.get(f"/en/learn/class/{_past(taught)[0].pk}/feedback/").status_code == 403


def test_the_trainer_sees_the_average_and_comments_without_names(client, trainer, learner, other_learner, taught):
    session = _past(taught)[0]
    enrol(other_learner, taught)
    services.give_feedback(learner, session, 5, "খুব সহজ করে বুঝিয়েছেন")
    services.give_feedback(other_learner, session, 2, "কিছুই শুনতে পাইনি")
    client.force_login(trainer)

    page = client.get("/en/teach/me/feedback/").content.decode()

    assert "★ 3.5" in page
    assert "খুব সহজ করে বুঝিয়েছেন" in page and "কিছুই শুনতে পাইনি" in page
    assert learner.full_name not in page and other_learner.full_name not in page


def test_another_trainer_never_sees_this_trainers_feedback(client, other_trainer, learner, taught):
    services.give_feedback(learner, _past(taught)[0], 5, "চমৎকার ক্লাস")
    approved_profile(other_trainer)
    client.force_login(other_trainer)

    assert "চমৎকার ক্লাস" not in client.get("/en/teach/me/feedback/").content.decode()
    assert client.get(f"/en/organise/trainers/feedback/trainer/{taught.trainers.first().pk}/").status_code == 403


def test_an_organiser_hides_an_abusive_comment_and_the_rating_still_counts(client, organiser, trainer, learner, taught):
    feedback = services.give_feedback(learner, _past(taught)[0], 1, "গালি")
    client.force_login(organiser)
    assert learner.full_name in client.get("/en/organise/trainers/feedback/").content.decode()  # organisers see who

    client.post(f"/en/organise/trainers/feedback/{feedback.pk}/hide/", {"action": "hide"})

    client.force_login(trainer)
    page = client.get("/en/teach/me/feedback/").content.decode()
    assert "গালি" not in page
    assert services.rating_of(trainer.pk).count == 1


def test_public_rating_is_the_trainers_aggregate(client, trainer, learner, taught):
    profile = trainer.trainer_profile
    profile.is_public = True
    profile.save()
    services.give_feedback(learner, _past(taught)[0], 4)

    page = client.get(f"/en/trainers/{profile.pk}/").content.decode()

    assert "★ 4.0 of 5 (1 ratings)" in page


def test_the_years_volunteer_certificates_come_from_a_background_job_once(
    organiser, trainer, other_trainer, django_capture_on_commit_callbacks
):
    import io
    import zipfile

    from django.test import Client

    from certificates.models import Certificate, Kind
    from lms.jobs.models import Job
    from tests.helpers import en

    today = timezone.localdate()
    HoursEntry.objects.create(trainer=trainer, date=today, hours=Decimal("4.5"), kind="judging", status="approved")
    client = Client()
    client.force_login(organiser)
    url = en("trainers:volunteer_certificates")
    for _ in range(2):  # pressed twice: still one certificate
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, {"year": today.year})
        job = Job.objects.order_by("-created_at").first()
        assert response.status_code == 302 and response["Location"].endswith(f"/jobs/{job.pk}/")
    issued = Certificate.objects.filter(kind=Kind.VOLUNTEER)
    assert list(issued.values_list("recipient", flat=True)) == [trainer.pk]  # no hours, no certificate
    assert issued.get().source_key == f"volunteer:{today.year}:{trainer.pk}"
    job.refresh_from_db()
    assert job.status == Job.Status.FINISHED and job.total == 1
    archive = zipfile.ZipFile(io.BytesIO(job.result.read()))
    assert len(archive.namelist()) == 1
