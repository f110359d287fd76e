"""The benchmark's parsing and arithmetic on fixed input: no servers, no wrk, no database."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from tests.bench import run
from tests.bench.load import WrkResult, parse_wrk
from tests.bench.report import Sample, format_table, summarise, target_verdict
from tests.bench.scenarios import ROWS_FLOOR, Scenario, resolve
from tests.bench.scenarios import SCENARIOS as SHIPPED

WRK_OUTPUT = """\
Running 10s test @ http://127.0.0.1:8000/health/floor/
  2 threads and 64 connections
  1000 requests in 10.00s, 300.00KB read
Requests/sec:    100.00
BENCH_RESULT requests=1000 duration_us=10000000 bytes=307200 p50_us=1234.5 \
p99_us=20500.0 connect=0 read=1 write=0 status=2 timeout=3
"""

SCENARIOS = [
    Scenario("floor", "/health/floor/", floor=True),
    Scenario("home", "/"),
    Scenario("rows20", "/health/rows/", floor=True),
]


def result(rps: float, p50: float = 1.0, p99: float = 2.0, errors: int = 0) -> WrkResult:
    return WrkResult(
        requests=int(rps * 10),
        duration_s=10.0,
        bytes=int(rps * 10) * 100,
        p50_ms=p50,
        p99_ms=p99,
        errors={"connect": 0, "read": 0, "write": 0, "status": errors, "timeout": 0},
    )


def test_parse_wrk_reads_the_lua_line_in_milliseconds():
    parsed = parse_wrk(WRK_OUTPUT)
    assert parsed.requests == 1000
    assert parsed.rps == pytest.approx(100.0)
    assert parsed.p50_ms == pytest.approx(1.2345)
    assert parsed.p99_ms == pytest.approx(20.5)
    assert parsed.errors == {
        "connect": 0,
        "read": 1,
        "write": 0,
        "status": 2,
        "timeout": 3,
    }
    assert parsed.error_total == 6


def test_parse_wrk_without_the_lua_line_fails_loudly():
    with pytest.raises(ValueError, match="BENCH_RESULT"):
        parse_wrk("Requests/sec: 100.00\n")


def test_summary_takes_medians_ranges_and_ratio_to_the_same_servers_floor():
    samples = [
        Sample("asgi", "floor", 1, result(1000)),
        Sample("asgi", "home", 1, result(90, p50=10, p99=50, errors=1)),
        Sample("asgi", "floor", 2, result(1200)),
        Sample("asgi", "home", 2, result(110, p50=30, p99=70, errors=2)),
        Sample("asgi", "floor", 3, result(800)),
        Sample("asgi", "home", 3, result(100, p50=20, p99=60)),
        Sample("wsgi", "floor", 1, result(2000)),
        Sample("wsgi", "home", 1, result(100)),
    ]
    rows = summarise(samples, SCENARIOS)

    assert [(row.server, row.scenario) for row in rows] == [
        ("asgi", "floor"),
        ("asgi", "home"),
        ("wsgi", "floor"),
        ("wsgi", "home"),
    ]
    floor, home = rows[0], rows[1]
    assert (floor.kind, floor.rps_median, floor.vs_floor) == ("floor", 1000, 1.0)
    assert (home.rps_median, home.rps_min, home.rps_max) == (100, 90, 110)
    assert (home.p50_ms, home.p99_ms, home.errors) == (20, 60, 3)
    assert home.vs_floor == pytest.approx(0.1)
    assert rows[3].vs_floor == pytest.approx(0.05)


def test_table_has_a_row_per_summary_and_a_dash_for_a_missing_floor():
    samples = [Sample("asgi", "home", 1, result(100))]
    table = format_table(summarise(samples, SCENARIOS)).splitlines()
    assert table[0].split()[:3] == ["server", "scenario", "kind"]
    assert len(table) == 3
    assert table[2].split() == [
        "asgi",
        "home",
        "page",
        "100",
        "100-100",
        "1.0",
        "2.0",
        "0",
        "100",
        "-",
    ]


# --- reference floor and targets -----------------------------------------------------------------

PAGES = [
    Scenario("floor", "/health/floor/", floor=True),
    Scenario("rows20", "/health/floor/rows/", floor=True, optional=True),
    Scenario("catalogue", "/courses/", reference="rows20"),
    Scenario("dashboard", "/learn/", reference="rows20"),
]


def test_target_verdict_uses_the_issues_thresholds():
    assert target_verdict(0.6, 2.0) == "ok"
    assert target_verdict(0.59, 2.0) == "miss rps"
    assert target_verdict(0.6, 2.01) == "miss p99"
    assert target_verdict(0.1, 9.0) == "miss both"


def test_pages_are_compared_with_their_reference_floor_on_the_same_server():
    samples = [
        Sample("asgi", "floor", 1, result(1000, p99=10)),
        Sample("asgi", "rows20", 1, result(200, p99=40)),
        Sample("asgi", "catalogue", 1, result(150, p99=60)),
        Sample("asgi", "dashboard", 1, result(50, p99=400)),
        Sample("wsgi", "floor", 1, result(1000, p99=10)),
        Sample("wsgi", "catalogue", 1, result(150, p99=60)),
    ]
    rows = {(row.server, row.scenario): row for row in summarise(samples, PAGES)}
    catalogue, dashboard = rows[("asgi", "catalogue")], rows[("asgi", "dashboard")]
    assert (catalogue.reference, catalogue.target) == ("rows20", "ok")
    assert catalogue.vs_reference == pytest.approx(0.75)
    assert catalogue.p99_vs_reference == pytest.approx(1.5)
    assert catalogue.vs_floor == pytest.approx(0.15)
    assert (dashboard.vs_reference, dashboard.p99_vs_reference, dashboard.target) == (0.25, 10.0, "miss both")
    assert rows[("asgi", "rows20")].target is None  # a floor has no reference
    # No rows20 measured on wsgi (the view answered 404 there): no ratio, no verdict.
    wsgi = rows[("wsgi", "catalogue")]
    assert (wsgi.reference, wsgi.vs_reference, wsgi.target) == (None, None, None)


def test_table_adds_reference_columns_and_a_legend_only_when_a_reference_was_measured():
    samples = [
        Sample("asgi", "floor", 1, result(1000)),
        Sample("asgi", "rows20", 1, result(200, p99=40)),
        Sample("asgi", "dashboard", 1, result(50, p99=400)),
    ]
    table = format_table(summarise(samples, PAGES)).splitlines()
    assert table[0].split()[-6:] == ["x", "rows20", "p99", "x", "rows20", "target"]
    assert table[4].split()[-4:] == ["0.25", "10.0", "miss", "both"]
    assert table[-1].startswith("target: req/s >= 60% of rows20's and p99 <= 2x rows20's")
    assert len(table) == 6
    without = format_table(summarise([s for s in samples if s.scenario != "rows20"], PAGES)).splitlines()
    assert "rows20" not in without[0] and len(without) == 4


def test_an_optional_scenario_answering_404_is_skipped_with_a_note(monkeypatch):
    statuses = {"/health/floor/": 200, "/health/floor/rows/": 404, "/courses/": 200, "/learn/": 302}
    monkeypatch.setattr(run.servers, "get_status", lambda port, path, headers: statuses[path])
    server = SimpleNamespace(spec=SimpleNamespace(name="asgi"), port=1, log_tail=lambda: "log")
    headers = {s.name: {} for s in PAGES}
    notes: list[str] = []
    assert [s.name for s in run.check(server, PAGES[:3], headers, notes)] == ["floor", "catalogue"]
    assert notes == ["rows20: /health/floor/rows/ answers 404 on asgi: skipped, no ratios against it"]
    with pytest.raises(RuntimeError, match="/learn/: 302, expected 200"):
        run.check(server, PAGES, headers, notes)


def test_the_shipped_scenarios_name_existing_floors_and_unique_names():
    names = [s.name for s in SHIPPED]
    assert len(set(names)) == len(names)
    floors = {s.name for s in SHIPPED if s.floor}
    for scenario in SHIPPED:
        assert scenario.baseline in floors
        assert scenario.reference is None or scenario.reference in floors
        assert scenario.floor or scenario.reference == ROWS_FLOOR


def test_scenarios_take_their_paths_and_logins_from_the_dataset_summary():
    summary = {"verify_path": "/verify/abc/", "trainer_class": {"login": "+8801711000000", "path": "/teach/class/7/"}}
    resolved = {s.name: resolve(s, summary) for s in SHIPPED}
    assert resolved["verify"].path == "/verify/abc/" and resolved["verify"].user is None
    assert resolved["trainer-class"].path == "/teach/class/7/"
    assert resolved["trainer-class"].user == "+8801711000000"
    assert resolved["catalogue"] == next(s for s in SHIPPED if s.name == "catalogue")
    with pytest.raises(RuntimeError, match="verify"):
        resolve(next(s for s in SHIPPED if s.name == "verify"), {})
