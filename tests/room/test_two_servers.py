"""Two server processes share one room through Redis: a question asked on one server reaches a
learner connected to the other, and the other counts the people connected to both."""

from __future__ import annotations

import asyncio
import json

import pytest
import redis
import websockets

from tests.room.servers import environment, migrate, redis_reachable, seed, uvicorn

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
