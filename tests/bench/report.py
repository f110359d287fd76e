"""Turn wrk samples into one row per (server, scenario): medians, ranges, ratio to floor."""

from __future__ import annotations

import json
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from tests.bench.load import WrkResult
from tests.bench.scenarios import Scenario


@dataclass(frozen=True)
class Sample:
    server: str
    scenario: str
    round: int
    result: WrkResult


@dataclass(frozen=True)
class Row:
    server: str
    scenario: str
    kind: str
    rps_median: float
    rps_min: float
    rps_max: float
    p50_ms: float
    p99_ms: float
    errors: int
    bytes_per_request: float
    vs_floor: float | None  # median req/s / baseline floor's median req/s, same server


def summarise(samples: Iterable[Sample], scenarios: Sequence[Scenario]) -> list[Row]:
    """One row per server and scenario, in the order servers and scenarios were measured."""
    by_key: dict[tuple[str, str], list[WrkResult]] = {}
    for sample in samples:
        by_key.setdefault((sample.server, sample.scenario), []).append(sample.result)
    servers = list(dict.fromkeys(server for server, _ in by_key))
    medians = {key: statistics.median(r.rps for r in results) for key, results in by_key.items()}
    rows = []
    for server in servers:
        for scenario in scenarios:
            results = by_key.get((server, scenario.name))
            if not results:
                continue
            rps = [r.rps for r in results]
            floor_rps = medians.get((server, scenario.baseline))
            requests = sum(r.requests for r in results)
            rows.append(
                Row(
                    server=server,
                    scenario=scenario.name,
                    kind="floor" if scenario.floor else "page",
                    rps_median=statistics.median(rps),
                    rps_min=min(rps),
                    rps_max=max(rps),
                    p50_ms=statistics.median(r.p50_ms for r in results),
                    p99_ms=statistics.median(r.p99_ms for r in results),
                    errors=sum(r.error_total for r in results),
                    bytes_per_request=sum(r.bytes for r in results) / requests if requests else 0.0,
                    vs_floor=statistics.median(rps) / floor_rps if floor_rps else None,
                )
            )
    return rows


COLUMNS = (
    "server",
    "scenario",
    "kind",
    "req/s",
    "min-max",
    "p50 ms",
    "p99 ms",
    "errors",
    "B/req",
    "x floor",
)


def format_table(rows: Sequence[Row]) -> str:
    """A fixed-width text table; text columns left-aligned, numbers right-aligned."""
    cells = [
        (
            row.server,
            row.scenario,
            row.kind,
            f"{row.rps_median:.0f}",
            f"{row.rps_min:.0f}-{row.rps_max:.0f}",
            f"{row.p50_ms:.1f}",
            f"{row.p99_ms:.1f}",
            str(row.errors),
            f"{row.bytes_per_request:.0f}",
            "-" if row.vs_floor is None else f"{row.vs_floor:.2f}",
        )
        for row in rows
    ]
    widths = [max(len(text) for text in column) for column in zip(COLUMNS, *cells, strict=False)]

    def line(values: Sequence[str]) -> str:
        return "  ".join(
            value.ljust(width) if index < 3 else value.rjust(width)
            for index, (value, width) in enumerate(zip(values, widths, strict=True))
        ).rstrip()

    return "\n".join([line(COLUMNS), line(["-" * width for width in widths]), *map(line, cells)])


def sample_record(sample: Sample) -> dict[str, Any]:
    """A sample as JSON-ready data, with the derived req/s and error total spelled out."""
    result = sample.result
    return {
        "server": sample.server,
        "scenario": sample.scenario,
        "round": sample.round,
        **asdict(result),
        "rps": result.rps,
        "error_total": result.error_total,
    }


def write_report(directory: Path, report: dict[str, Any], when: datetime) -> Path:
    """Write latest.json and a timestamped copy; return the latter."""
    directory.mkdir(parents=True, exist_ok=True)
    text = json.dumps(report, indent=2, ensure_ascii=False)
    stamped = directory / f"bench-{when:%Y%m%d-%H%M%S}.json"
    stamped.write_text(text, encoding="utf-8")
    (directory / "latest.json").write_text(text, encoding="utf-8")
    return stamped
