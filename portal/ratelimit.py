"""Rate limiting for public forms: a fixed window counted in the cache.

Each (scope, client) pair may act `limit` times per `window` seconds; the count lives in the
configured cache (Redis in production, so every worker shares it; process memory otherwise).
The client is identified by its IP address: REMOTE_ADDR, or the header named by
CLIENT_IP_HEADER when a trusted proxy (nginx in deploy/) overwrites it. The address is hashed
before it becomes a cache key, so no address is stored in clear.

Fail safe, not open: when the cache cannot count (it raises, or answers nothing, as a cache
that ignores connection errors does), the attempt is counted in this process's memory with the
same limit and window. A limit then holds per process (looser by the number of processes, never
unlimited) and nobody is refused because the cache is down. With the portal's own Redis backend
(portal/cache.py) the cache itself already falls back to process memory; this is the second line.
"""

import hashlib
import logging
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.utils.translation import gettext_lazy as _

RATE_LIMITED_MESSAGE = _(
    "You have sent too many submissions in a short time. Please try again later."
)


@dataclass(frozen=True)
class RateLimit:
    limit: int
    window: int  # seconds


def public_form_rate_limit():
    """The limit every public submission form shares (settings PUBLIC_FORM_RATE_*)."""
    return RateLimit(limit=settings.PUBLIC_FORM_RATE_LIMIT, window=settings.PUBLIC_FORM_RATE_WINDOW)


def client_ip(request):
    header = getattr(settings, "CLIENT_IP_HEADER", "")
    if header:
        forwarded = request.META.get(header, "")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR", "")


def _key(scope, client, window_index):
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{client}".encode()).hexdigest()[:32]
    return f"ratelimit:{scope}:{digest}:{window_index}"


logger = logging.getLogger("portal.ratelimit")
_local_lock = threading.Lock()
_local_counts: dict[str, int] = {}
_local_expiry: dict[str, float] = {}
_LOCAL_MAX_KEYS = 10_000
_last_logged = [0.0]


def _count_locally(key, expires, now):
    """The fallback counter: a fixed window in this process's memory (bounded in size)."""
    with _local_lock:
        for stale in [k for k, until in _local_expiry.items() if until <= now]:
            _local_expiry.pop(stale, None)
            _local_counts.pop(stale, None)
        if key not in _local_counts and len(_local_counts) >= _LOCAL_MAX_KEYS:
            _local_counts.clear()
            _local_expiry.clear()
        _local_expiry[key] = expires
        _local_counts[key] = _local_counts.get(key, 0) + 1
        return _local_counts[key]


def _count_in_cache(cache, key, window):
    if cache.add(key, 1, timeout=window + 1):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window + 1)
        return 1


def rate_limit_hit(*, scope, client, rate, now=None):
    """Count one attempt; True while the client is within the limit, False once it is over.

    Fixed window: attempts are counted per window of `rate.window` seconds. `cache.add`
    creates the counter atomically and `cache.incr` increments it atomically (both are
    atomic on Redis), so concurrent workers never lose a count.
    """
    now = time.time() if now is None else now
    window_index = int(now // rate.window)
    key = _key(scope, client, window_index)
    try:
        count = _count_in_cache(caches[settings.RATELIMIT_CACHE_ALIAS], key, rate.window)
    except Exception as exc:  # noqa: BLE001 - a broken cache must not break the form
        count = None
        error = exc
    else:
        error = None
    if not isinstance(count, int):
        if time.monotonic() - _last_logged[0] >= 60:
            _last_logged[0] = time.monotonic()
            logger.warning(
                "Rate limits counted in process memory: the cache could not count (%s).",
                type(error).__name__ if error else "no answer",
            )
        count = _count_locally(key, (window_index + 1) * rate.window, now)
    return count <= rate.limit


def request_within_rate_limit(request, *, scope, rate=None):
    """Count this request against the client's limit for `scope`."""
    return rate_limit_hit(
        scope=scope, client=client_ip(request), rate=rate or public_form_rate_limit()
    )
