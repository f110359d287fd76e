"""The benchmark's parsing and arithmetic on fixed input: no servers, no wrk, no database."""

from __future__ import annotations

import pytest

from tests.bench.load import WrkResult, parse_wrk
from tests.bench.report import Sample, format_table, summarise
from tests.bench.scenarios import Scenario

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
