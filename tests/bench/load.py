"""Drive wrk and read its results from one machine-readable line printed by Lua."""

from __future__ import annotations

import re
import subprocess
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

MARKER = "BENCH_RESULT"

# wrk's own text summary rounds and switches units ("1.02ms", "2.31s"); this done() prints raw
# numbers instead. Latencies are microseconds and may be fractional, hence %.1f. wrk counts
# status >= 400 as status errors, so a 3xx stays a success.
REPORT_LUA = f"""
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "{MARKER} requests=%d duration_us=%d bytes=%d p50_us=%.1f p99_us=%.1f "
    .. "connect=%d read=%d write=%d status=%d timeout=%d\\n",
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(99),
    e.connect, e.read, e.write, e.status, e.timeout))
end
"""

ERROR_KINDS = ("connect", "read", "write", "status", "timeout")


@dataclass(frozen=True)
class WrkResult:
    requests: int
    duration_s: float
    bytes: int
    p50_ms: float
    p99_ms: float
    errors: Mapping[str, int]

    @property
    def rps(self) -> float:
        return self.requests / self.duration_s if self.duration_s else 0.0

    @property
    def error_total(self) -> int:
        return sum(self.errors.values())


def parse_wrk(output: str) -> WrkResult:
    """The WrkResult in wrk's stdout; ValueError if the reporting line is missing."""
    match = re.search(rf"^{MARKER} (.*)$", output, re.MULTILINE)
    if not match:
        raise ValueError(f"no {MARKER} line in wrk output:\n{output}")
    fields = dict(pair.split("=", 1) for pair in match.group(1).split())
    return WrkResult(
        requests=int(fields["requests"]),
        duration_s=int(fields["duration_us"]) / 1e6,
        bytes=int(fields["bytes"]),
        p50_ms=float(fields["p50_us"]) / 1000,
        p99_ms=float(fields["p99_us"]) / 1000,
        errors={kind: int(fields[kind]) for kind in ERROR_KINDS},
    )


def run_wrk(
    url: str,
    *,
    seconds: float,
    connections: int,
    threads: int,
    timeout_s: float,
    headers: Mapping[str, str],
    lua: str = "",
) -> WrkResult:
    """Load url for `seconds` and return what wrk measured."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", prefix="bench-") as script:
        script.write(lua + "\n" + REPORT_LUA)
        script.flush()
        argv = [
            "wrk",
            f"--threads={min(threads, connections)}",
            f"--connections={connections}",
            f"--duration={max(1, round(seconds))}s",
            f"--timeout={max(1, round(timeout_s))}s",
            f"--script={Path(script.name)}",
        ]
        for name, value in headers.items():
            argv += ["--header", f"{name}: {value}"]
        argv.append(url)
        # The timeout only guards against a hung wrk; wrk stops itself after `seconds`.
        done = subprocess.run(argv, capture_output=True, text=True, check=False, timeout=seconds + 60)
    if done.returncode != 0:
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stderr or done.stdout}")
    return parse_wrk(done.stdout)


def wrk_version() -> str:
    # `wrk -v` prints the version and usage, then exits 1.
    done = subprocess.run(["wrk", "-v"], capture_output=True, text=True, check=False)
    return (done.stdout or done.stderr).splitlines()[0].strip()
