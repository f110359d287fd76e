"""The room's rights hold for the whole connection, not only at connect: every action is
checked again, one person holds a few sockets at most, and check-in codes cannot be guessed."""

from __future__ import annotations

import asyncio

import pytest
from asgiref.sync import sync_to_async
from django.test import Client

from courses.services import withdraw
from events import services as events
from events.models import Attendance
from events.room.models import Question
from tests.events.room.conftest import Socket
from tests.helpers import en

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

LOST = "You no longer have access to this class."
TOO_MANY = "Too many wrong codes. Ask your trainer to mark you present."


def _wrong(code: str) -> str:
    return f"{(int(code) + 1) % 10000:04d}"


async def _closed(socket: Socket) -> int:
    output = await socket.communicator.receive_output(timeout=3)
    while output["type"] != "websocket.close":
        output = await socket.communicator.receive_output(timeout=3)
    return output.get("code")


def test_five_wrong_codes_over_the_websocket_then_even_the_right_one_is_refused(session, learner, trainer):
    code = events.open_checkin(session)
    her = Socket(learner, session)

    async def scenario():
        assert await her.open()
        await her.expect("snapshot")
        answers = []
        for _ in range(events.CHECKIN_WRONG_TRIES):
            await her.send(type="check_in", code=_wrong(code))
            answers.append((await her.expect("error"))["message"])
        await her.send(type="check_in", code=code)
        answers.append((await her.expect("error"))["message"])
        await her.close()
        return answers

    answers = asyncio.run(scenario())
    assert answers[0] == "That code is not right. Check it with the trainer."
    assert answers[-1] == TOO_MANY
    assert not Attendance.objects.filter(session=session, user=learner, present=True).exists()
    assert events.wrong_checkins(session) == {learner.pk: events.CHECKIN_WRONG_TRIES}


def test_tries_over_http_and_the_websocket_share_one_count(session, learner, trainer):
    code = events.open_checkin(session)
    client = Client()
    client.force_login(learner)
    for _ in range(events.CHECKIN_WRONG_TRIES):
        client.post(en("events:check_in", session_id=session.pk), {"code": _wrong(code)})
    her = Socket(learner, session)

    async def scenario():
        assert await her.open()
        await her.expect("snapshot")
        await her.send(type="check_in", code=code)
        message = (await her.expect("error"))["message"]
        await her.close()
        return message

    assert asyncio.run(scenario()) == TOO_MANY
    assert not Attendance.objects.filter(session=session, user=learner, present=True).exists()


def test_a_learner_who_left_the_batch_cannot_ask_and_is_dropped(session, learner, trainer):
    her, teacher = Socket(learner, session), Socket(trainer, session)

    async def scenario():
        for socket in (her, teacher):
            assert await socket.open()
            await socket.expect("snapshot")
        await sync_to_async(withdraw)(learner, session.batch)
        await her.send(type="ask", text="এখনও কি আছি?")
        assert (await her.expect("error"))["message"] == LOST
        code = await _closed(her)
        assert not [m for m in await teacher.nothing_more() if m["type"] == "question"]
        await teacher.close()
        return code

    assert asyncio.run(scenario()) == 4403
    assert not Question.objects.filter(session=session).exists()


def test_a_learner_who_left_is_dropped_on_her_next_ping(session, learner):
    her = Socket(learner, session)

    async def scenario():
        assert await her.open()
        await her.expect("snapshot")
        await sync_to_async(withdraw)(learner, session.batch)
        await her.send(type="ping")
        assert (await her.expect("error"))["message"] == LOST
        return await _closed(her)

    assert asyncio.run(scenario()) == 4403


def test_a_trainer_taken_off_the_batch_does_not_get_the_new_code(session, trainer, organiser):
    removed, stays = Socket(trainer, session), Socket(organiser, session)

    async def scenario():
        for socket in (removed, stays):
            assert await socket.open()
            await socket.expect("snapshot")
        await sync_to_async(session.batch.trainers.remove)(trainer)
        await stays.send(type="checkin_open")
        code = (await stays.expect("checkin"))["code"]
        assert (await removed.expect("error"))["message"] == LOST
        assert await _closed(removed) == 4403
        assert not any(m.get("code") == code for m in removed.seen)
        await stays.close()

    asyncio.run(scenario())


def test_one_person_holds_a_few_sockets_in_a_room_and_the_next_is_refused(session, learner, settings):
    settings.ROOM_SOCKETS_PER_PERSON = 3
    tabs = [Socket(learner, session) for _ in range(5)]

    async def scenario():
        opened = [await tab.open() for tab in tabs[:4]]
        await tabs[0].close()  # a tab closed makes room for another
        opened.append(await tabs[4].open())
        for tab, ok in zip(tabs[1:], opened[1:], strict=True):
            if ok:
                await tab.close()
        return opened

    assert asyncio.run(scenario()) == [True, True, True, False, True]
