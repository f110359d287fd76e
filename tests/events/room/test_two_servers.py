"""Two server processes share one room through Redis: a question asked on one server reaches a
learner connected to the other, and the other counts the people connected to both."""

from __future__ import annotations

import asyncio
import json

import pytest
import redis
import websockets

from tests.events.room.servers import environment, migrate, redis_reachable, seed, uvicorn

# A Redis database of its own, emptied before and after: nothing else uses number 9.
REDIS_URL = "redis://127.0.0.1:6379/9"

pytestmark = [
    pytest.mark.services,
    pytest.mark.skipif(not redis_reachable(), reason="needs Redis at 127.0.0.1:6379 (CI runs it)"),
]


@pytest.fixture
def redis_db():
    client = redis.Redis.from_url(REDIS_URL)
    client.flushdb()
    yield
    client.flushdb()


async def _open(base: str, session_id: int, cookie: str):
    url = base.replace("http://", "ws://") + f"/ws/class/{session_id}/?lang=en"
    return await websockets.connect(url, origin=base, additional_headers={"Cookie": f"sessionid={cookie}"})


async def _expect(socket, kind: str) -> dict:
    async with asyncio.timeout(10):
        while True:
            message = json.loads(await socket.recv())
            if message["type"] == kind:
                return message


def test_a_question_asked_on_one_server_reaches_a_learner_on_the_other(tmp_path, redis_db):
    env = environment(tmp_path)
    migrate(env)
    room = seed(env)
    cookies = room["cookies"]
    env["REDIS_URL"] = REDIS_URL

    with uvicorn(env) as first, uvicorn(env) as second:

        async def scenario():
            her = await _open(first, room["session"], cookies["learner"])
            await _expect(her, "snapshot")
            other = await _open(second, room["session"], cookies["other_learner"])
            snapshot = await _expect(other, "snapshot")
            # Presence is in the database: the second server counts her, connected to the first.
            assert snapshot["presence"]["count"] == 2
            await her.send(json.dumps({"type": "ask", "text": "দুই সার্ভারে একই প্রশ্ন?"}))
            question = await _expect(other, "question")
            await her.close()
            await other.close()
            return question

        question = asyncio.run(scenario())

    assert question["text"] == "দুই সার্ভারে একই প্রশ্ন?"


def test_a_learner_leaving_one_server_is_counted_out_on_the_other(tmp_path, redis_db):
    """She closes her page at once, while the server is still telling her who is there.

    uvicorn raises from a send to a closed connection; that used to end her consumer before
    it could say she had left, so the other server's pages kept counting her (lms.consumers).
    Several rounds: each one is a fresh chance for that race."""
    env = environment(tmp_path)
    migrate(env)
    room = seed(env)
    cookies = room["cookies"]
    env["REDIS_URL"] = REDIS_URL

    with uvicorn(env) as first, uvicorn(env) as second:

        async def scenario() -> list[int]:
            teacher = await _open(second, room["session"], cookies["trainer"])
            await _expect(teacher, "snapshot")
            counts = []
            for _round in range(5):
                her = await _open(first, room["session"], cookies["learner"])
                await _count(teacher, 2)
                await her.close()  # without reading a word of what the server sends her
                counts.append(await _count(teacher, 1))
            await teacher.close()
            return counts

        assert asyncio.run(scenario()) == [1] * 5


async def _count(socket, count: int) -> int:
    """Wait until the page shows this many in the room (a stale count times out)."""
    while (await _expect(socket, "presence"))["count"] != count:
        pass
    return count
