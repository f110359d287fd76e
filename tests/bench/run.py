"""`make bench`: start the production shape, load each scenario with wrk, report and save.

Rounds are interleaved (round 1: every server x every scenario, then round 2 ...) so a slow
drift of the machine (thermal, a noisy neighbour) spreads over all rows instead of landing on
whichever scenario happened to run last. Both servers stay up for the whole run; an idle one
costs next to nothing, and only one is ever under load.

Environment: BENCH_SECONDS (10), BENCH_CONNECTIONS (64), BENCH_THREADS (2), BENCH_ROUNDS (3),
BENCH_WARMUP (2 s per server and scenario, not reported), BENCH_TIMEOUT (5 s per request),
BENCH_SERVERS / BENCH_SCENARIOS (comma-separated names, to run a subset).
"""

from __future__ import annotations

import os
import platform
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from contextlib import ExitStack
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any, NoReturn, TypeVar

from tests.bench import servers
from tests.bench.load import WrkResult, run_wrk, wrk_version
from tests.bench.report import (
    Sample,
    format_table,
    sample_record,
    summarise,
    write_report,
)
from tests.bench.scenarios import DEFAULT_HEADERS, SCENARIOS, Scenario

OUTPUT_DIR = servers.BASE_DIR / "var" / "bench"


@dataclass(frozen=True)
class Config:
    seconds: float
    connections: int
    threads: int
    rounds: int
    warmup: float
    timeout: float

    @classmethod
    def from_env(cls) -> Config:
        env = os.environ.get
        return cls(
            seconds=float(env("BENCH_SECONDS") or 10),
            connections=int(env("BENCH_CONNECTIONS") or 64),
            threads=int(env("BENCH_THREADS") or 2),
            rounds=int(env("BENCH_ROUNDS") or 3),
            warmup=float(env("BENCH_WARMUP") or 2),
            timeout=float(env("BENCH_TIMEOUT") or 5),
        )


Named = TypeVar("Named", Scenario, servers.ServerSpec)


def pick(items: Sequence[Named], variable: str) -> list[Named]:
    """The items named in the comma-separated environment variable, or all of them."""
    wanted = {
        name.strip() for name in os.environ.get(variable, "").split(",") if name.strip()
    }
    unknown = wanted - {item.name for item in items}
    if unknown:
        raise SystemExit(f"{variable}: unknown {', '.join(sorted(unknown))}")
    return [item for item in items if not wanted or item.name in wanted]


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def prepare(env: dict[str, str], notes: list[str]) -> bool:
    """Database, migrations, static files and demo data; True if the data was seeded."""
    log("preparing PostgreSQL database and Redis DB")
    servers.prepare_services()
    log("migrate, collectstatic")
    servers.manage(env, "migrate", "--noinput", "-v0")
    servers.manage(env, "collectstatic", "--noinput", "-v0")
    if not servers.has_command(env, "seed_demo"):
        notes.append(
            "seed_demo does not exist yet: data is only what migrations create"
        )
        log(notes[-1])
        return False
    log("seed_demo")
    servers.manage(env, "seed_demo")
    return True


def request_headers(scenario: Scenario, env: dict[str, str]) -> dict[str, str]:
    headers = {**DEFAULT_HEADERS, **scenario.headers}
    if scenario.user:
        headers["Cookie"] = servers.session_cookie(env, scenario.user)
    return headers


def measure(
    config: Config,
    running: Sequence[servers.Server],
    scenarios: Sequence[Scenario],
    headers: dict[str, dict[str, str]],
) -> list[Sample]:
    def load(server: servers.Server, scenario: Scenario, seconds: float) -> WrkResult:
        return run_wrk(
            server.base_url + scenario.path,
            seconds=seconds,
            connections=config.connections,
            threads=config.threads,
            timeout_s=config.timeout,
            headers=headers[scenario.name],
            lua=scenario.lua,
        )

    for server in running:
        for scenario in scenarios:
            status = servers.get_status(
                server.port, scenario.path, headers[scenario.name]
            )
            if status != scenario.expect_status:
                raise RuntimeError(
                    f"{server.spec.name} {scenario.path}: {status}, "
                    f"expected {scenario.expect_status}\n{server.log_tail()}"
                )
            if config.warmup > 0:
                load(server, scenario, config.warmup)
    samples = []
    for round_number in range(1, config.rounds + 1):
        for server in running:
            for scenario in scenarios:
                result = load(server, scenario, config.seconds)
                log(
                    f"round {round_number} {server.spec.name} {scenario.name}: "
                    f"{result.rps:.0f} req/s, p99 {result.p99_ms:.1f} ms, "
                    f"{result.error_total} errors"
                )
                samples.append(
                    Sample(server.spec.name, scenario.name, round_number, result)
                )
    return samples


def machine_facts(
    running: Sequence[servers.Server], load_at_start: tuple[float, float, float]
) -> dict[str, Any]:
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        cwd=servers.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return {
        "nproc": os.cpu_count(),
        "usable_cpus": len(os.sched_getaffinity(0)),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "wrk": wrk_version(),
        "commit": commit or None,
        # Other work on this machine (a test run, a build) skews every number; these show it.
        "loadavg_at_start": load_at_start,
        "loadavg_at_end": os.getloadavg(),
        "servers": {server.spec.name: " ".join(server.command) for server in running},
    }


def _terminate(signum: int, frame: object) -> NoReturn:
    # SIGTERM (a CI timeout, `kill`) must unwind through the finally blocks like Ctrl-C does.
    raise SystemExit(128 + signum)


def main() -> int:
    signal.signal(signal.SIGTERM, _terminate)
    config = Config.from_env()
    scenarios = pick(SCENARIOS, "BENCH_SCENARIOS")
    specs = pick(servers.SERVERS, "BENCH_SERVERS")
    env = servers.bench_env()
    notes: list[str] = []
    started = datetime.now(UTC)
    load_at_start = os.getloadavg()
    if load_at_start[0] >= 1:
        notes.append(
            f"machine busy at start (load {load_at_start[0]:.1f}): noisy numbers"
        )
        log(notes[-1])
    seeded = prepare(env, notes)
    headers = {scenario.name: request_headers(scenario, env) for scenario in scenarios}
    with ExitStack() as stack:
        running = []
        for spec in specs:
            log(f"starting {spec.name}")
            server = servers.start(spec, env, OUTPUT_DIR / "logs")
            stack.callback(servers.stop, server)
            running.append(server)
        samples = measure(config, running, scenarios, headers)
        facts = machine_facts(running, load_at_start)
        log("stopping servers")
    rows = summarise(samples, scenarios)
    table = format_table(rows)
    print(table)
    report = {
        "started_at": started.isoformat(timespec="seconds"),
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "config": asdict(config),
        "machine": facts,
        "seeded": seeded,
        "notes": notes,
        "headers": {name: sorted(value) for name, value in headers.items()},
        "table": table,
        "rows": [asdict(row) for row in rows],
        "samples": [sample_record(sample) for sample in samples],
    }
    stamped = write_report(OUTPUT_DIR, report, started)
    log(f"wrote {OUTPUT_DIR / 'latest.json'} and {stamped.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
