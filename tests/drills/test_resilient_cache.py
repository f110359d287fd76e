"""The cache with Redis unreachable: misses and skipped writes, never an error for the page."""

from __future__ import annotations

from lms.cache import ResilientRedisCache
from lms.lib import ratelimit
from tests.servers import free_port


def _dead_cache() -> ResilientRedisCache:
    return ResilientRedisCache(f"redis://127.0.0.1:{free_port()}/0", {"OPTIONS": {"socket_connect_timeout": 0.2}})


def test_reads_miss_and_writes_are_skipped(monkeypatch):
    cache = _dead_cache()
    assert cache.get("page", "fallback") == "fallback" and cache.get_many(["a", "b"]) == {}
    cache.set("page", "x")
    cache.delete("page")
    assert cache.add("counter", 1) is True and cache.incr("counter") == 1


def test_rate_limits_let_people_through_while_redis_is_down(monkeypatch):
    monkeypatch.setattr(ratelimit, "cache", _dead_cache())
    assert all(ratelimit.allow("verify", "1.2.3.4", limit=2, window=60)[0] for _ in range(5))
