"""The class room's websocket, as its users meet it: who gets in, what they see and can do."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import time

import pytest
from channels.db import database_sync_to_async
from django.test import Client

from courses.services import enrol
from events.models import Attendance, ClassSession
from events.room import services
from events.room.models import Question
from tests.events.room.conftest import Socket, running_session
from tests.factories import make_batch
from tests.helpers import en

# serialized_rollback: the migrations' rows (roles, home pages) come back after each flush.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SCRIPT = "<script>alert(1)</script>"


def test_only_the_batchs_learners_trainers_and_organisers_get_in(
    session, learner, trainer, organiser, other_trainer, outsider
):
    enrol(outsider, make_batch(trainers=[trainer]))  # a learner of another batch
    sockets = {
        "anonymous": Socket(None, session),
        "learner": Socket(learner, session),
        "trainer": Socket(trainer, session),
        "organiser": Socket(organiser, session),
        "other_trainer": Socket(other_trainer, session),
        "outsider": Socket(outsider, session),
    }

    async def scenario():
        result = {name: await socket.open() for name, socket in sockets.items()}
        for socket in sockets.values():
            await socket.close()
        return result

    assert asyncio.run(scenario()) == {
        "anonymous": False,
        "learner": True,
        "trainer": True,
        "organiser": True,
        "other_trainer": False,
        "outsider": False,
    }


def test_a_question_reaches_everyone_and_each_person_upvotes_it_once(session, learner, other_learner, trainer):
    her, other, teacher = Socket(learner, session), Socket(other_learner, session), Socket(trainer, session)

    async def scenario():
        for socket in (her, other, teacher):
            assert await socket.open()
            await socket.expect("snapshot")
        await her.send(type="ask", text="  সুতা কোথায়   পাব? ")
        asked = await other.expect("question")
        assert asked["text"] == "সুতা কোথায় পাব?" and asked["votes"] == 0
        assert (await teacher.expect("question"))["id"] == asked["id"]

        await her.send(type="upvote", id=asked["id"])  # her own question
        assert (await her.expect("error"))["message"] == "You cannot vote for your own question."
        await other.send(type="upvote", id=asked["id"])
        assert (await teacher.expect("question"))["votes"] == 1
        await other.send(type="upvote", id=asked["id"])
        assert (await other.expect("error"))["message"] == "You have already voted for this question."
        for socket in (her, other, teacher):
            await socket.close()
        return asked["id"]

    question = Question.objects.get(pk=asyncio.run(scenario()))
    assert question.votes == 1 and question.vote_rows.count() == 1 and question.author == learner


def test_trainer_marks_answered_and_hides_learners_cannot(session, learner, trainer):
    question = services.ask(session, learner, "কত দিনের কোর্স?", session.starts_at)
    her, teacher = Socket(learner, session), Socket(trainer, session)

    async def scenario():
        for socket in (her, teacher):
            assert await socket.open()
            await socket.expect("snapshot")
        await her.send(type="hide", id=question.pk)
        assert (await her.expect("error"))["message"] == "Only the class's trainers can do that."
        await teacher.send(type="answered", id=question.pk)
        assert (await her.expect("question"))["answered"] is True
        await teacher.send(type="hide", id=question.pk)
        assert (await her.expect("question"))["hidden"] is True
        for socket in (her, teacher):
            await socket.close()

    asyncio.run(scenario())
    question.refresh_from_db()
    # Off the pages, kept for the trainer to read after class.
    assert question.answered_at and question.hidden_at


def test_late_joiner_gets_the_room_as_it_is(session, learner, other_learner, trainer):
    now = session.starts_at
    kept = services.ask(session, learner, "প্রথম প্রশ্ন", now)
    hidden = services.ask(session, learner, "বাজে কথা", now)
    services.upvote(session, other_learner, kept.pk)
    services.hide(session, trainer, hidden.pk, now)
    services.announce(session, trainer, "দশ মিনিট বিরতি", now)
    late = Socket(other_learner, session)

    async def scenario():
        assert await late.open()
        snapshot = await late.expect("snapshot")
        await late.close()
        return snapshot

    snapshot = asyncio.run(scenario())
    assert snapshot["role"] == "learner" and snapshot["state"]["status"] == "live"
    assert [(q["text"], q["votes"], q["voted"]) for q in snapshot["questions"]] == [("প্রথম প্রশ্ন", 1, True)]
    assert [a["text"] for a in snapshot["announcements"]] == ["দশ মিনিট বিরতি"]
    assert "checkin" not in snapshot  # the code is for trainers only


def test_a_script_in_a_question_is_sent_and_shown_as_plain_text(session, learner, other_learner):
    her, other = Socket(learner, session), Socket(other_learner, session)

    async def scenario():
        for socket in (her, other):
            assert await socket.open()
            await socket.expect("snapshot")
        await her.send(type="ask", text=SCRIPT)
        question = await other.expect("question")
        for socket in (her, other):
            await socket.close()
        return question

    # The payload is the text itself (room.js puts it in with textContent) …
    assert asyncio.run(scenario())["text"] == SCRIPT
    # … and the page rendered before the script runs escapes it.
    client = Client()
    client.force_login(other_learner)
    page = client.get(en("events:class", session_id=session.pk)).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and SCRIPT not in page


def test_presence_counts_people_not_tabs_and_only_trainers_see_names(session, learner, other_learner, trainer):
    tab1, tab2 = Socket(learner, session), Socket(learner, session)
    other, teacher = Socket(other_learner, session), Socket(trainer, session)

    async def scenario():
        assert await teacher.open()
        await teacher.expect("snapshot")
        for socket in (tab1, tab2, other):
            assert await socket.open()
            await socket.expect("snapshot")
        await teacher.nothing_more()
        counts = [m for m in teacher.seen if m["type"] == "presence"]
        assert counts[-1]["count"] == 3  # the trainer and two learners, one of them in two tabs
        assert sorted(counts[-1]["names"]) == sorted([learner.full_name, other_learner.full_name, trainer.full_name])
        learners_view = [m for m in await tab1.nothing_more() + tab1.seen if m["type"] == "presence"][-1]
        assert learners_view["count"] == 3 and learners_view["names"] == []

        await tab2.close()
        assert (await teacher.expect("presence"))["count"] == 3  # still in the other tab
        await tab1.close()
        assert (await teacher.expect("presence"))["count"] == 2
        await other.close()
        await teacher.close()

    asyncio.run(scenario())


def test_trainer_opens_check_in_and_a_learners_check_in_appears_on_her_roster(session, learner, trainer):
    her, teacher = Socket(learner, session), Socket(trainer, session)

    async def scenario():
        for socket in (her, teacher):
            assert await socket.open()
            await socket.expect("snapshot")
        await her.send(type="checkin_open")
        assert (await her.expect("error"))["message"] == "Only the class's trainers can do that."
        await teacher.send(type="checkin_open")
        code = (await teacher.expect("checkin"))["code"]
        assert (await her.expect("state"))["checkin_open"] is True
        await her.send(type="check_in", code="0000" if code != "0000" else "1111")
        assert (await her.expect("error"))["message"] == "That code is not right. Check it with the trainer."
        await her.send(type="check_in", code=code)
        assert (await teacher.expect("attendance"))["user_id"] == learner.pk
        await her.expect("checked_in")
        # The learners' pages never carry the code.
        assert not any(m.get("code") == code for m in her.seen + await her.nothing_more())
        await teacher.send(type="checkin_close")
        assert (await teacher.expect("checkin"))["open"] is False
        assert (await her.expect("state"))["checkin_open"] is False
        for socket in (her, teacher):
            await socket.close()

    asyncio.run(scenario())
    assert Attendance.objects.get(session=session, user=learner).source_list == ["checkin"]


def test_an_announcement_reaches_everyone_at_once(session, learner, other_learner, trainer):
    her, other, teacher = Socket(learner, session), Socket(other_learner, session), Socket(trainer, session)

    async def scenario():
        for socket in (her, other, teacher):
            assert await socket.open()
            await socket.expect("snapshot")
        await her.send(type="announce", text="আমি শিক্ষক")
        assert (await her.expect("error"))["message"] == "Only the class's trainers can do that."
        await teacher.send(type="announce", text="পরের ক্লাস বৃহস্পতিবার")
        texts = [(await socket.expect("announcement"))["text"] for socket in (her, other, teacher)]
        for socket in (her, other, teacher):
            await socket.close()
        return texts

    assert asyncio.run(scenario()) == ["পরের ক্লাস বৃহস্পতিবার"] * 3


def test_questions_are_limited_in_length_and_to_three_a_minute(session, learner):
    her = Socket(learner, session)

    async def scenario():
        assert await her.open()
        await her.expect("snapshot")
        await her.send(type="ask", text="ক" * 301)
        assert (await her.expect("error"))["message"] == "Please keep your question under 300 letters."
        for n in range(3):
            await her.send(type="ask", text=f"প্রশ্ন {n}")
            await her.expect("question")
        await her.send(type="ask", text="চতুর্থ প্রশ্ন")
        error = await her.expect("error")
        await her.close()
        return error["message"]

    assert asyncio.run(scenario()).startswith("You have asked several questions just now.")
    assert Question.objects.filter(session=session).count() == 3


def test_trainers_i_have_started_button_tells_the_room(trainer, other_trainer, learner):
    session = running_session(trainer, learner)
    her = Socket(learner, session)
    teacher, stranger = Client(), Client()
    teacher.force_login(trainer)
    stranger.force_login(other_trainer)
    url = en("room:started", session_id=session.pk)

    async def scenario():
        assert await her.open()
        assert (await her.expect("snapshot"))["state"]["live_started_at"] is None
        assert (await database_sync_to_async(stranger.post)(url)).status_code == 403
        response = await database_sync_to_async(teacher.post)(url)
        assert response.status_code == 302
        state = await her.expect("state")
        await her.close()
        return state

    state = asyncio.run(scenario())
    session.refresh_from_db()
    assert state["status"] == "live" and state["live_started_at"] == session.live_started_at.isoformat()


def test_zooms_meeting_started_reaches_the_open_class_page_at_once(trainer, learner, settings):
    settings.ZOOM_WEBHOOK_SECRET_TOKEN = "room-secret"
    session = running_session(trainer, learner)
    ClassSession.objects.filter(pk=session.pk).update(zoom_meeting_id=424242)
    body = json.dumps({"event": "meeting.started", "event_ts": 1, "payload": {"object": {"id": "424242"}}}).encode()
    stamp = str(int(time.time()))
    signature = "v0=" + hmac.new(b"room-secret", f"v0:{stamp}:".encode() + body, hashlib.sha256).hexdigest()
    headers = {"x-zm-signature": signature, "x-zm-request-timestamp": stamp}
    her = Socket(learner, session)

    async def scenario():
        assert await her.open()
        assert (await her.expect("snapshot"))["state"]["live_started_at"] is None
        post = database_sync_to_async(Client().post)
        response = await post("/zoom/webhook/", data=body, content_type="application/json", headers=headers)
        assert response.status_code == 200
        state = await her.expect("state")
        await her.close()
        return state

    assert asyncio.run(scenario())["status"] == "live"
