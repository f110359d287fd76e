"""The real ASGI server, started the way `make run` starts it, serves the home page in
both languages and accepts a websocket."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import websockets

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def server(tmp_path):
    env = {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", "/tmp"),
        "DJANGO_SETTINGS_MODULE": "lms.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "STATIC_ROOT": str(tmp_path / "static"),
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    for command in (["migrate", "--noinput", "-v0"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True)
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "lms.asgi:application", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/health/", timeout=1)
                break
            except OSError:
                if process.poll() is not None:
                    raise AssertionError(process.stdout.read().decode()) from None
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


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
