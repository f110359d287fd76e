"""The list pages cost the same number of queries whether they list three rows or thirty."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from courses.services import enrol
from events.trainers import services
from events.trainers.models import HoursEntry, TrainerProfile
from tests.events.trainers.conftest import approved_profile, next_weekday
from tests.factories import UserFactory, make_batch


def _count(client, url: str) -> int:
    client.get(url)  # the first request of a test loads the site, settings and session once
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _trainers(n: int, start: int) -> list:
    """n public trainers, each teaching a past batch with a rated class and logged hours."""
    made = []
    for i in range(start, start + n):
        user = UserFactory(full_name=f"প্রশিক্ষক {i}")
        approved_profile(user, is_public=True, trades=["batik", "f-commerce"])
        first = timezone.localdate() - dt.timedelta(days=14)
        batch = make_batch(first_date=first, weekdays=str(first.isoweekday()), weeks=1, trainers=[user])
        learner = UserFactory()
        enrol(learner, batch)
        session = batch.sessions.get()
        services.log_taught(session, user, 60)
        services.give_feedback(learner, session, 4, "ভালো")
        HoursEntry.objects.create(trainer=user, date=first, hours=2, status="approved")
        HoursEntry.objects.create(trainer=user, date=first, hours=1)
        made.append(user)
    return made


@pytest.mark.parametrize(
    "url, persona",
    [
        ("/en/trainers/", None),
        ("/en/organise/trainers/?status=approved", "organiser"),
        ("/en/organise/trainers/hours/", "organiser"),
        ("/en/organise/trainers/feedback/", "organiser"),
    ],
)
def test_list_pages_do_not_grow_with_rows(db, client, request, django_assert_num_queries, url, persona):
    if persona:
        client.force_login(request.getfixturevalue(persona))
    _trainers(2, 0)
    few = _count(client, url)

    _trainers(5, 10)

    client.get(url)  # caches that new pages cleared (Wagtail's site root paths) fill again
    with django_assert_num_queries(few):
        client.get(url)


def test_assignment_page_does_not_grow_with_trainers(client, organiser, django_assert_num_queries):
    client.force_login(organiser)
    batch = make_batch(first_date=next_weekday(6))
    _trainers(2, 0)
    few = _count(client, f"/en/organise/trainers/batch/{batch.pk}/")

    _trainers(5, 10)

    client.get(f"/en/organise/trainers/batch/{batch.pk}/")
    with django_assert_num_queries(few):
        client.get(f"/en/organise/trainers/batch/{batch.pk}/")


def test_trainer_dashboard_does_not_grow_with_classes(db, client, django_assert_num_queries):
    user = UserFactory()
    approved_profile(user, evenings=range(1, 8))
    client.force_login(user)
    make_batch(first_date=next_weekday(6), weeks=2, trainers=[user])
    few = _count(client, "/en/teach/me/")

    make_batch(first_date=next_weekday(7), weekdays="7", weeks=4, trainers=[user])

    client.get("/en/teach/me/")
    with django_assert_num_queries(few):
        client.get("/en/teach/me/")
    assert TrainerProfile.objects.count() == 1
