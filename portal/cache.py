"""The shared cache (Redis) as an accelerator, never a single point of failure.

`ResilientRedisCache` is django-redis's cache with a circuit breaker in front of it. When Redis
cannot be reached (refused, reset, a socket timeout because it drops packets, out of memory or
read-only), the operation is answered from this process's memory instead and Redis is left
alone for `RETRY_SECONDS`; the next operation after that tries Redis again, and the first one
that succeeds closes the breaker and empties the local stand-in. So during an outage:

- pages, journeys and tracking keep working: a read is a miss or a value this process cached
  during the outage, a write is kept locally; every request still gets its answer, only slower;
- nothing waits longer than the socket timeouts (REDIS_CONNECT_TIMEOUT_MS, REDIS_SOCKET_TIMEOUT_MS)
  once per RETRY_SECONDS per process, never once per operation;
- values cached locally live at most `FALLBACK_MAX_TIMEOUT` seconds, because another process
  cannot invalidate them (a page published during the outage shows everywhere within that time),
  except the counters whose keys start with one of `FALLBACK_FULL_TIMEOUT_PREFIXES` (rate limits,
  sign-in lockouts, spent form tokens), which keep the timeout they asked for: a rate limit then
  counts per process, a real limit but looser by the number of processes;
- the outage is logged once when it starts, then at most once per `LOG_INTERVAL` seconds while
  it lasts, and once when Redis answers again; never per request.

Configured in `CACHES["default"]["OPTIONS"]` (portal/settings/base.py); the circuit state is
per process and shared by its threads.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import threading
import time
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django_redis.cache import RedisCache
from django_redis.exceptions import ConnectionInterrupted
from redis import exceptions as redis_errors

logger = logging.getLogger("portal.cache")

# What "Redis is unavailable" looks like from redis-py (a busy-loading server is a
# ConnectionError; a server out of memory or a read-only replica refuses writes).
OUTAGE_ERRORS = (
    ConnectionInterrupted,
    redis_errors.ConnectionError,
    redis_errors.TimeoutError,
    redis_errors.ReadOnlyError,
    redis_errors.OutOfMemoryError,
    socket.timeout,
    OSError,
)

DEFAULT_FULL_TIMEOUT_PREFIXES = ("ratelimit:", "login-failures:", "login-locked:", "form-token-")


class _Circuit:
    """One breaker per Redis location and process, shared by every thread's cache object."""

    def __init__(self, location: str) -> None:
        self.location = location
        self.lock = threading.Lock()
        self.down_since: float | None = None
        self.retry_at = 0.0
        self.last_logged = 0.0
        self.failures = 0

    def is_open(self, now: float) -> bool:
        return self.down_since is not None and now < self.retry_at

    def trip(self, exc: BaseException, *, retry_seconds: float, log_interval: float) -> None:
        now = time.monotonic()
        with self.lock:
            self.failures += 1
            self.retry_at = now + retry_seconds
            starting = self.down_since is None
            if starting:
                self.down_since = now
            if starting or now - self.last_logged >= log_interval:
                self.last_logged = now
                logger.warning(
                    "Redis cache unavailable (%s: %s) for %.0f s, %d failed attempts; "
                    "serving from process memory, retrying every %.0f s.",
                    type(exc).__name__,
                    exc,
                    now - self.down_since,
                    self.failures,
                    retry_seconds,
                )

    def close(self) -> bool:
        """Mark Redis reachable; True when it had been down (the caller empties the stand-in)."""
        if self.down_since is None:
            return False
        with self.lock:
            if self.down_since is None:
                return False
            logger.warning(
                "Redis cache reachable again after %.0f s; process memory stand-in emptied.",
                time.monotonic() - self.down_since,
            )
            self.down_since = None
            self.failures = 0
            return True


_circuits: dict[str, _Circuit] = {}
_circuits_lock = threading.Lock()


def circuit_for(location: str) -> _Circuit:
    with _circuits_lock:
        return _circuits.setdefault(location, _Circuit(location))


def cache_is_degraded(alias: str = "default") -> bool:
    """Whether this process is serving `alias` from memory because Redis is unreachable."""
    from django.core.cache import caches

    cache = caches[alias]
    return isinstance(cache, ResilientRedisCache) and cache.circuit.down_since is not None


