"""No user-written text is ever rendered as HTML.

Every free-text field a person fills in — her name, a question in class, a trainer's bio, a
forum announcement, a workshop comment, a portfolio line, a rating comment, a batch name — is
set to markup that would run if it were rendered, and every page that shows it is loaded: the
markup must come out as text.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from certificates.models import Kind
from certificates.services import issue_certificate
from courses.services import enrol
from events.room import services as room
from events.trainers.models import Feedback
from lms.forums.services import post_announcement
from lms.people.roles import ORGANISER, grant_role
from tests.events.trainers.conftest import approved_profile
from tests.factories import UserFactory, make_batch, make_course
from tests.helpers import en
from tests.lms.forums.conftest import member_of, womens_forum

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(2)>'
HOSTILE = f"রাবেয়া {SCRIPT}{IMG}"
RAW = (SCRIPT, "<img src=x")


@pytest.fixture
def hostile(db):
    organiser = UserFactory(full_name=HOSTILE)
    grant_role(organiser, ORGANISER)
    learner = UserFactory(full_name=HOSTILE, name_en=HOSTILE)
    trainer = UserFactory(full_name=HOSTILE)
    profile = approved_profile(trainer, is_public=True, bio=HOSTILE, sample_links="")
    type(profile).objects.filter(pk=profile.pk).update(experience=HOSTILE)
    first = timezone.localdate() - dt.timedelta(days=7)
    batch = make_batch(
        make_course(),
        name=HOSTILE,
        trainers=[trainer],
        first_date=first,
        weekdays=str(first.isoweekday()),
        weeks=2,
        venue=HOSTILE,
    )
    enrol(learner, batch)
    session = batch.sessions.order_by("starts_at").first()
    room.ask(session, learner, HOSTILE, session.starts_at + dt.timedelta(minutes=5))
    Feedback.objects.create(session=session, learner=learner, rating=2, comment=HOSTILE)
    forum = womens_forum()
    member_of(learner, forum, admin=True, organiser=organiser)
    post_announcement(forum, by=organiser, title=HOSTILE, body=HOSTILE)
    certificate, _ = issue_certificate(
        recipient=learner, kind=Kind.COURSE, source_key="hostile", values={"course": HOSTILE}, title=HOSTILE
    )
    return {
        "organiser": organiser,
        "learner": learner,
        "trainer": trainer,
        "profile": profile,
        "batch": batch,
        "session": session,
        "forum": forum,
        "certificate": certificate,
    }


def _pages(h) -> list[tuple[str, str]]:
    """(who, url) for every page that shows the text above."""
    batch, session = h["batch"], h["session"]
    return [
        ("learner", en("people:profile")),
        ("learner", en("courses:dashboard")),
        ("learner", en("events:class", session_id=session.pk)),
        ("learner", en("notifications:inbox")),
        ("learner", en("forums:detail", slug=h["forum"].slug)),
        ("learner", en("forums:directory", slug=h["forum"].slug)),
        ("learner", en("certificates:mine")),
        ("trainer", en("courses:roster", batch_id=batch.pk)),
        ("trainer", en("events:trainer_class", session_id=session.pk)),
        ("trainer", en("room:questions", session_id=session.pk)),
        ("trainer", en("trainers:dashboard")),
        ("organiser", en("trainers:queue")),
        ("organiser", en("audit:log")),
        ("organiser", en("forums:manage", slug=h["forum"].slug)),
        ("anonymous", en("trainers:profile", profile_id=h["profile"].pk)),
        ("anonymous", en("certificates:verify", code=h["certificate"].code)),
        ("anonymous", batch.course.url),
    ]


def test_hostile_text_comes_out_as_text_on_every_page_that_shows_it(hostile):
    shown = 0
    for who, url in _pages(hostile):
        client = Client()
        if who != "anonymous":
            client.force_login(hostile[who])
        response = client.get(url, follow=True)
        assert response.status_code == 200, (who, url, response.status_code)
        html = response.content.decode()
        for raw in RAW:
            assert raw not in html, f"{url} ({who}) renders {raw!r} as HTML"
        shown += "&lt;script&gt;" in html
    # The text really is on (nearly) every page, escaped: the test looked at the right pages.
    assert shown >= len(_pages(hostile)) - 3
