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