class ResilientRedisCache(RedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        options = dict(params.get("OPTIONS", {}))
        self.retry_seconds = float(options.pop("RETRY_SECONDS", 5))
        self.log_interval = float(options.pop("LOG_INTERVAL", 60))
        self.fallback_max_timeout = float(options.pop("FALLBACK_MAX_TIMEOUT", 30))
        self.full_timeout_prefixes = tuple(
            options.pop("FALLBACK_FULL_TIMEOUT_PREFIXES", DEFAULT_FULL_TIMEOUT_PREFIXES)
        )
        super().__init__(server, {**params, "OPTIONS": options})
        # Outages are handled here, not by django-redis (which would log every one).
        self._ignore_exceptions = False
        self.circuit = circuit_for(str(server))
        self.fallback = LocMemCache(
            f"portal-cache-fallback:{server}",
            {
                "TIMEOUT": params.get("TIMEOUT", 300),
                "KEY_PREFIX": params.get("KEY_PREFIX", ""),
                "VERSION": params.get("VERSION", 1),
                "OPTIONS": {"MAX_ENTRIES": 5000},
            },
        )

    # -- the breaker -------------------------------------------------------------------

    def _fallback_timeout(self, key: Any, timeout: Any) -> Any:
        if isinstance(key, str) and key.startswith(self.full_timeout_prefixes):
            return timeout
        if timeout is DEFAULT_TIMEOUT:
            timeout = self.default_timeout
        if timeout is None or timeout > self.fallback_max_timeout:
            return self.fallback_max_timeout
        return timeout

    def _guard(self, name: str, args: tuple, kwargs: dict, local):
        if not self.circuit.is_open(time.monotonic()):
            try:
                result = getattr(super(), name)(*args, **kwargs)
            except OUTAGE_ERRORS as exc:
                self.circuit.trip(
                    exc, retry_seconds=self.retry_seconds, log_interval=self.log_interval
                )
            else:
                if self.circuit.close():
                    self.fallback.clear()
                return result
        return local()

    def _timeout_of(self, args: tuple, kwargs: dict, position: int) -> Any:
        if "timeout" in kwargs:
            return kwargs["timeout"]
        return args[position] if len(args) > position else DEFAULT_TIMEOUT

    # -- Django's cache API --------------------------------------------------------------

    def get(self, key, default=None, version=None, client=None):
        return self._guard(
            "get",
            (key, default, version, client),
            {},
            lambda: self.fallback.get(key, default, version=version),
        )

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None, **kwargs):
        return self._guard(
            "set",
            (key, value, timeout, version),
            kwargs,
            lambda: (
                self.fallback.set(key, value, self._fallback_timeout(key, timeout), version=version)
                or True
            ),
        )

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None, **kwargs):
        return self._guard(
            "add",
            (key, value, timeout, version),
            kwargs,
            lambda: self.fallback.add(
                key, value, self._fallback_timeout(key, timeout), version=version
            ),
        )

    def delete(self, key, version=None, **kwargs):
        return self._guard(
            "delete",
            (key, version),
            kwargs,
            lambda: self.fallback.delete(key, version=version),
        )

    def get_many(self, keys, version=None, **kwargs):
        return self._guard(
            "get_many",
            (keys, version),
            kwargs,
            lambda: self.fallback.get_many(keys, version=version),
        )

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None, **kwargs):
        def local():
            for key, value in data.items():
                self.fallback.set(key, value, self._fallback_timeout(key, timeout), version=version)
            return []

        return self._guard("set_many", (data, timeout, version), kwargs, local)

    def delete_many(self, keys, version=None, **kwargs):
        return self._guard(
            "delete_many",
            (keys, version),
            kwargs,
            lambda: self.fallback.delete_many(keys, version=version),
        )

    def incr(self, key, delta=1, version=None, **kwargs):
        return self._guard(
            "incr",
            (key, delta, version),
            kwargs,
            lambda: self.fallback.incr(key, delta, version=version),
        )

    def decr(self, key, delta=1, version=None, **kwargs):
        return self._guard(
            "decr",
            (key, delta, version),
            kwargs,
            lambda: self.fallback.decr(key, delta, version=version),
        )

    def has_key(self, key, version=None, **kwargs):
        return self._guard(
            "has_key",
            (key, version),
            kwargs,
            lambda: self.fallback.has_key(key, version=version),
        )

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None, **kwargs):
        return self._guard(
            "touch",
            (key, timeout, version),
            kwargs,
            lambda: self.fallback.touch(key, self._fallback_timeout(key, timeout), version=version),
        )

    def clear(self):
        def local():
            self.fallback.clear()
            return True

        return self._guard("clear", (), {}, local)

    def delete_pattern(self, *args, **kwargs):
        # The stand-in cannot match patterns: empty it, so nothing stale outlives the call.
        def local():
            self.fallback.clear()
            return 0

        return self._guard("delete_pattern", args, kwargs, local)

    def incr_version(self, *args, **kwargs):
        return self._guard("incr_version", args, kwargs, lambda: 1)

    def ttl(self, *args, **kwargs):
        return self._guard("ttl", args, kwargs, lambda: None)

    def expire(self, *args, **kwargs):
        return self._guard("expire", args, kwargs, lambda: False)

    def keys(self, *args, **kwargs):
        return self._guard("keys", args, kwargs, lambda: [])

    def close(self, **kwargs):
        with contextlib.suppress(*OUTAGE_ERRORS):
            super().close(**kwargs)
