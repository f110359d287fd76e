"""A fixed-window counter in the cache (Redis in production): enough to stop a client hammering
a public page, with the wait to tell the person."""

from __future__ import annotations

import time

from django.core.cache import cache
from django.http import HttpRequest

from lms.lib.client import client_address


def allow(scope: str, key: str, *, limit: int, window: int) -> tuple[bool, int]:
    """Count one hit; (allowed?, seconds until the window resets)."""
    now = int(time.time())
    start = now - now % window
    name = f"rl:{scope}:{key}:{start}"
    if cache.add(name, 1, timeout=window + 1):
        count = 1
    else:
        try:
            count = cache.incr(name)
        except ValueError:  # expired between add and incr
            cache.add(name, 1, timeout=window + 1)
            count = 1
    return count <= limit, start + window - now


def exceeded(scope: str, key: str, *, limit: int, window: int) -> int:
    """Seconds to wait if `key` has already been counted `limit` times in this window (0: not).
    Reads without counting: for limits on failures only (count them with allow())."""
    now = int(time.time())
    start = now - now % window
    count = cache.get(f"rl:{scope}:{key}:{start}") or 0
    return start + window - now if count >= limit else 0


def client_key(request: HttpRequest) -> str:
    """The client's address, by the site's one rule (a header the client sent is not believed)."""
    return client_address(request)
