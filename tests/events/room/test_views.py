"""The room's pages: the class's questions, for its trainers to read after class."""

from __future__ import annotations

from django.test import Client
from django.utils import timezone

from events.room import services
from events.room.models import Question
from tests.events.room.conftest import running_session
from tests.helpers import en


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _asked(session, learner, other_learner, trainer) -> dict[str, Question]:
    now = timezone.now()
    popular = services.ask(session, learner, "সুতা কোথায় পাব?", now)
    services.upvote(session, other_learner, popular.pk)
    answered = services.ask(session, other_learner, "কত দিন লাগবে?", now)
    services.mark_answered(session, trainer, answered.pk, now)
    hidden = services.ask(session, learner, "বাজে কথা", now)
    services.hide(session, trainer, hidden.pk, now)
    return {"popular": popular, "answered": answered, "hidden": hidden}


def test_trainer_reads_every_question_after_class_hidden_and_answered_too(learner, other_learner, trainer):
    session = running_session(trainer, learner, other_learner)
    _asked(session, learner, other_learner, trainer)
    page = _client(trainer).get(en("room:questions", session_id=session.pk)).content.decode()
    assert page.index("সুতা কোথায় পাব?") < page.index("কত দিন লাগবে?")  # most wanted first
    assert "বাজে কথা" in page and "Hidden" in page and "Answered" in page
    assert "1 have this question" in page
    assert learner.full_name in page  # who asked


def test_organiser_reads_them_too(learner, other_learner, trainer, organiser):
    session = running_session(trainer, learner, other_learner)
    _asked(session, learner, other_learner, trainer)
    assert "বাজে কথা" in _client(organiser).get(en("room:questions", session_id=session.pk)).content.decode()


def test_learners_and_other_trainers_cannot(learner, other_learner, trainer, other_trainer):
    session = running_session(trainer, learner, other_learner)
    url = en("room:questions", session_id=session.pk)
    assert _client(learner).get(url).status_code == 403
    assert _client(other_trainer).get(url).status_code == 403


def test_learners_never_see_a_hidden_question(learner, other_learner, trainer):
    session = running_session(trainer, learner, other_learner)
    _asked(session, learner, other_learner, trainer)
    page = _client(learner).get(en("events:class", session_id=session.pk)).content.decode()
    assert "সুতা কোথায় পাব?" in page and "বাজে কথা" not in page
    assert en("room:questions", session_id=session.pk) not in page
    snapshot = services.snapshot(session, learner, services.LEARNER, timezone.now())
    assert "বাজে কথা" not in [q["text"] for q in snapshot["questions"]]


def test_the_trainers_class_page_links_to_them(learner, trainer):
    session = running_session(trainer, learner)
    page = _client(trainer).get(en("events:trainer_class", session_id=session.pk)).content.decode()
    assert en("room:questions", session_id=session.pk) in page
