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
from tests.bench.scenarios import TARGET_P99_FACTOR, TARGET_RPS_SHARE, Scenario


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
    # Against the scenario's reference floor (same server), when it has one and it was measured:
    reference: str | None = None
    vs_reference: float | None = None  # median req/s / the reference's median req/s
    p99_vs_reference: float | None = None  # median p99 / the reference's median p99
    target: str | None = None  # "ok", "miss rps", "miss p99" or "miss both"


def target_verdict(vs_reference: float, p99_vs_reference: float) -> str:
    """The issue's target: >= TARGET_RPS_SHARE of the reference's req/s and a p99 at most
    TARGET_P99_FACTOR times the reference's."""
    low_rps = vs_reference < TARGET_RPS_SHARE
    high_p99 = p99_vs_reference > TARGET_P99_FACTOR
    if low_rps and high_p99:
        return "miss both"
    if low_rps:
        return "miss rps"
    if high_p99:
        return "miss p99"
    return "ok"


def summarise(samples: Iterable[Sample], scenarios: Sequence[Scenario]) -> list[Row]:
    """One row per server and scenario, in the order servers and scenarios were measured."""
    by_key: dict[tuple[str, str], list[WrkResult]] = {}
    for sample in samples:
        by_key.setdefault((sample.server, sample.scenario), []).append(sample.result)
    servers = list(dict.fromkeys(server for server, _ in by_key))
    medians = {key: statistics.median(r.rps for r in results) for key, results in by_key.items()}
    p99s = {key: statistics.median(r.p99_ms for r in results) for key, results in by_key.items()}
    rows = []
    for server in servers:
        for scenario in scenarios:
            results = by_key.get((server, scenario.name))
            if not results:
                continue
            rps = [r.rps for r in results]
            floor_rps = medians.get((server, scenario.baseline))
            requests = sum(r.requests for r in results)
            rps_median = statistics.median(rps)
            p99_median = p99s[(server, scenario.name)]
            vs_reference = p99_vs_reference = target = None
            reference_rps = medians.get((server, scenario.reference)) if scenario.reference else None
            reference_p99 = p99s.get((server, scenario.reference)) if scenario.reference else None
            if reference_rps and reference_p99:
                vs_reference = rps_median / reference_rps
                p99_vs_reference = p99_median / reference_p99
                target = target_verdict(vs_reference, p99_vs_reference)
            rows.append(
                Row(
                    server=server,
                    scenario=scenario.name,
                    kind="floor" if scenario.floor else "page",
                    rps_median=rps_median,
                    rps_min=min(rps),
                    rps_max=max(rps),
                    p50_ms=statistics.median(r.p50_ms for r in results),
                    p99_ms=p99_median,
                    errors=sum(r.error_total for r in results),
                    bytes_per_request=sum(r.bytes for r in results) / requests if requests else 0.0,
                    vs_floor=rps_median / floor_rps if floor_rps else None,
                    reference=scenario.reference if target else None,
                    vs_reference=vs_reference,
                    p99_vs_reference=p99_vs_reference,
                    target=target,
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


def _ratio(value: float | None, digits: int = 2) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def format_table(rows: Sequence[Row]) -> str:
    """A fixed-width text table; text columns left-aligned, numbers right-aligned.

    When some row was compared with a reference floor, three columns follow (its req/s
    and p99 as multiples of the reference's, and the target verdict) and a legend line."""
    references = sorted({row.reference for row in rows if row.reference})
    name = references[0] if len(references) == 1 else "ref"
    columns = COLUMNS + ((f"x {name}", f"p99 x {name}", "target") if references else ())
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
            _ratio(row.vs_floor),
        )
        + ((_ratio(row.vs_reference), _ratio(row.p99_vs_reference, 1), row.target or "-") if references else ())
        for row in rows
    ]
    widths = [max(len(text) for text in column) for column in zip(columns, *cells, strict=False)]
    left = {0, 1, 2, len(columns) - 1} if references else {0, 1, 2}

    def line(values: Sequence[str]) -> str:
        return "  ".join(
            value.ljust(width) if index in left else value.rjust(width)
            for index, (value, width) in enumerate(zip(values, widths, strict=True))
        ).rstrip()

    lines = [line(columns), line(["-" * width for width in widths]), *map(line, cells)]
    if references:
        lines.append(
            f"target: req/s >= {TARGET_RPS_SHARE:.0%} of {name}'s and p99 <= {TARGET_P99_FACTOR:g}x {name}'s"
            " (same server)"
        )
    return "\n".join(lines)


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
