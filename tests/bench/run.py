"""`make bench`: start the production shape, load each scenario with wrk, report and save.

One server at a time: under ASGI with persistent connections the workers leak PostgreSQL
connections, and a server left running would starve the next one of connections (and CPU).
Within a server, rounds are interleaved (round 1: every scenario, round 2: every scenario ...)
so a slow drift of the machine spreads over all scenarios instead of landing on the last one,
and each scenario is compared with its floor measured beside it.

Environment: BENCH_SECONDS (10), BENCH_CONNECTIONS (64), BENCH_THREADS (2), BENCH_ROUNDS (3),
BENCH_WARMUP (2 s per server and scenario, not reported), BENCH_TIMEOUT (5 s per request),
BENCH_SERVERS / BENCH_SCENARIOS (comma-separated names, to run a subset or an extra server);
BENCH_LEARNERS (100,000), BENCH_BATCHES (2,000), BENCH_ENROLMENTS (500,000): the dataset's size
(tests/bench/dataset/; built once, then reused while its size and generator are the same).
The join surge (tests/bench/surge.py; BENCH_SCENARIOS name "join-surge"): BENCH_SURGE_LEARNERS
(2,000), BENCH_SURGE_CONNECTIONS (256), BENCH_SURGE_PACED_SECONDS (60; 0 leaves the paced run out).
Room fan-out (tests/bench/fanout.py; name "room-fanout"): BENCH_FANOUT_CLIENTS (1,000),
BENCH_FANOUT_ROUNDS (3), on the ASGI server once per channel layer (Redis lists, Redis pub/sub).
Certificates (tests/bench/pdfs.py; name "certificates"): BENCH_PDF_SECONDS (10), BENCH_PDF_COUNT
(1,000 in the bulk run), BENCH_PDF_BULK (1; 0 leaves the bulk run out).
"""

from __future__ import annotations

import json
import os
import platform
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any, NoReturn

from tests.bench import dataset, fanout, servers, surge
from tests.bench.load import WrkResult, run_wrk, wrk_version
from tests.bench.report import (
    Row,
    Sample,
    format_table,
    sample_record,
    summarise,
    write_report,
)
from tests.bench.scenarios import (
    DEFAULT_HEADERS,
    SCENARIOS,
    TARGET_P99_FACTOR,
    TARGET_RPS_SHARE,
    Scenario,
    resolve,
)
from tests.fakes.zoom_server import FakeZoom

OUTPUT_DIR = servers.BASE_DIR / "var" / "bench"
SURGE = "join-surge"
CERTIFICATES = "certificates"
FANOUT = "room-fanout"
# The targets for the room: every client gets the announcement, p99 <= 1 s and at most
# 5x the bare broadcast's p99 on the same server and layer.
FANOUT_P99_MS = 1000
FANOUT_FLOOR_FACTOR = 5
LAYERS = ("redis", "pubsub")
# The targets for the surge: a burst within 10 s with p99 < 1 s, a paced minute with
# p99 < 300 ms; no errors, no call to Zoom.
SURGE_BURST_SECONDS = 10
SURGE_BURST_P99_MS = 1000
SURGE_PACED_P99_MS = 300


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


def wanted(variable: str, known: Sequence[str]) -> set[str] | None:
    """The names in a comma-separated variable, or None when it is unset."""
    names = {name.strip() for name in os.environ.get(variable, "").split(",")} - {""}
    if unknown := names - set(known):
        raise SystemExit(f"{variable}: unknown {', '.join(sorted(unknown))}")
    return names or None


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def prepare(env: dict[str, str], notes: list[str]) -> dict[str, Any]:
    """Database, migrations, static files, then demo data and the bench dataset.

    seed_demo runs inside the dataset step, and only when the dataset is (re)built: run on
    every benchmark after the dataset exists, it walked all 500 bench batches, recorded their
    attendance one row at a time and completed enrolments (tests/bench/dataset.py)."""
    log("preparing PostgreSQL database and Redis DB")
    servers.prepare_services()
    log("migrate, collectstatic")
    servers.manage(env, "migrate", "--noinput", "-v0")
    servers.manage(env, "collectstatic", "--noinput", "-v0")
    if not servers.has_command(env, "seed_demo"):
        notes.append("seed_demo does not exist yet: no demo data besides the bench dataset")
        log(notes[-1])
    sizes = dataset.Sizes.from_env(env)
    log(f"dataset: {sizes.learners} learners, {sizes.batches} batches, {sizes.enrolments} enrolments")
    summary = dataset.ensure_in_subprocess(env, servers.BASE_DIR)
    if summary["built"]:
        log(f"seed_demo {summary['seed_demo_seconds']} s, dataset built: {summary['seconds']:.1f} s in all")
        log(f"dataset: {summary['counts']}")
    else:
        log(f"dataset and demo data already there ({summary['fingerprint']}): seed_demo not run")
    return summary


