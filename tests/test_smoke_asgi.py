"""The real ASGI server, started the way `make run` starts it, serves the home page in
both languages and accepts a websocket."""

from __future__ import annotations

import asyncio
import json
import urllib.request
from pathlib import Path

import pytest
import websockets

from tests.servers import environment, migrate, uvicorn

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def server(tmp_path):
    env = environment(tmp_path)
    migrate(env)
    with uvicorn(env) as base:
        yield base


def test_real_asgi_server_serves_home_in_bangla_and_english_and_websockets(server):
    bn = urllib.request.urlopen(server + "/", timeout=5).read().decode()
    en = urllib.request.urlopen(server + "/en/", timeout=5).read().decode()
    assert '<html lang="bn">' in bn and "বিনা মূল্যে উদ্যোক্তা প্রশিক্ষণ" in bn
    assert '<html lang="en">' in en and "Free training for entrepreneurs" in en
    css = urllib.request.urlopen(urllib.request.Request(server + "/static/css/site.css"), timeout=5)
    assert css.status == 200

    async def ping() -> dict:
        url = server.replace("http://", "ws://") + "/ws/ping/"
        async with websockets.connect(url, origin=server) as socket_:
            await socket_.send(json.dumps({"type": "ping"}))
            return json.loads(await asyncio.wait_for(socket_.recv(), 5))

    assert asyncio.run(ping()) == {"type": "pong"}


def test_signed_in_pages_under_the_asgi_server_many_at_once(tmp_path):
    """Signed-in requests, several at once, through every middleware under uvicorn (a
    contextvar holding the lazy user once made them fail there, never under the test client)."""
    from concurrent.futures import ThreadPoolExecutor

    from tests.events.room.servers import seed

    env = environment(tmp_path)
    migrate(env)
    room = seed(env, link="https://example.com/live")
    cookie = "sessionid=" + room["cookies"]["learner"]
    with uvicorn(env) as base:

        def get(path: str) -> int:
            request = urllib.request.Request(base + path, headers={"Cookie": cookie})
            try:
                with urllib.request.urlopen(request, timeout=20) as response:
                    return response.status
            except urllib.error.HTTPError as error:
                return error.code

        paths = ["/learn/", "/me/", "/me/notifications/", f"/class/{room['session']}/", "/"] * 6
        with ThreadPoolExecutor(8) as pool:
            statuses = list(pool.map(get, paths))
    assert statuses == [200] * len(paths)
