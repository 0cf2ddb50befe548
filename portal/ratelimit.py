"""Rate limiting for public forms: a fixed window counted in the cache.

Each (scope, client) pair may act `limit` times per `window` seconds; the count lives in the
configured cache (Redis in production, so every worker shares it; process memory otherwise).
The client is identified by its IP address: REMOTE_ADDR, or the header named by
CLIENT_IP_HEADER when a trusted proxy (nginx in deploy/) overwrites it. The address is hashed
before it becomes a cache key, so no address is stored in clear.
"""

import hashlib
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


def rate_limit_hit(*, scope, client, rate, now=None):
    """Count one attempt; True while the client is within the limit, False once it is over.

    Fixed window: attempts are counted per window of `rate.window` seconds. `cache.add`
    creates the counter atomically and `cache.incr` increments it atomically (both are
    atomic on Redis), so concurrent workers never lose a count.
    """
    now = time.time() if now is None else now
    cache = caches[settings.RATELIMIT_CACHE_ALIAS]
    key = _key(scope, client, int(now // rate.window))
    if cache.add(key, 1, timeout=rate.window + 1):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=rate.window + 1)
            count = 1
    return count <= rate.limit


def request_within_rate_limit(request, *, scope, rate=None):
    """Count this request against the client's limit for `scope`."""
    return rate_limit_hit(
        scope=scope, client=client_ip(request), rate=rate or public_form_rate_limit()
    )
