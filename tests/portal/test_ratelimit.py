"""The per-client rate limit of public forms, against real caches (process memory and Redis)."""

import uuid

import pytest
from django.core.cache import cache
from django.test import RequestFactory, override_settings

from portal.ratelimit import RateLimit, client_ip, rate_limit_hit

REDIS = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/0",
        "KEY_PREFIX": f"test-ratelimit-{uuid.uuid4().hex}",
        "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
    }
}
LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


@pytest.fixture(params=["locmem", "redis"])
def real_cache(request):
    with override_settings(CACHES=REDIS if request.param == "redis" else LOCMEM):
        cache.clear()
        yield cache
        cache.clear()


def test_the_limit_allows_n_attempts_per_window_then_refuses(real_cache):
    rate = RateLimit(limit=3, window=60)
    now = 1_000_020.0  # inside one window
    results = [
        rate_limit_hit(scope="q", client="203.0.113.5", rate=rate, now=now) for _ in range(4)
    ]
    assert results == [True, True, True, False]
    # Another client and another scope have their own counts.
    assert rate_limit_hit(scope="q", client="203.0.113.6", rate=rate, now=now)
    assert rate_limit_hit(scope="other", client="203.0.113.5", rate=rate, now=now)
    # The next window starts afresh.
    assert rate_limit_hit(scope="q", client="203.0.113.5", rate=rate, now=now + 60)


def test_the_cache_key_does_not_hold_the_address(real_cache):
    rate_limit_hit(scope="q", client="198.51.100.77", rate=RateLimit(1, 60), now=5.0)
    if hasattr(real_cache, "keys"):  # Redis: look at what was stored
        assert real_cache.keys("*ratelimit*")
        assert not real_cache.keys("*198.51.100.77*")


def test_client_ip_comes_from_the_proxy_header_only_when_configured():
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_REAL_IP="203.0.113.9")
    with override_settings(CLIENT_IP_HEADER=""):
        assert client_ip(request) == "10.0.0.1"
    with override_settings(CLIENT_IP_HEADER="HTTP_X_REAL_IP"):
        assert client_ip(request) == "203.0.113.9"
