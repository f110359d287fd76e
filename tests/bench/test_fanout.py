"""The fan-out measure works: twenty learners in a real server's class room, and the floor."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.bench.fanout import PREPARED_MARKER, measure_fanout, measure_floor
from tests.servers import ROOT, environment, migrate, uvicorn

CLIENTS = 20


def _prepare(env: dict[str, str], learners: int) -> dict:
    out = subprocess.run(
        [sys.executable, "-m", "tests.bench.fanout", "prepare", str(learners)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    line = next(line for line in out.splitlines() if line.startswith(PREPARED_MARKER))
    return json.loads(line.removeprefix(PREPARED_MARKER))


def test_an_announcement_reaches_every_learner_in_the_room_and_the_floor_every_client(tmp_path):
    env = environment(tmp_path)
    migrate(env)
    room = _prepare(env, CLIENTS)
    with uvicorn(env) as base:
        fanout = measure_fanout(
            base,
            room["cookies"],
            clients=CLIENTS,
            rounds=2,
            session_id=room["session_id"],
            trainer_cookie=room["trainer_cookie"],
            processes=2,
        )
        floor = measure_floor(base, clients=CLIENTS, rounds=2, processes=1)

    for figures in (fanout, floor):
        assert figures["connected"] == CLIENTS and figures["errors"] == 0, figures
        assert figures["delivered"] == figures["expected"] == CLIENTS * 2 and figures["lost"] == 0, figures
        assert 0 < figures["p50_ms"] <= figures["p99_ms"] < 5000, figures
        assert figures["connect_seconds"] > 0