def request_headers(scenario: Scenario, env: dict[str, str]) -> dict[str, str]:
    headers = {**DEFAULT_HEADERS, **scenario.headers}
    if scenario.user:
        headers["Cookie"] = servers.session_cookie(env, scenario.user)
    return headers


def check(
    server: servers.Server,
    scenarios: Sequence[Scenario],
    headers: dict[str, dict[str, str]],
    notes: list[str],
) -> list[Scenario]:
    """The scenarios to load: each must answer its expected status, except that an optional
    one answering 404 is left out with a note."""
    name = server.spec.name
    runnable = []
    for scenario in scenarios:
        status = servers.get_status(server.port, scenario.path, headers[scenario.name])
        if status == scenario.expect_status:
            runnable.append(scenario)
        elif scenario.optional and status == 404:
            note = f"{scenario.name}: {scenario.path} answers 404 on {name}: skipped, no ratios against it"
            notes.append(note)
            log(note)
        else:
            raise RuntimeError(
                f"{name} {scenario.path}: {status}, expected {scenario.expect_status}\n{server.log_tail()}"
            )
    return runnable


def measure(
    config: Config,
    server: servers.Server,
    scenarios: Sequence[Scenario],
    headers: dict[str, dict[str, str]],
    notes: list[str],
) -> list[Sample]:
    """Check every scenario answers as expected, warm up, then run the rounds."""

    def load(scenario: Scenario, seconds: float) -> WrkResult:
        return run_wrk(
            server.base_url + scenario.path,
            seconds=seconds,
            connections=config.connections,
            threads=config.threads,
            timeout_s=config.timeout,
            headers=headers[scenario.name],
            lua=scenario.lua,
        )

    name = server.spec.name
    scenarios = check(server, scenarios, headers, notes)
    for scenario in scenarios:
        if config.warmup > 0:
            load(scenario, config.warmup)
    samples = []
    for round_number in range(1, config.rounds + 1):
        for scenario in scenarios:
            result = load(scenario, config.seconds)
            log(
                f"round {round_number} {name} {scenario.name}: {result.rps:.0f} req/s, "
                f"p99 {result.p99_ms:.1f} ms, {result.error_total} errors"
            )
            samples.append(Sample(name, scenario.name, round_number, result))
    return samples


def measure_surge(server: servers.Server, env: dict[str, str], zoom: Any) -> list[dict[str, Any]]:
    """The join surge on one server: a burst at BENCH_SURGE_CONNECTIONS, then a paced run.

    Each run gets fresh logins and no earlier clicks, so every press is a distinct learner's
    first; afterwards the database must hold exactly one click per learner."""
    learners = int(os.environ.get("BENCH_SURGE_LEARNERS") or surge.SURGE_LEARNERS)
    connections = int(os.environ.get("BENCH_SURGE_CONNECTIONS") or 256)
    paced = float(os.environ.get("BENCH_SURGE_PACED_SECONDS") or 60)
    shapes = [("burst", None, SURGE_BURST_P99_MS)] + ([("paced", paced, SURGE_PACED_P99_MS)] if paced > 0 else [])
    rows = []
    for shape, seconds, p99_target in shapes:
        plan = surge.prepare_in_subprocess(env, servers.BASE_DIR, learners)
        zoom_calls_before = len(zoom.requests)
        result = surge.run_surge(
            server.base_url, plan["path"], plan["target"], plan["cookies"], connections=connections, seconds=seconds
        )
        zoom_calls = len(zoom.requests) - zoom_calls_before
        recorded = surge.clicks_in_subprocess(env, servers.BASE_DIR, plan["session_id"])
        misses = []
        if result.error_total:
            misses.append("errors")
        if result.p99_ms >= p99_target:
            misses.append("p99")
        if shape == "burst" and result.seconds > SURGE_BURST_SECONDS:
            misses.append("time")
        if zoom_calls:
            misses.append("called Zoom")
        if recorded != {"clicks": learners, "learners": learners}:
            misses.append("clicks recorded")
        row = {
            "server": server.spec.name,
            "shape": shape,
            "connections": connections,
            **result.as_dict(),
            "p99_target_ms": p99_target,
            "zoom_calls": zoom_calls,
            "recorded": recorded,
            "target": "ok" if not misses else "miss " + ", ".join(misses),
        }
        log(
            f"{SURGE} {server.spec.name} {shape}: {learners} presses in {result.seconds:.1f} s, "
            f"p50 {result.p50_ms:.0f} ms, p99 {result.p99_ms:.0f} ms, {result.error_total} errors, "
            f"{zoom_calls} Zoom calls, {recorded['clicks']} clicks: {row['target']}"
        )
        rows.append(row)
    return rows


