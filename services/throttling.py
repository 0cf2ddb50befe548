"""Rate limiting for public lookups, in the shared cache (Redis in production).

One function, so that the project's shared limiter (portal/ratelimit.py) can replace the
body at merge time. Keys are hashed: no address or code is stored in clear.
"""

import hashlib

from django.core.cache import cache


def client_address(request):
    return request.META.get("REMOTE_ADDR", "")


def allow(*, scope, key, limit, window):
    """Count one hit of `key` in `scope`; False once more than `limit` hits fall within
    `window` seconds (fixed window from the first hit)."""
    digest = hashlib.sha256(f"{scope}:{key}".encode()).hexdigest()[:32]
    cache_key = f"services-throttle:{digest}"
    if cache.add(cache_key, 1, timeout=window):
        return True
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.add(cache_key, 1, timeout=window)
        return True
    return count <= limit
