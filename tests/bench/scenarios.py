"""What `make bench` loads: one entry per scenario, floors included.

A floor measures the cost of the server and middleware stack alone; every other scenario is
reported as a ratio of its baseline floor's req/s, so a slow page shows up as "0.2x floor"
whatever machine the benchmark runs on. Adding a scenario (or another floor) is one entry.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

# Phones on mobile data ask for gzip, and GZipMiddleware is in the stack: without this header
# the benchmark would skip the compression cost every real page view pays.
DEFAULT_HEADERS: Mapping[str, str] = {"Accept-Encoding": "gzip"}


@dataclass(frozen=True)
class Scenario:
    name: str
    path: str
    floor: bool = False
    # The floor whose median req/s this scenario's median is divided by (same server, same run).
    baseline: str = "floor"
    headers: Mapping[str, str] = field(default_factory=dict)
    # Login (phone) of a seeded user: requests then carry that user's session cookie.
    user: str | None = None
    # Extra wrk Lua (e.g. a request() that varies the path); the reporting done() is appended.
    lua: str = ""
    # Checked once before loading, so a broken page fails loudly instead of benchmarking a 404.
    expect_status: int = 200


SCENARIOS: list[Scenario] = [
    Scenario("floor", "/health/floor/", floor=True),
    Scenario("home", "/"),
]