def measure_certificates(env: dict[str, str]) -> dict[str, Any]:
    """Certificate rendering against its ReportLab floor, one certificate's size and the bulk
    run with two Celery workers (tests/bench/pdfs.py), in a child with the bench settings."""
    from tests.bench.pdfs import RESULT_MARKER

    done = subprocess.run(
        [sys.executable, "-m", "tests.bench.pdfs"],
        cwd=servers.BASE_DIR,
        env={**env, "BENCH_PDF_PREPARED": "1"},
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"certificate bench failed:\n{done.stdout[-3000:]}{done.stderr[-3000:]}")
    line = next(line for line in done.stdout.splitlines() if line.startswith(RESULT_MARKER + " "))
    return json.loads(line.split(" ", 1)[1])


def prepare_fanout_room(env: dict[str, str], learners: int) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-m", "tests.bench.fanout", "prepare", str(learners)],
        cwd=servers.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"preparing the fan-out room failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    line = next(line for line in done.stdout.splitlines() if line.startswith(fanout.PREPARED_MARKER))
    return json.loads(line.removeprefix(fanout.PREPARED_MARKER))


def measure_fanouts(env: dict[str, str], notes: list[str]) -> list[dict[str, Any]]:
    """1,000 learners in one class room, the trainer announces: for each channel layer, on the
    ASGI server with 2 workers, against a bare broadcast on the same server and layer."""
    clients = int(os.environ.get("BENCH_FANOUT_CLIENTS") or 1000)
    rounds = int(os.environ.get("BENCH_FANOUT_ROUNDS") or 3)
    room = prepare_fanout_room(env, clients)
    spec = next(s for s in servers.SERVERS if s.name == "uvicorn-asgi")
    rows = []
    for layer in LAYERS:
        server = servers.start(
            servers.ServerSpec(f"uvicorn-{layer}", spec.argv, {**spec.env, "CHANNEL_LAYER_BACKEND": layer}),
            env,
            OUTPUT_DIR / "logs",
        )
        try:
            floor = fanout.measure_floor(server.base_url, clients=clients, rounds=rounds)
            measured = fanout.measure_fanout(
                server.base_url,
                room["cookies"],
                clients=clients,
                rounds=rounds,
                session_id=room["session_id"],
                trainer_cookie=room["trainer_cookie"],
            )
        finally:
            servers.stop(server)
        for kind, figures in (("floor", floor), ("room", measured)):
            row = {"layer": layer, "kind": kind, **figures}
            if kind == "room":
                factor = figures["p99_ms"] / floor["p99_ms"] if floor["p99_ms"] else None
                misses = []
                if figures["delivered"] < figures["expected"] or figures["connected"] < clients:
                    misses.append("not all delivered")
                if figures["p99_ms"] > FANOUT_P99_MS:
                    misses.append("p99")
                if factor is None or factor > FANOUT_FLOOR_FACTOR:
                    misses.append("x floor")
                row["p99_vs_floor"] = round(factor, 2) if factor else None
                row["target"] = "ok" if not misses else "miss " + ", ".join(misses)
                if misses:
                    notes.append(f"{FANOUT} {layer}: {row['target']}")
            log(
                f"{FANOUT} {layer} {kind}: {figures['delivered']}/{figures['expected']} delivered, "
                f"p50 {figures['p50_ms']:.0f} ms, p99 {figures['p99_ms']:.0f} ms, "
                f"all connected in {figures['connect_seconds']:.1f} s"
            )
            rows.append(row)
    return rows


def format_fanout_table(rows: Sequence[dict[str, Any]]) -> str:
    header = ("layer", "kind", "clients", "delivered", "p50 ms", "p99 ms", "x floor p99", "connect s", "target")
    lines = [
        (
            r["layer"],
            r["kind"],
            str(r["connected"]),
            f"{r['delivered']}/{r['expected']}",
            f"{r['p50_ms']:.0f}",
            f"{r['p99_ms']:.0f}",
            f"{r['p99_vs_floor']:.1f}" if r.get("p99_vs_floor") else "-",
            f"{r['connect_seconds']:.1f}",
            r.get("target", ""),
        )
        for r in rows
    ]
    widths = [max(len(cell) for cell in column) for column in zip(header, *lines, strict=True)]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)) for line in [header, *lines]
    )


