"""The Redis cache, resilient: when Redis is down the site keeps working without it.

Everything the platform keeps in the cache can be recomputed (pages cached for visitors,
Wagtail's site roots, rate-limit counters). A read that cannot reach Redis is a miss, a write
is skipped, each logged once a minute at most. Rate limits then let requests through: for a
few minutes of Redis being down that beats refusing everyone.
"""

from __future__ import annotations

import logging
import time

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

log = logging.getLogger(__name__)
DOWN = (RedisConnectionError, RedisTimeoutError, OSError)
_last_warning = 0.0


def _warn(error: Exception) -> None:
    global _last_warning
    if time.monotonic() - _last_warning > 60:
        _last_warning = time.monotonic()
        log.warning("Redis cache unreachable, working without it: %s", error)


class ResilientRedisCache(RedisCache):
    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except DOWN as error:
            _warn(error)
            return default

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except DOWN as error:
            _warn(error)
            return {}

    def set(self, key, value, timeout=None, version=None):
        try:
            return super().set(key, value, timeout, version)
        except DOWN as error:
            _warn(error)

    def add(self, key, value, timeout=None, version=None):
        try:
            return super().add(key, value, timeout, version)
        except DOWN as error:
            _warn(error)
            return True  # as if it were new: a counter starts again

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except DOWN as error:
            _warn(error)
            return delta

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except DOWN as error:
            _warn(error)
            return False

    def set_many(self, data, timeout=None, version=None):
        try:
            return super().set_many(data, timeout, version)
        except DOWN as error:
            _warn(error)
            return list(data)

    def delete_many(self, keys, version=None):
        try:
            return super().delete_many(keys, version)
        except DOWN as error:
            _warn(error)