def format_certificate_lines(result: dict[str, Any]) -> str:
    r = result["rendering"]
    lines = [
        f"rendering, one process: {r['project_per_s']:.0f}/s (range {r['project_range'][0]:.0f}-"
        f"{r['project_range'][1]:.0f}), floor {r['floor_per_s']:.1f}/s, {r['ratio']:.1f}x floor "
        f"(target >= {r['target_per_core']}/s and >= {r['target_floor_share']}x): "
        + ("ok" if r["meets_target"] else "miss"),
        f"one certificate: {r['pdf_kb']} KB, {r['pdf_kb_without_background']} KB without its background "
        f"(target <= {r['target_kb']} KB): " + ("ok" if r["size_ok"] else "miss"),
    ]
    if b := result.get("bulk"):
        lines.append(
            f"bulk {b['count']} with {b['workers']} workers: {b['wall_s']:.1f} s, {b['per_core_per_s']:.1f}/s "
            f"per core, {b['floor_ratio_per_core']:.1f}x floor per core (target <= {b['target_wall_s']} s): "
            + ("ok" if b["meets_wall_target"] and b["meets_target"] else "miss")
        )
    return "\n".join(lines)


def format_surge_table(rows: Sequence[dict[str, Any]]) -> str:
    header = ("server", "shape", "presses", "seconds", "req/s", "p50 ms", "p99 ms", "errors", "zoom", "target")
    lines = [
        (
            r["server"],
            r["shape"],
            str(r["presses"]),
            f"{r['seconds']:.1f}",
            f"{r['rps']:.0f}",
            f"{r['p50_ms']:.0f}",
            f"{r['p99_ms']:.0f} (< {r['p99_target_ms']})",
            str(r["error_total"]),
            str(r["zoom_calls"]),
            r["target"],
        )
        for r in rows
    ]
    widths = [max(len(cell) for cell in column) for column in zip(header, *lines, strict=True)]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)) for line in [header, *lines]
    )


def machine_facts() -> dict[str, Any]:
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        cwd=servers.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    # Uncommitted changes mean the numbers belong to no commit: say so (read-only git).
    status = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no"],
        cwd=servers.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    return {
        "nproc": os.cpu_count(),
        "usable_cpus": len(os.sched_getaffinity(0)),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "wrk": wrk_version(),
        "commit": commit or None,
        "uncommitted_files": len(status.stdout.splitlines()) if status.returncode == 0 else None,
    }


def _terminate(signum: int, frame: object) -> NoReturn:
    # SIGTERM (a CI timeout, `kill`) must unwind through the finally blocks like Ctrl-C does.
    raise SystemExit(128 + signum)


def _start_fake_zoom(env: dict[str, str]) -> FakeZoom:
    """The servers' Zoom: a fake on 127.0.0.1 that counts what it is asked (the surge must ask nothing)."""
    zoom = FakeZoom().start()
    env.update(
        ZOOM_BASE_URI=zoom.base_uri,
        ZOOM_OAUTH_URI=zoom.oauth_uri,
        ZOOM_ACCOUNT_ID=zoom.account_id,
        ZOOM_CLIENT_ID=zoom.client_id,
        ZOOM_CLIENT_SECRET=zoom.client_secret,
        ZOOM_WEBHOOK_SECRET_TOKEN=zoom.webhook_secret,
    )
    return zoom


def _measure_servers(
    specs: Sequence[servers.ServerSpec],
    config: Config,
    env: dict[str, str],
    zoom: FakeZoom,
    scenarios: Sequence[Scenario],
    headers: dict[str, dict[str, str]],
    notes: list[str],
    with_surge: bool,
) -> tuple[list[Sample], list[dict[str, Any]], dict[str, str]]:
    """Each server in turn, started, measured and stopped: (samples, surge rows, server commands)."""
    samples: list[Sample] = []
    surge_rows: list[dict[str, Any]] = []
    commands: dict[str, str] = {}
    for spec in specs:
        log(f"starting {spec.name}")
        server = servers.start(spec, env, OUTPUT_DIR / "logs")
        try:
            commands[spec.name] = " ".join([*(f"{k}={v}" for k, v in spec.env.items()), *server.command])
            samples += measure(config, server, scenarios, headers, notes)
            if with_surge:
                surge_rows += measure_surge(server, env, zoom)
        finally:
            log(f"stopping {spec.name}")
            servers.stop(server)
    return samples, surge_rows, commands


def _note_misses(rows: Sequence[Row], notes: list[str]) -> None:
    """A note (and a log line) for each row with errors or missing its target."""
    for row in rows:
        if row.errors:
            log_path = (OUTPUT_DIR / "logs" / f"{row.server}.log").relative_to(servers.BASE_DIR)
            notes.append(f"{row.server} {row.scenario}: {row.errors} errors, see {log_path}")
            log(notes[-1])
        if row.target and row.target != "ok":
            notes.append(
                f"{row.server} {row.scenario}: {row.target} ({row.vs_reference:.2f}x {row.reference} req/s, "
                f"p99 {row.p99_vs_reference:.1f}x {row.reference}'s)"
            )
            log(notes[-1])


def _tables(
    rows: Sequence[Row],
    surge_rows: list[dict[str, Any]],
    fanout_rows: list[dict[str, Any]],
    certificates: dict[str, Any] | None,
) -> str:
    """The printed report: the scenarios' table, then the surge, fan-out and certificates."""
    table = format_table(rows)
    if surge_rows:
        table += f"\n\n{SURGE}\n" + format_surge_table(surge_rows)
    if fanout_rows:
        table += f"\n\n{FANOUT}\n" + format_fanout_table(fanout_rows)
    if certificates:
        table += f"\n\n{CERTIFICATES}\n" + format_certificate_lines(certificates)
    return table


def main() -> int:
    signal.signal(signal.SIGTERM, _terminate)
    config = Config.from_env()
    scenario_names = wanted("BENCH_SCENARIOS", [*(s.name for s in SCENARIOS), SURGE, CERTIFICATES, FANOUT])
    with_fanout = scenario_names is None or FANOUT in scenario_names
    with_surge = scenario_names is None or SURGE in scenario_names
    with_certificates = scenario_names is None or CERTIFICATES in scenario_names
    server_names = wanted("BENCH_SERVERS", [s.name for s in servers.SERVERS])
    scenarios = [s for s in SCENARIOS if scenario_names is None or s.name in scenario_names]
    specs = [spec for spec in servers.SERVERS if (spec.default if server_names is None else spec.name in server_names)]
    env = servers.bench_env()
    zoom = _start_fake_zoom(env)
    notes: list[str] = []
    started = datetime.now(UTC)
    # Other work on this machine (a test run, a build) skews every number; record it.
    load_at_start = os.getloadavg()
    if load_at_start[0] >= 1:
        notes.append(f"machine busy at start (load {load_at_start[0]:.1f}): noisy numbers")
        log(notes[-1])
    data = prepare(env, notes)
    scenarios = [resolve(scenario, data) for scenario in scenarios]
    headers = {scenario.name: request_headers(scenario, env) for scenario in scenarios}
    samples, surge_rows, commands = _measure_servers(specs, config, env, zoom, scenarios, headers, notes, with_surge)
    rows = summarise(samples, scenarios)
    _note_misses(rows, notes)
    zoom.stop()
    fanout_rows: list[dict[str, Any]] = []
    if with_fanout:
        log(f"{FANOUT}: websocket clients in one class room, per channel layer")
        fanout_rows = measure_fanouts(env, notes)
    certificates = None
    if with_certificates:
        log("certificates: rendering against the ReportLab floor, then the bulk run with 2 Celery workers")
        certificates = measure_certificates(env)
        log(format_certificate_lines(certificates).replace("\n", "; "))
    for row in surge_rows:
        if row["target"] != "ok":
            notes.append(f"{SURGE} {row['server']} {row['shape']}: {row['target']}")
            log(notes[-1])
    table = _tables(rows, surge_rows, fanout_rows, certificates)
    print(table)
    report = {
        "started_at": started.isoformat(timespec="seconds"),
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "config": asdict(config),
        "machine": {
            **machine_facts(),
            "loadavg_at_start": load_at_start,
            "loadavg_at_end": os.getloadavg(),
            "servers": commands,
        },
        "seeded": data["seed_demo_seconds"] is not None,  # seed_demo ran in this run
        "dataset": data,
        "targets": {"rps_share_of_reference": TARGET_RPS_SHARE, "p99_factor_of_reference": TARGET_P99_FACTOR},
        "notes": notes,
        # Header names only: a Cookie value is a live session key.
        "headers": {name: sorted(value) for name, value in headers.items()},
        "table": table,
        "rows": [asdict(row) for row in rows],
        "surge": surge_rows,
        "certificates": certificates,
        "fanout": fanout_rows,
        "samples": [sample_record(sample) for sample in samples],
    }
    stamped = write_report(OUTPUT_DIR, report, started)
    log(f"wrote {OUTPUT_DIR / 'latest.json'} and {stamped.name}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        # The servers are already stopped by main()'s finally; no traceback for a Ctrl-C.
        log("interrupted")
        sys.exit(130)
